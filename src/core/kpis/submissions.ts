/**
 * What the evidence says about each exercise submission (a PR in the training repo), by
 * the rules of Gate 2: approvals only from those who may approve and not since dismissed,
 * and a pass only with a passing exercise check before the merge.
 */
import {
  approvalIdFor,
  checkPassedAt,
  countsAsApprover,
  type ExerciseCheck,
} from "../approvals.js";
import type { Config } from "../config.js";
import type { Evidence } from "../evidence.js";

export interface SubmissionFacts {
  key: string;
  merged: boolean;
  closed: boolean;
  /** An approval that counts (Gate 2's approvers), not since dismissed. */
  approved: boolean;
  changesRequested: boolean;
  /** The latest exercise check. */
  check: { at: number; done: number; total: number; practices: string[] } | null;
  url: string | null;
  mergedAt: number | null;
  /** The latest exercise check at or before the merge passed. */
  checkPassedBeforeMerge: boolean;
}

/** A submission that ended: merged, or closed without merge. */
export const ended = (s: SubmissionFacts) => s.merged || s.closed;

/** Merged with an approval that counts, its last check before the merge passed (Gate 2). */
export const passed = (s: SubmissionFacts) => s.merged && s.approved && s.checkPassedBeforeMerge;

/** Reviewed once it has an approval, a changes-requested review, a merge or a close. */
export const reviewed = (s: SubmissionFacts) =>
  s.approved || s.changesRequested || s.merged || s.closed;

/** Approved without any changes-requested review. */
export const firstPass = (s: SubmissionFacts) => s.approved && !s.changesRequested;

export function submissionsOf(
  config: Config,
  evidence: readonly Evidence[],
  login: string,
): SubmissionFacts[] {
  const byKey = new Map<string, SubmissionFacts>();
  const approvalIds = new Map<string, string[]>();
  const checks = new Map<string, ExerciseCheck[]>();
  const dismissed = new Set<string>();
  for (const item of evidence) {
    if (item.kind === "exercise-dismissal") dismissed.add(approvalIdFor(item.review));
    if (
      item.kind !== "exercise-approval" &&
      item.kind !== "exercise-merged" &&
      item.kind !== "exercise-closed" &&
      item.kind !== "exercise-changes-requested" &&
      item.kind !== "exercise-check"
    )
      continue;
    const key = `${item.repo.toLowerCase()}#${item.pr}`;
    const facts = byKey.get(key) ?? {
      key,
      merged: false,
      closed: false,
      approved: false,
      changesRequested: false,
      check: null,
      url: null,
      mergedAt: null,
      checkPassedBeforeMerge: false,
    };
    if (item.kind === "exercise-merged") {
      facts.merged = true;
      facts.mergedAt = Date.parse(item.at);
      facts.url = item.url ?? facts.url;
    }
    if (item.kind === "exercise-closed") facts.closed = true;
    if (item.kind === "exercise-approval" && countsAsApprover(config, item.by, login))
      approvalIds.set(key, [...(approvalIds.get(key) ?? []), item.id]);
    // Judged like an approval: never the author's own, a bot's or an outsider's.
    if (item.kind === "exercise-changes-requested" && countsAsApprover(config, item.by, login))
      facts.changesRequested = true;
    if (item.kind === "exercise-check") {
      const at = Date.parse(item.at);
      checks.set(key, [...(checks.get(key) ?? []), { at, passed: item.done === item.total }]);
      if (facts.check === null || at >= facts.check.at)
        facts.check = {
          at,
          done: Math.min(item.done, item.total),
          total: item.total,
          practices: item.bestPractices ?? [],
        };
      facts.url = facts.url ?? item.url ?? null;
    }
    byKey.set(key, facts);
  }
  for (const facts of byKey.values()) {
    facts.approved = (approvalIds.get(facts.key) ?? []).some((id) => !dismissed.has(id));
    facts.checkPassedBeforeMerge =
      facts.mergedAt !== null && checkPassedAt(checks.get(facts.key) ?? [], facts.mergedAt);
  }
  return [...byKey.values()];
}
