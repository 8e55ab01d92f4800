import { describe, expect, it } from "vitest";
import { detect } from "../../src/core/detect.js";

/** Mulberry32: a small deterministic PRNG, so every run fuzzes the same inputs. */
function prng(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const FRAGMENTS = [
  "context7",
  "Context7",
  "context7.com",
  "https://",
  "www.",
  "mcp.",
  "/",
  "@",
  "v1.2.3",
  "/vercel/next.js",
  "/a/b/c/d",
  "query-docs",
  "get-library-docs",
  "resolve-library-id",
  "mcp__",
  "context7__",
  ":",
  "?topic=",
  "&",
  "%",
  "%E0%A4%A",
  "libraryId",
  "context7CompatibleLibraryID",
  ": ",
  '"',
  "'",
  "`",
  "(",
  ")",
  "{",
  "}",
  "use context7",
  "ctx7 docs ",
  "ctx7 library ",
  "llms.txt",
  "\n",
  "\n\n",
  " ",
  "\t",
  "\u0000",
  "\u202e",
  "مرحبا",
  "🦄",
  "\ud800",
  "-",
  "_",
  ".",
  ".json",
  "topic: ",
  "query: ",
];

describe("detect under fuzzing", () => {
  it("never throws and keeps its invariants on 3,000 random texts", () => {
    const random = prng(20261123);
    for (let round = 0; round < 3000; round++) {
      let text = "";
      const parts = Math.floor(random() * 60);
      for (let i = 0; i < parts; i++) {
        const fragment = FRAGMENTS[Math.floor(random() * FRAGMENTS.length)] as string;
        text += random() < 0.05 ? fragment.repeat(Math.floor(random() * 200)) : fragment;
      }
      const references = detect(text);
      let previous = -1;
      for (const reference of references) {
        expect(reference.index).toBeGreaterThanOrEqual(previous);
        expect(reference.index).toBeLessThan(text.length);
        previous = reference.index;
        expect(text.slice(reference.index)).toContain(reference.text);
        expect(reference.text.length).toBeLessThanOrEqual(200);
        if (reference.libraryId !== null)
          expect(reference.libraryId).toMatch(/^\/[A-Za-z0-9][\w.-]*\/[\w.-]+$/);
      }
    }
  });

  it("handles long runs of near-references", () => {
    for (const text of [
      "/a".repeat(50_000),
      "mcp__".repeat(20_000),
      "query-docs(".repeat(10_000),
      "context7 /a/b ".repeat(10_000),
    ]) {
      expect(() => detect(text)).not.toThrow();
    }
  });
});
