/**
 * Who may approve an exercise submission, and how an approval and its dismissal find each
 * other. The App applies the rule when it records a review; the gate engine applies it
 * again to every recorded approval, so a record written under an older rule (or an account
 * that has since left the roster and the managers) never passes a gate.
 */
import { type Config, rosterEntryFor } from "./config.js";

/** A login GitHub gives to Apps and other bots: `dependabot[bot]`, `context7-training[bot]`. */
function isBotLogin(login: string): boolean {
  return login.toLowerCase().endsWith("[bot]");
}

/** A bot account: GitHub's `type: "Bot"`, or a login ending in `[bot]`. */
export function isBotAccount(user: { login: string; type?: string } | null | undefined): boolean {
  return user !== null && user !== undefined && (user.type === "Bot" || isBotLogin(user.login));
}

/**
 * Whether an approval by `approver` counts for a submission by `author`: a roster member or
 * a manager, never the author, never a bot.
 */
export function countsAsApprover(config: Config, approver: string, author: string): boolean {
  const wanted = approver.toLowerCase();
  if (isBotLogin(approver) || wanted === author.toLowerCase()) return false;
  // Not record-edits' isManager: that module imports the gate engine, which imports this one.
  const manager = config.managers.some((login) => login.toLowerCase() === wanted);
  return manager || rosterEntryFor(config, approver) !== undefined;
}

/** The evidence id of the approval a review gave: a dismissal of that review revokes it. */
export function approvalIdFor(reviewId: number): string {
  return `approval-${reviewId}`;
}

/** One exercise check of a submission: when, whether every item was done, and of what. */
export interface ExerciseCheck {
  at: number;
  passed: boolean;
  /** The exercise the check was made for (only the author's or a manager's action checks). */
  exercise?: string;
}

/**
 * The latest exercise check at or before `at`; of two at the same instant, a failing one.
 * Null when there is none.
 */
export function latestCheckAt(checks: readonly ExerciseCheck[], at: number): ExerciseCheck | null {
  let latest: ExerciseCheck | null = null;
  for (const check of checks) {
    if (check.at > at) continue;
    if (latest === null || check.at > latest.at || (check.at === latest.at && !check.passed))
      latest = check;
  }
  return latest;
}

/**
 * Whether the latest exercise check at or before `mergedAt` passed. A check after the merge
 * does not count, nor does a submission with no check.
 */
export function checkPassedAt(checks: readonly ExerciseCheck[], mergedAt: number): boolean {
  return latestCheckAt(checks, mergedAt)?.passed === true;
}
