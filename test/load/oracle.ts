/**
 * The load test's oracle: the facts the scenario says its deliveries must leave
 * (scenario.ts), compared with the records by content: each expected fact is there once,
 * with its kind and the fields the scenario stated, and nothing else is there.
 */
import type { ExpectedFact, ScenarioDelivery } from "./scenario.js";

export interface FactProblem {
  login: string;
  id: string;
  problem: "missing" | "unexpected" | "duplicate" | "different";
  /** For `different`: what the record holds against what was expected. */
  detail?: string;
}

/** A recorded fact as the oracle reads it: any record's evidence item. */
export interface RecordedFact {
  id: string;
  kind: string;
  [field: string]: unknown;
}

/**
 * The expected facts of all deliveries and of the records the run started with, one per
 * developer and id. Two deliveries may state the same fact (a review and its inline
 * comments: one review reference); they must agree.
 */
export function expectedFacts(
  deliveries: readonly ScenarioDelivery[],
  seeded: readonly ExpectedFact[] = [],
): ExpectedFact[] {
  const seededKeys = new Set(seeded.map((fact) => `${fact.login.toLowerCase()} ${fact.id}`));
  const byKey = new Map<string, ExpectedFact>();
  for (const fact of deliveries.flatMap((delivery) => delivery.facts))
    if (seededKeys.has(`${fact.login.toLowerCase()} ${fact.id}`))
      throw new Error(
        `the scenario states ${fact.id} for ${fact.login}, a fact the seeded record holds already: its loss could not be seen; give the delivery another id`,
      );
  for (const facts of [seeded, ...deliveries.map((delivery) => delivery.facts)]) {
    for (const fact of facts) {
      const key = `${fact.login.toLowerCase()} ${fact.id}`;
      const earlier = byKey.get(key);
      if (earlier !== undefined && JSON.stringify(earlier) !== JSON.stringify(fact))
        throw new Error(
          `the scenario states ${fact.id} for ${fact.login} twice, differently: ${JSON.stringify(earlier)} and ${JSON.stringify(fact)}; make the deliveries agree`,
        );
      byKey.set(key, fact);
    }
  }
  return [...byKey.values()];
}

/** Missing, duplicated, unexpected and different facts, by developer (login lower-cased). */
export function compareFacts(
  expected: readonly ExpectedFact[],
  recorded: ReadonlyMap<string, readonly RecordedFact[]>,
): FactProblem[] {
  const problems: FactProblem[] = [];
  const want = new Map<string, Map<string, ExpectedFact>>();
  for (const fact of expected) {
    const login = fact.login.toLowerCase();
    const facts = want.get(login) ?? new Map<string, ExpectedFact>();
    facts.set(fact.id, fact);
    want.set(login, facts);
  }
  for (const login of new Set([...want.keys(), ...recorded.keys()])) {
    const wanted = want.get(login) ?? new Map<string, ExpectedFact>();
    const seen = new Set<string>();
    for (const item of recorded.get(login) ?? []) {
      if (seen.has(item.id)) {
        problems.push({ login, id: item.id, problem: "duplicate" });
        continue;
      }
      seen.add(item.id);
      const fact = wanted.get(item.id);
      if (fact === undefined) {
        problems.push({ login, id: item.id, problem: "unexpected" });
        continue;
      }
      const differences = Object.entries({ kind: fact.kind, ...fact.fields })
        .filter(([field, value]) => JSON.stringify(item[field]) !== JSON.stringify(value))
        .map(
          ([field, value]) =>
            `${field} ${JSON.stringify(item[field])}, expected ${JSON.stringify(value)}`,
        );
      if (differences.length > 0)
        problems.push({ login, id: item.id, problem: "different", detail: differences.join("; ") });
    }
    for (const id of wanted.keys())
      if (!seen.has(id)) problems.push({ login, id, problem: "missing" });
  }
  return problems;
}

/** Follow-ups (replies, check runs, closings) expected once each, against those done. */
export interface FollowUpCheck {
  expected: number;
  done: number;
  missing: string[];
  twice: string[];
  unexpected: string[];
}

export function compareFollowUps(
  expected: Iterable<string>,
  done: readonly string[],
): FollowUpCheck {
  const wanted = new Set(expected);
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const key of done) {
    if (seen.has(key)) twice.add(key);
    seen.add(key);
  }
  return {
    expected: wanted.size,
    done: done.length,
    missing: [...wanted].filter((key) => !seen.has(key)),
    twice: [...twice],
    unexpected: [...seen].filter((key) => !wanted.has(key)),
  };
}
