/** What the evidence says about each exercise submission (a PR in the training repo). */
import type { Evidence } from "../evidence.js";

export interface SubmissionFacts {
  key: string;
  merged: boolean;
  closed: boolean;
  /** Reviews by someone other than its author. */
  approved: boolean;
  changesRequested: boolean;
  /** The latest exercise check. */
  check: { at: number; done: number; total: number; practices: string[] } | null;
  url: string | null;
  mergedAt: number | null;
}

/** A submission that ended: merged, or closed without merge. */
export const ended = (s: SubmissionFacts) => s.merged || s.closed;

/** Merged with an approval by someone else. */
export const passed = (s: SubmissionFacts) => s.merged && s.approved;

/** Reviewed once it has an approval, a changes-requested review, a merge or a close. */
export const reviewed = (s: SubmissionFacts) =>
  s.approved || s.changesRequested || s.merged || s.closed;

/** Approved without any changes-requested review. */
export const firstPass = (s: SubmissionFacts) => s.approved && !s.changesRequested;

export function submissionsOf(evidence: readonly Evidence[], login: string): SubmissionFacts[] {
  const byKey = new Map<string, SubmissionFacts>();
  for (const item of evidence) {
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
    };
    const own = "by" in item && item.by.toLowerCase() === login.toLowerCase();
    if (item.kind === "exercise-merged") {
      facts.merged = true;
      facts.mergedAt = Date.parse(item.at);
      facts.url = item.url ?? facts.url;
    }
    if (item.kind === "exercise-closed") facts.closed = true;
    if (item.kind === "exercise-approval" && !own) facts.approved = true;
    if (item.kind === "exercise-changes-requested" && !own) facts.changesRequested = true;
    if (item.kind === "exercise-check") {
      const at = Date.parse(item.at);
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
  return [...byKey.values()];
}
