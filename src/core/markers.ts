/**
 * Hidden markers: the state the scheduled run keeps in the bodies of its issues, as an HTML
 * comment `<!-- context7-training:<kind> {json} -->`, so a rerun finds its issues by label
 * and marker and never opens a duplicate.
 */

export function writeMarker(kind: string, data: object): string {
  // `<` and `>` are escaped, so no text in the data can end the HTML comment early.
  const json = JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e");
  return `<!-- context7-training:${kind} ${json} -->`;
}

/** The data of the first `kind` marker in a body; null when there is none or it is broken. */
export function readMarker(
  kind: string,
  body: string | null | undefined,
): Record<string, unknown> | null {
  const text = body ?? "";
  const start = text.indexOf(`<!-- context7-training:${kind} `);
  if (start === -1) return null;
  const from = start + `<!-- context7-training:${kind} `.length;
  const end = text.indexOf("-->", from);
  if (end === -1) return null;
  try {
    const value: unknown = JSON.parse(text.slice(from, end));
    return value !== null && typeof value === "object" && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}
