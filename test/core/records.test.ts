import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import {
  addEvidence,
  emptyRecord,
  mergeEvidence,
  mergeRecords,
  parseRecord,
  recordPath,
  serializeRecord,
} from "../../src/core/records.js";
import { knowledge, leave, record, reviewRef, usage } from "../support/builders.js";

const items: Evidence[] = [
  usage("2026-11-24"),
  reviewRef("2026-11-23", 4),
  knowledge("2026-11-25", 90),
  leave("2026-11-26", "2026-11-27"),
];

describe("records", () => {
  it("serialises deterministically: evidence by time then id, keys in a stable order", () => {
    const forwards = serializeRecord(record("alice", items));
    const backwards = serializeRecord(record("alice", [...items].reverse()));
    expect(backwards).toBe(forwards);
    const lines = forwards.split("\n");
    expect(lines[0]).toMatch(/^# Context7 training evidence/);
    const firstItem = lines.findIndex((line) => line.startsWith("  - id:"));
    expect(lines.slice(firstItem, firstItem + 3).map((line) => line.trim().split(":")[0])).toEqual([
      "- id",
      "kind",
      "at",
    ]);
    expect(forwards.indexOf("kind: leave")).toBeLessThan(
      forwards.indexOf("kind: review-reference"),
    );
    expect(forwards.indexOf("kind: review-reference")).toBeLessThan(
      forwards.indexOf("kind: usage"),
    );
  });

  it("round-trips through its own parser", () => {
    const text = serializeRecord(record("alice", items));
    const parsed = parseRecord(text, "records/alice.yml");
    expect(parsed.ok && serializeRecord(parsed.value)).toBe(text);
  });

  it("merges as an idempotent, order-free union by evidence id", () => {
    const [a, b, c, d] = items as [Evidence, Evidence, Evidence, Evidence];
    const x = record("alice", [a, b]);
    const y = record("alice", [b, c]);
    const z = record("alice", [d]);
    const serial = (r: ReturnType<typeof record>) => serializeRecord(r);
    expect(serial(mergeRecords(x, x))).toBe(serial(x));
    expect(serial(mergeRecords(x, y))).toBe(serial(mergeRecords(y, x)));
    expect(serial(mergeRecords(mergeRecords(x, y), z))).toBe(
      serial(mergeRecords(x, mergeRecords(y, z))),
    );
    expect(mergeRecords(x, y).evidence).toHaveLength(3);
  });

  it("keeps one of two differing items with the same id, whichever side it came from", () => {
    const first: Evidence = { ...usage("2026-11-24"), id: "same" };
    const second: Evidence = { ...first, url: "https://github.com/acme/game/pull/1" };
    expect(mergeEvidence([first], [second])).toEqual(mergeEvidence([second], [first]));
  });

  it("reports which items were new when evidence is added", () => {
    const [a, b] = items as [Evidence, Evidence];
    const { record: updated, added } = addEvidence(record("alice", [a]), [a, b]);
    expect(added).toEqual([b]);
    expect(updated.evidence).toHaveLength(2);
    expect(addEvidence(updated, [a, b]).added).toEqual([]);
  });

  it("puts each developer's record under records/, lower-cased", () => {
    expect(recordPath("Alice")).toBe("records/alice.yml");
    expect(emptyRecord("alice")).toEqual({ version: 1, login: "alice", evidence: [] });
  });

  it("rejects an unknown evidence kind with its path and line", () => {
    const text =
      "login: alice\nevidence:\n  - id: x1\n    kind: rumour\n    at: 2026-11-24T10:00:00Z\n";
    const parsed = parseRecord(text, "records/alice.yml");
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.problems[0]).toMatchObject({ path: "evidence[0].kind", line: 4 });
  });

  it("rejects a score out of range, a bad timestamp and a leave that ends before it starts", () => {
    const text = `login: alice
evidence:
  - { id: k1, kind: knowledge-score, at: 2026-11-24T10:00:00Z, score: 120, by: dev-manager }
  - { id: u1, kind: usage, at: yesterday, source: review }
  - { id: l1, kind: leave, at: 2026-11-24T10:00:00Z, from: 2026-11-27, to: 2026-11-26, by: dev-manager }
`;
    const parsed = parseRecord(text, "records/alice.yml");
    expect(parsed.ok ? [] : parsed.problems.map((problem) => problem.path)).toEqual([
      "evidence[0].score",
      "evidence[1].at",
      "evidence[2].to",
    ]);
  });

  it("rejects a file whose name does not match its login, and a duplicated evidence id", () => {
    const text = serializeRecord(record("alice", [items[0] as Evidence, items[0] as Evidence]));
    const parsed = parseRecord(text.replace(/- id: usage-\d+/g, "- id: dup"), "records/bob.yml");
    expect(parsed.ok ? [] : parsed.problems.map((problem) => problem.message)).toEqual([
      'is "alice", but the file is not named alice.yml; rename the file or fix the login',
      '"dup" appears twice; each fact is recorded once, remove the copy',
    ]);
  });
});
