/**
 * Hidden markers: the state the App and the scheduled run keep in the bodies of their
 * issues and comments, as an HTML comment `<!-- context7-training:<kind> {json} -->`, so a
 * rerun or a redelivery finds what it wrote by label and marker and never writes it twice.
 *
 * A marker is trusted only where this programme writes it: as the very end of a body (its
 * last line) of an issue or comment authored by its own account (`isOwnAuthor`). Anyone can
 * type a marker into an issue, a comment, a commit message, a title or a file name; none of
 * those is read as one, and text quoted into one of our own bodies sits above its marker,
 * where nothing is read.
 */

const PREFIX = "<!-- context7-training:";
const SUFFIX = " -->";

export function writeMarker(kind: string, data: object): string {
  // `<` and `>` are escaped, so no text in the data can end the HTML comment early.
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `${PREFIX}${kind} ${json}${SUFFIX}`;
}

/** A marker without data, such as the configuration-problem issue's. */
export function plainMarker(kind: string): string {
  return `${PREFIX}${kind}${SUFFIX}`;
}

/** The marker a body ends with (trailing whitespace aside), or null. */
function endingMarker(body: string | null | undefined): string | null {
  const text = (body ?? "").trimEnd();
  if (!text.endsWith(SUFFIX.trim())) return null;
  const start = text.lastIndexOf(PREFIX);
  return start === -1 ? null : text.slice(start);
}

/** True when the body ends with the data-less marker of `kind`. */
export function hasPlainMarker(kind: string, body: string | null | undefined): boolean {
  return endingMarker(body) === plainMarker(kind);
}

/**
 * The data of the `kind` marker that ends a body; null when the body does not end with one
 * (a marker anywhere else is not ours), or it is broken.
 */
export function readMarker(
  kind: string,
  body: string | null | undefined,
): Record<string, unknown> | null {
  const marker = endingMarker(body);
  const head = `${PREFIX}${kind} `;
  if (marker === null || !marker.startsWith(head)) return null;
  try {
    const value: unknown = JSON.parse(marker.slice(head.length, marker.length - SUFFIX.length));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/** An issue's or comment's author, as GitHub lists it. */
export interface Author {
  login?: string | null;
  type?: string | null;
}

/**
 * True when `user` is one of `ownLogins`: the accounts this programme writes with (the
 * App's `<slug>[bot]`, `github-actions[bot]` for the scheduled run). Bot logins cannot be
 * taken by a person: GitHub reserves the `[bot]` suffix.
 */
export function isOwnAuthor(
  user: Author | null | undefined,
  ownLogins: readonly string[],
): boolean {
  const login = user?.login?.toLowerCase();
  return login !== undefined && ownLogins.some((own) => own.toLowerCase() === login);
}
