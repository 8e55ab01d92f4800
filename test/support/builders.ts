/** Small builders for configs and evidence, so each test states only what it is about. */

import { serializeRegistry } from "../../src/core/certificates.js";
import {
  type Config,
  type ConfigInput,
  configSchema,
  resolveConfig,
} from "../../src/core/config.js";
import type { DeveloperRecord, Evidence, EvidenceOf } from "../../src/core/evidence.js";

export function makeConfig(overrides: Partial<ConfigInput> = {}): Config {
  return resolveConfig(
    configSchema.parse({
      trainingRepo: "acme/context7-training",
      roster: [{ login: "alice", role: "backend", start: "2026-11-23" }],
      managers: ["dev-manager"],
      ...overrides,
    }),
  );
}

let sequence = 0;
const nextId = (prefix: string) => `${prefix}-${++sequence}`;

export const at = (date: string, time = "10:00:00") => `${date}T${time}Z`;

export function usage(date: string, time?: string): EvidenceOf<"usage"> {
  return { id: nextId("usage"), kind: "usage", at: at(date, time), source: "review" };
}

export function usageOn(...dates: string[]): EvidenceOf<"usage">[] {
  return dates.map((date) => usage(date));
}

export function knowledge(date: string, score: number): EvidenceOf<"knowledge-score"> {
  return {
    id: nextId("knowledge"),
    kind: "knowledge-score",
    at: at(date),
    score,
    by: "dev-manager",
  };
}

export function finalScore(date: string, score: number): EvidenceOf<"final-score"> {
  return { id: nextId("final"), kind: "final-score", at: at(date), score, by: "dev-manager" };
}

export function reviewRef(date: string, pr = 1): EvidenceOf<"review-reference"> {
  return { id: nextId("review"), kind: "review-reference", at: at(date), repo: "acme/game", pr };
}

export function discovery(date: string): EvidenceOf<"discovery"> {
  return { id: nextId("discovery"), kind: "discovery", at: at(date) };
}

export function realWorld(date: string, pr = 100): EvidenceOf<"real-world"> {
  return { id: nextId("realworld"), kind: "real-world", at: at(date), repo: "acme/game", pr };
}

export function leave(from: string, to = from): EvidenceOf<"leave"> {
  return { id: nextId("leave"), kind: "leave", at: at("2026-11-20"), from, to, by: "dev-manager" };
}

export function certification(
  date: string,
  id = "CONTEXT7-2026-0001",
): EvidenceOf<"certification"> {
  return {
    id: nextId("cert"),
    kind: "certification",
    at: at(date),
    certificationId: id,
    by: "dev-manager",
  };
}

export function confirmation(date: string, allTicked = true): EvidenceOf<"confirmation"> {
  return {
    id: nextId("confirmation"),
    kind: "confirmation",
    at: at(date),
    commitments: { dailyUsage: true, knowledgeSharing: true, codeReview: allTicked },
  };
}

interface SubmissionOptions {
  exercise: string;
  pr: number;
  approvedOn?: string;
  approvedBy?: string;
  mergedOn?: string;
  closedOn?: string;
  /** An exercise check that day at 09:00 (before an approval or a merge that day). */
  checkedOn?: string;
  checkPassed?: boolean;
}

/** The evidence of one exercise submission PR. */
export function submission(options: SubmissionOptions): Evidence[] {
  const { exercise, pr } = options;
  const common = { exercise, repo: "acme/context7-training", pr };
  const items: Evidence[] = [];
  if (options.approvedOn !== undefined) {
    items.push({
      ...common,
      id: nextId("approval"),
      kind: "exercise-approval",
      at: at(options.approvedOn),
      by: options.approvedBy ?? "dev-manager",
    });
  }
  if (options.checkedOn !== undefined) {
    const done = options.checkPassed === false ? 3 : 4;
    items.push(exerciseCheck({ exercise, pr, date: options.checkedOn, done }));
  }
  if (options.mergedOn !== undefined) {
    items.push({
      ...common,
      id: nextId("merged"),
      kind: "exercise-merged",
      at: at(options.mergedOn, "11:00:00"),
    });
  }
  if (options.closedOn !== undefined) {
    items.push({
      ...common,
      id: nextId("closed"),
      kind: "exercise-closed",
      at: at(options.closedOn, "11:00:00"),
    });
  }
  return items;
}

/** A submission approved and merged on one day (with no exercise check). */
export function passed(exercise: string, date: string, pr: number): Evidence[] {
  return submission({ exercise, pr, approvedOn: date, mergedOn: date });
}

/** A passed submission: its exercise check passed, then approved and merged, on one day. */
export function passedWithCheck(exercise: string, date: string, pr: number): Evidence[] {
  return submission({ exercise, pr, checkedOn: date, approvedOn: date, mergedOn: date });
}

/** The App's exercise check of a submission: `done` of 4 items (all 4: passed). */
export function exerciseCheck(options: {
  exercise: string;
  pr: number;
  date: string;
  time?: string;
  done: number;
}): EvidenceOf<"exercise-check"> {
  return {
    id: nextId("check"),
    kind: "exercise-check",
    at: at(options.date, options.time ?? "09:00:00"),
    exercise: options.exercise,
    repo: "acme/context7-training",
    pr: options.pr,
    done: options.done,
    total: 4,
  };
}

export function record(login: string, evidence: Evidence[]): DeveloperRecord {
  return { version: 1, login, evidence };
}

export function certificationReview(date: string): EvidenceOf<"certification-review"> {
  return {
    id: nextId("review-held"),
    kind: "certification-review",
    at: at(date),
    by: "dev-manager",
  };
}

export function selfReport(
  date: string,
  item: EvidenceOf<"self-report">["item"],
  done = true,
): EvidenceOf<"self-report"> {
  return { id: nextId("self-report"), kind: "self-report", at: at(date), item, done, issue: 7 };
}

/** Gates 1 to 3 passed, a final score of 90 and a confirmation in issue `issue`. */
export function readyForCertification(exercises: string[], issue: number): Evidence[] {
  return [
    knowledge("2026-11-24", 92),
    ...exercises.flatMap((exercise, index) =>
      submission({
        exercise,
        pr: 10 + index,
        checkedOn: "2026-11-25",
        approvedOn: "2026-11-25",
        approvedBy: "dev-manager",
        mergedOn: "2026-11-25",
      }),
    ),
    realWorld("2026-11-26"),
    ...usageOn("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"),
    ...usageOn("2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"),
    reviewRef("2026-11-24"),
    reviewRef("2026-11-25", 2),
    reviewRef("2026-11-26", 3),
    discovery("2026-11-27"),
    finalScore("2026-12-03", 90),
    { ...confirmation("2026-12-03"), issue },
  ];
}

/** The text of records/certifications.json holding certificate `id`, issued to `login`. */
export function registryOf(login: string, id = "CONTEXT7-2026-0001"): string {
  return serializeRegistry({
    version: 1,
    certificates: [{ id, login, issuedAt: at("2026-11-23"), command: `command-${id}` }],
  });
}
