/**
 * The proof on each fact of `records/<login>.yml`: an HMAC-SHA256, with a key the App and
 * the scheduled run share (`CONTEXT7_RECORDS_KEY`), of the developer's login and the fact's
 * canonical content. Editing any field, or moving the fact to another developer's file,
 * invalidates it; only a holder of the key can write a fact that counts.
 *
 * The key is a key ring: one or more `<key id>:<secret>` entries, separated by commas or
 * line breaks. The first signs new facts; every one verifies, so a key is rotated by putting
 * a new one first and keeping the old ones after it. A proof is `<key id>:<MAC, base64url>`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

export const RECORDS_KEY_VARIABLE = "CONTEXT7_RECORDS_KEY";
/** A secret shorter than this is refused: an HMAC key should carry at least 128 bits. */
const MIN_SECRET_LENGTH = 32;
const KEY_ID = /^[A-Za-z0-9_.-]{1,32}$/;
const PROOF = /^([A-Za-z0-9_.-]{1,32}):([A-Za-z0-9_-]{43})$/;
/** Bound to this format: a MAC of another purpose made with the same key never verifies. */
const DOMAIN = "context7-training/record-fact/v1";

interface RecordsKey {
  id: string;
  secret: string;
}

/** The keys, the signing one first. */
export interface RecordsKeyring {
  keys: readonly RecordsKey[];
}

type KeyringParse = { ok: true; keyring: RecordsKeyring | null } | { ok: false; message: string };

/**
 * Reads a key ring. Empty text is no key (`keyring: null`). A message names the entry at
 * fault by its position and key id, never by its secret.
 */
export function parseRecordsKeyring(text: string | undefined, source: string): KeyringParse {
  const entries = (text ?? "")
    .split(/[,\n\r]+/)
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length === 0) return { ok: true, keyring: null };
  const keys: RecordsKey[] = [];
  for (const [index, entry] of entries.entries()) {
    const where = `${source}, entry ${index + 1} of ${entries.length}`;
    const colon = entry.indexOf(":");
    if (colon < 0)
      return {
        ok: false,
        message: `${where} has no key id: write each key as <key id>:<secret>, for example k2026:<${MIN_SECRET_LENGTH}+ random characters>`,
      };
    const id = entry.slice(0, colon);
    const secret = entry.slice(colon + 1);
    if (!KEY_ID.test(id))
      return {
        ok: false,
        message: `${where}: the key id must be 1 to 32 letters, digits, ".", "_" or "-" (before the first ":")`,
      };
    if (secret.length < MIN_SECRET_LENGTH)
      return {
        ok: false,
        message: `${where} (key id "${id}"): the secret is shorter than ${MIN_SECRET_LENGTH} characters; generate one with \`openssl rand -base64 32\``,
      };
    if (keys.some((key) => key.id === id))
      return {
        ok: false,
        message: `${where}: the key id "${id}" is used twice; give each key its own id`,
      };
    keys.push({ id, secret });
  }
  return { ok: true, keyring: { keys } };
}

/** JSON with every object's keys sorted and `undefined` left out: one text per content. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map(
        (key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`,
      );
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What the MAC covers: the owner's login (any case) and the fact without its proof. */
function signedText(login: string, fact: object): string {
  const { proof: _proof, ...content } = fact as { proof?: unknown };
  return `${DOMAIN}\n${login.toLowerCase()}\n${canonicalJson(content)}`;
}

function mac(secret: string, text: string): Buffer {
  return createHmac("sha256", secret).update(text, "utf8").digest();
}

/** The fact with a proof made with the key ring's first key. */
export function signFact<T extends object>(keyring: RecordsKeyring, login: string, fact: T): T {
  const key = keyring.keys[0] as RecordsKey;
  const proof = `${key.id}:${mac(key.secret, signedText(login, fact)).toString("base64url")}`;
  return { ...fact, proof };
}

/** Why a fact's proof does not hold for `login`, or null when it does. */
export function proofProblem(keyring: RecordsKeyring, login: string, fact: object): string | null {
  const proof = (fact as { proof?: unknown }).proof;
  if (proof === undefined) return "no proof: the App did not write it";
  const match = typeof proof === "string" ? PROOF.exec(proof) : null;
  if (match === null) return "malformed proof: the App did not write it";
  const key = keyring.keys.find((candidate) => candidate.id === match[1]);
  if (key === undefined)
    return `signed with key "${match[1]}", which is not in the key ring: add that key back after the current one, or remove the fact`;
  const expected = mac(key.secret, signedText(login, fact));
  const given = Buffer.from(match[2] as string, "base64url");
  return given.length === expected.length && timingSafeEqual(given, expected)
    ? null
    : "proof does not match: the fact was edited, or copied from another developer's file";
}
