/**
 * Gate 2, practical: the role's required exercises passed (merged with a standing approval
 * and a passing check) and enough real-world applications (RULES §5.2). An exercise closed
 * unmerged too often uses up its retest.
 */
import { checkPassedAt, latestCheckAt } from "../approvals.js";
import { dateOf, type LocalClock } from "../calendar.js";
import type { Config } from "../config.js";
import { countTowardsRequirement, requiredCount } from "../curriculum.js";
import type { ExerciseProgress } from "../status.js";
import type { Facts, Submission } from "./facts.js";

export function practicalGate(
  config: Config,
  clock: LocalClock,
  role: Config["roster"][number]["role"],
  facts: Facts,
) {
  const clauses = config.requirements[role];
  const known = new Set(config.exercises.map((exercise) => exercise.id));
  const byExercise = new Map<string, ExerciseProgress & { passDay: number | null }>();
  for (const [key, submission] of facts.submissions) {
    const checks = facts.checks.get(key) ?? [];
    // A merged submission is the exercise its last check before the merge was made for:
    // only the author's or a manager's action checks, while anyone with write access may
    // edit the `Exercise:` line the merge reads.
    const checked =
      submission.mergedAt === null
        ? undefined
        : latestCheckAt(checks, submission.mergedAt)?.exercise;
    const exercise = checked ?? submission.mergedExercise ?? submission.exercise;
    if (!known.has(exercise)) continue;
    const progress = byExercise.get(exercise) ?? {
      exercise,
      passedOn: null,
      failedAttempts: 0,
      passDay: null,
    };
    const firstApprovalAt = firstStandingApproval(submission, facts.dismissedApprovals);
    if (
      submission.mergedAt !== null &&
      firstApprovalAt !== null &&
      checkPassedAt(checks, submission.mergedAt)
    ) {
      const passAt = Math.max(submission.mergedAt, firstApprovalAt);
      const passDay = clock.day(passAt);
      if (progress.passDay === null || passDay < progress.passDay) progress.passDay = passDay;
    } else if (submission.closedAt !== null && submission.mergedAt === null) {
      progress.failedAttempts++;
    }
    byExercise.set(exercise, progress);
  }
  const progresses = [...byExercise.values()].sort((a, b) => a.exercise.localeCompare(b.exercise));
  const passedInOrder = progresses
    .filter((progress) => progress.passDay !== null)
    .sort((a, b) => (a.passDay as number) - (b.passDay as number));

  const required = requiredCount(clauses);
  let requirementDay: number | null = null;
  const passedSoFar: string[] = [];
  for (const progress of passedInOrder) {
    passedSoFar.push(progress.exercise);
    if (countTowardsRequirement(clauses, passedSoFar) >= required) {
      requirementDay = progress.passDay;
      break;
    }
  }
  const completed = countTowardsRequirement(
    clauses,
    passedInOrder.map((progress) => progress.exercise),
  );
  const realWorldNeeded = config.thresholds.realWorldApplications;
  const realWorldDay = facts.realWorldDays[realWorldNeeded - 1] ?? null;
  const passDay =
    requirementDay !== null && realWorldDay !== null
      ? Math.max(requirementDay, realWorldDay)
      : null;

  const retestExhausted = progresses
    .filter(
      (p) => p.passDay === null && p.failedAttempts >= config.thresholds.failedAttemptsPerExercise,
    )
    .map((p) => p.exercise);
  const missing: string[] = [];
  if (requirementDay === null)
    missing.push(`required exercises: ${completed} of ${required} passed`);
  if (realWorldDay === null) {
    missing.push(`real-world applications: ${facts.realWorldDays.length} of ${realWorldNeeded}`);
  }
  for (const exercise of retestExhausted)
    missing.push(`${exercise}: retest used up (failed twice)`);

  return {
    passDay,
    completed,
    required,
    retestExhausted,
    missing,
    exercises: progresses.map(({ exercise, passDay: day, failedAttempts }) => ({
      exercise,
      passedOn: day === null ? null : dateOf(day),
      failedAttempts,
    })),
  };
}

/** When the first approval not since dismissed was given, or null. */
function firstStandingApproval(submission: Submission, dismissed: ReadonlySet<string>) {
  const standing = submission.approvals.filter((approval) => !dismissed.has(approval.id));
  return standing.length === 0 ? null : Math.min(...standing.map((approval) => approval.at));
}
