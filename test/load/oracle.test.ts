/** The load test's oracle catches each way a fact can go wrong (it must not pass by accident). */
import { describe, expect, it } from "vitest";
import { compareFacts, compareFollowUps, expectedFacts, type RecordedFact } from "./oracle.js";
import { type ExpectedFact, makeDeliveries, type ScenarioDelivery } from "./scenario.js";

const usage: ExpectedFact = {
  login: "alice",
  kind: "usage",
  id: "comment-1",
  fields: { at: "2026-11-24T09:00:00Z", source: "comment", repo: "acme/api" },
};
const recordedUsage: RecordedFact = {
  id: "comment-1",
  kind: "usage",
  at: "2026-11-24T09:00:00Z",
  source: "comment",
  repo: "acme/api",
  url: "https://github.com/acme/api/issues/1#issuecomment-1",
};
const records = (...facts: RecordedFact[]) => new Map([["alice", facts]]);

describe("the load test's oracle", () => {
  it("accepts the expected fact once, whatever fields it was not asked about", () => {
    expect(compareFacts([usage], records(recordedUsage))).toEqual([]);
  });

  it("reports a fact missing, recorded twice, not expected, or recorded with other content", () => {
    expect(compareFacts([usage], records())).toEqual([
      { login: "alice", id: "comment-1", problem: "missing" },
    ]);
    expect(compareFacts([usage], records(recordedUsage, recordedUsage))).toEqual([
      { login: "alice", id: "comment-1", problem: "duplicate" },
    ]);
    expect(compareFacts([], records(recordedUsage))).toEqual([
      { login: "alice", id: "comment-1", problem: "unexpected" },
    ]);
    expect(
      compareFacts([usage], records({ ...recordedUsage, at: "2026-11-25T09:00:00Z" })),
    ).toEqual([
      {
        login: "alice",
        id: "comment-1",
        problem: "different",
        detail: 'at "2026-11-25T09:00:00Z", expected "2026-11-24T09:00:00Z"',
      },
    ]);
    expect(compareFacts([usage], records({ ...recordedUsage, kind: "discovery" }))).toEqual([
      expect.objectContaining({
        problem: "different",
        detail: 'kind "discovery", expected "usage"',
      }),
    ]);
    // The same id for another developer is not this developer's fact.
    expect(compareFacts([usage], new Map([["bob", [recordedUsage]]]))).toEqual([
      { login: "alice", id: "comment-1", problem: "missing" },
      { login: "bob", id: "comment-1", problem: "unexpected" },
    ]);
  });

  it("merges a fact two deliveries state alike, and refuses a scenario whose deliveries disagree", () => {
    const delivery = (fact: ExpectedFact) =>
      ({
        event: { name: "x", id: "1", payload: {} },
        facts: [fact],
        checkRuns: [],
        replies: [],
        closes: [],
      }) satisfies ScenarioDelivery;
    expect(expectedFacts([delivery(usage), delivery(usage)])).toEqual([usage]);
    expect(() =>
      expectedFacts([
        delivery(usage),
        delivery({ ...usage, fields: { ...usage.fields, at: "x" } }),
      ]),
    ).toThrow(/states comment-1 for alice twice, differently/);
  });

  it("keeps the seeded record's facts, and refuses a delivery that restates one", () => {
    const delivery = {
      event: { name: "x", id: "1", payload: {} },
      facts: [usage],
      checkRuns: [],
      replies: [],
      closes: [],
    } satisfies ScenarioDelivery;
    const seeded = { ...usage, id: "seeded-1" };
    expect(expectedFacts([delivery], [seeded])).toEqual([seeded, usage]);
    expect(() => expectedFacts([delivery], [usage])).toThrow(
      /states comment-1 for alice, a fact the seeded record holds already/,
    );
  });

  it("builds the same scenario from the same seed, every delivery with its own delivery id", () => {
    const first = makeDeliveries(60, 2026);
    const again = makeDeliveries(60, 2026);
    // The same facts, but for the ids of commands: each build takes fresh delivery ids.
    const content = (deliveries: ScenarioDelivery[]) =>
      deliveries.map((delivery) =>
        delivery.facts.map((fact) => (fact.id.startsWith("command-") ? { ...fact, id: "" } : fact)),
      );
    expect(content(again)).toEqual(content(first));
    expect(new Set(first.map((delivery) => delivery.event.id)).size).toBe(60);
    expect(expectedFacts(first).length).toBeGreaterThan(30);
  });
});

describe("the follow-ups check", () => {
  it("reports a follow-up missing, done twice, or not expected", () => {
    expect(compareFollowUps(["a", "b", "c"], ["a", "b", "b", "d"])).toEqual({
      expected: 3,
      done: 4,
      missing: ["c"],
      twice: ["b"],
      unexpected: ["d"],
    });
    expect(compareFollowUps(["a"], ["a"])).toMatchObject({
      missing: [],
      twice: [],
      unexpected: [],
    });
  });
});
