/** The proof on each fact: the key ring, signing, and what invalidates a proof. */
import { describe, expect, it } from "vitest";
import {
  canonicalJson,
  parseRecordsKeyring,
  proofProblem,
  type RecordsKeyring,
  signFact,
} from "../../src/core/proof.js";
import { knowledge } from "../support/builders.js";

const SECRET_A = "a".repeat(32);
const SECRET_B = "B-secret-of-thirty-two-characters";

function ring(text: string): RecordsKeyring {
  const parsed = parseRecordsKeyring(text, "CONTEXT7_RECORDS_KEY");
  if (!parsed.ok || parsed.keyring === null) throw new Error("test key ring does not parse");
  return parsed.keyring;
}

describe("parseRecordsKeyring", () => {
  it("reads no key from empty text, and one or more <id>:<secret> entries, the first signing", () => {
    expect(parseRecordsKeyring("", "X")).toEqual({ ok: true, keyring: null });
    expect(parseRecordsKeyring(undefined, "X")).toEqual({ ok: true, keyring: null });
    expect(parseRecordsKeyring(" \n ", "X")).toEqual({ ok: true, keyring: null });
    expect(ring(`k2:${SECRET_B}\nk1:${SECRET_A}`).keys.map((key) => key.id)).toEqual(["k2", "k1"]);
    expect(ring(`k2:${SECRET_B}, k1:${SECRET_A}`).keys.map((key) => key.id)).toEqual(["k2", "k1"]);
    // A secret may hold a colon: the id ends at the first one.
    expect(ring(`k1:${SECRET_A}:x`).keys[0]?.secret).toBe(`${SECRET_A}:x`);
  });

  it("names the entry at fault and the fix, never its secret", () => {
    const cases: [string, RegExp][] = [
      [SECRET_A, /entry 1 of 1 has no key id: write each key as <key id>:<secret>/],
      [`k1:${SECRET_A}\nbad id:${SECRET_B}`, /entry 2 of 2: the key id must be/],
      ["k1:short-secret", /entry 1 of 1 \(key id "k1"\): the secret is shorter than 32/],
      [`k1:${SECRET_A}\nk1:${SECRET_B}`, /"k1" is used twice/],
    ];
    for (const [text, message] of cases) {
      const parsed = parseRecordsKeyring(text, "CONTEXT7_RECORDS_KEY");
      expect(parsed.ok).toBe(false);
      const shown = parsed.ok ? "" : parsed.message;
      expect(shown).toMatch(message);
      expect(shown).toContain("CONTEXT7_RECORDS_KEY");
      for (const secret of [SECRET_A, SECRET_B, "short-secret"])
        expect(shown).not.toContain(secret);
    }
  });
});

describe("proofs", () => {
  const keyring = ring(`k1:${SECRET_A}`);
  const fact = knowledge("2026-11-24", 92);

  it("holds for the fact as signed, whatever its key order", () => {
    const signed = signFact(keyring, "alice", fact);
    expect(signed.proof).toMatch(/^k1:[A-Za-z0-9_-]{43}$/);
    expect(proofProblem(keyring, "alice", signed)).toBeNull();
    expect(proofProblem(keyring, "Alice", signed)).toBeNull();
    const reordered = Object.fromEntries(Object.entries(signed).reverse());
    expect(proofProblem(keyring, "alice", reordered)).toBeNull();
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: undefined } })).toBe(
      '{"a":{"d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });

  it("fails for a missing or malformed proof, an edited field, another developer, another key", () => {
    const signed = signFact(keyring, "alice", fact);
    expect(proofProblem(keyring, "alice", fact)).toMatch(/^no proof/);
    expect(proofProblem(keyring, "alice", { ...signed, proof: "k1:nope" })).toMatch(/^malformed/);
    expect(proofProblem(keyring, "alice", { ...signed, score: 93 })).toMatch(/does not match/);
    expect(proofProblem(keyring, "alice", { ...signed, at: "2026-11-23T10:00:00Z" })).toMatch(
      /does not match/,
    );
    expect(proofProblem(keyring, "bob", signed)).toMatch(/copied from another developer's file/);
    expect(proofProblem(ring(`k1:${SECRET_B}`), "alice", signed)).toMatch(/does not match/);
    expect(proofProblem(ring(`k9:${SECRET_B}`), "alice", signed)).toMatch(
      /key "k1", which is not in the key ring/,
    );
  });

  it("rotates: the new key signs, a fact signed with the previous key still holds", () => {
    const before = signFact(ring(`k1:${SECRET_A}`), "alice", fact);
    const rotated = ring(`k2:${SECRET_B}\nk1:${SECRET_A}`);
    const after = signFact(rotated, "alice", fact);
    expect(after.proof?.startsWith("k2:")).toBe(true);
    expect(proofProblem(rotated, "alice", before)).toBeNull();
    expect(proofProblem(rotated, "alice", after)).toBeNull();
    // Dropping the old key (after a leak) rejects what it signed.
    expect(proofProblem(ring(`k2:${SECRET_B}`), "alice", before)).toMatch(/not in the key ring/);
  });
});
