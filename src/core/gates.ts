/**
 * The gate engine: `evaluate(config, records, now)` computes every developer's four gates
 * and status, and the team metrics (RULES §3, §5, §6, §7). Pure: time enters as `now`.
 */
import { approvalIdFor, checkPassedAt, countsAsApprover, type ExerciseCheck } from "./approvals.js";
import { addMonths, dateOf, dayNumber, LocalClock, weekdayOf } from "./calendar.js";
import type { Config } from "./config.js";
import { countTowardsRequirement, requiredCount } from "./curriculum.js";
import {
  type DeveloperRecord,
  type Evidence,
  type EvidenceOf,
  SELF_REPORTED_ITEMS,
  type SelfReportedItem,
} from "./evidence.js";
import {
  COLOURS,
  type Colour,
  type DeveloperStatus,
  type ExerciseProgress,
  GATE_TITLES,
  GATES,
  type GateName,
  type GateStatus,
  type ProgramStatus,
  type TeamStatus,
} from "./status.js";

/** Leave ranges longer than this are cut: nobody's programme leave spans more than a year. */
const MAX_LEAVE_DAYS = 366;

/** The calendar of the program: which local days are workdays, before any leave. */
export class ProgramCalendar {
  readonly clock: LocalClock;
  private readonly weekdays: Set<string>;
  private readonly holidays: Set<number>;

  constructor(config: Pick<Config, "timezone" | "workdays" | "holidays">) {
    this.clock = new LocalClock(config.timezone);
    this.weekdays = new Set(config.workdays);
    this.holidays = new Set(config.holidays.map(dayNumber));
  }

  isProgramWorkday(day: number): boolean {
    return this.weekdays.has(weekdayOf(day)) && !this.holidays.has(day);
  }

  /** The last `count` program workdays before `today` (complete ones), oldest first. */
  lastCompleteWorkdays(today: number, count: number): number[] {
    const days: number[] = [];
    for (let day = today - 1; days.length < count && day > today - 7 * count - 400; day--) {
      if (this.isProgramWorkday(day)) days.unshift(day);
    }
    return days;
  }
}

export function evaluate(
  config: Config,
  records: readonly DeveloperRecord[],
  now: Date | string | number,
): ProgramStatus {
  const nowMs =
    now instanceof Date ? now.getTime() : typeof now === "number" ? now : Date.parse(now);
  if (Number.isNaN(nowMs)) throw new RangeError(`"${String(now)}" is not a valid time`);
  const calendar = new ProgramCalendar(config);
  const today = calendar.clock.day(nowMs);
  const recordByLogin = new Map(records.map((record) => [record.login.toLowerCase(), record]));

  const evaluations = config.roster.map((entry) => {
    const evidence = recordByLogin.get(entry.login.toLowerCase())?.evidence ?? [];
    const facts = collectFacts(
      config,
      evidence.filter((item) => Date.parse(item.at) <= nowMs),
      calendar,
      entry.login,
    );
    return evaluateDeveloper(config, calendar, entry, facts, today);
  });

  return {
    now: new Date(nowMs).toISOString(),
    today: dateOf(today),
    timezone: config.timezone,
    team: teamMetrics(config, calendar, evaluations, today),
    developers: evaluations.map((evaluation) => evaluation.status),
  };
}

type RosterEntry = Config["roster"][number];

/** A developer's evidence, sorted by kind and turned into local days. */
interface Facts {
  usageDays: Set<number>;
  usageEvents: number;
  knowledgeScores: { day: number; score: number }[];
  finalScores: number[];
  submissions: Map<string, Submission>;
  /** The exercise checks of each submission (keyed like `submissions`). */
  checks: Map<string, ExerciseCheck[]>;
  /** The ids of the approvals whose review was dismissed. */
  dismissedApprovals: Set<string>;
  realWorldDays: number[];
  reviewDays: number[];
  sharingDays: number[];
  leave: EvidenceOf<"leave">[];
  latestConfirmation: EvidenceOf<"confirmation"> | null;
  certification: { day: number; id: string } | null;
  certificationReviewDays: number[];
  selfReports: Map<SelfReportedItem, EvidenceOf<"self-report">>;
}

interface Submission {
  exercise: string;
  exerciseAt: number;
  mergedAt: number | null;
  closedAt: number | null;
  /** Approvals by someone who may approve (dismissals are applied when gates are computed). */
  approvals: { id: string; at: number }[];
  mergedExercise: string | null;
}

const submissionKey = (item: { repo: string; pr: number }) =>
  `${item.repo.toLowerCase()}#${item.pr}`;

function collectFacts(
  config: Config,
  evidence: readonly Evidence[],
  calendar: ProgramCalendar,
  login: string,
): Facts {
  const day = (item: Evidence) => calendar.clock.day(item.at);
  const facts: Facts = {
    usageDays: new Set(),
    usageEvents: 0,
    knowledgeScores: [],
    finalScores: [],
    submissions: new Map(),
    checks: new Map(),
    dismissedApprovals: new Set(),
    realWorldDays: [],
    reviewDays: [],
    sharingDays: [],
    leave: [],
    latestConfirmation: null,
    certification: null,
    certificationReviewDays: [],
    selfReports: new Map(),
  };
  for (const item of evidence) {
    switch (item.kind) {
      case "usage":
        facts.usageDays.add(day(item));
        facts.usageEvents++;
        break;
      case "review-reference":
        facts.reviewDays.push(day(item));
        break;
      case "exercise-approval":
        if (countsAsApprover(config, item.by, login)) recordSubmission(facts, item);
        break;
      case "exercise-dismissal":
        facts.dismissedApprovals.add(approvalIdFor(item.review));
        break;
      case "exercise-check": {
        const checks = facts.checks.get(submissionKey(item)) ?? [];
        checks.push({ at: Date.parse(item.at), passed: item.done === item.total });
        facts.checks.set(submissionKey(item), checks);
        break;
      }
      case "exercise-merged":
      case "exercise-closed":
        recordSubmission(facts, item);
        break;
      case "real-world":
        facts.realWorldDays.push(day(item));
        break;
      case "discovery":
      case "shared":
        facts.sharingDays.push(day(item));
        break;
      case "knowledge-score":
        facts.knowledgeScores.push({ day: day(item), score: item.score });
        break;
      case "final-score":
        facts.finalScores.push(item.score);
        break;
      case "leave":
        facts.leave.push(item);
        break;
      case "confirmation":
        if (facts.latestConfirmation === null || isLater(item, facts.latestConfirmation)) {
          facts.latestConfirmation = item;
        }
        break;
      case "certification":
        if (facts.certification === null || day(item) < facts.certification.day) {
          facts.certification = { day: day(item), id: item.certificationId };
        }
        break;
      case "certification-review":
        facts.certificationReviewDays.push(day(item));
        break;
      case "self-report": {
        const latest = facts.selfReports.get(item.item);
        if (latest === undefined || isLater(item, latest)) facts.selfReports.set(item.item, item);
        break;
      }
    }
  }
  for (const days of [facts.reviewDays, facts.realWorldDays, facts.sharingDays]) {
    days.sort((a, b) => a - b);
  }
  facts.knowledgeScores.sort((a, b) => a.day - b.day);
  return facts;
}

function isLater(a: Evidence, b: Evidence): boolean {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  return byTime > 0 || (byTime === 0 && a.id > b.id);
}

type SubmissionEvidence = EvidenceOf<"exercise-approval" | "exercise-merged" | "exercise-closed">;

function recordSubmission(facts: Facts, item: SubmissionEvidence) {
  const key = submissionKey(item);
  const at = Date.parse(item.at);
  const submission: Submission = facts.submissions.get(key) ?? {
    exercise: item.exercise,
    exerciseAt: at,
    mergedAt: null,
    closedAt: null,
    approvals: [],
    mergedExercise: null,
  };
  // The PR body may have been edited: the latest event names the exercise, a merge wins.
  if (at >= submission.exerciseAt) {
    submission.exercise = item.exercise;
    submission.exerciseAt = at;
  }
  const earliest = (current: number | null) => (current === null ? at : Math.min(current, at));
  if (item.kind === "exercise-approval") submission.approvals.push({ id: item.id, at });
  if (item.kind === "exercise-merged") {
    submission.mergedAt = earliest(submission.mergedAt);
    submission.mergedExercise = item.exercise;
  }
  if (item.kind === "exercise-closed") submission.closedAt = earliest(submission.closedAt);
  facts.submissions.set(key, submission);
}

interface DeveloperEvaluation {
  status: DeveloperStatus;
  firstDay: number;
  leaveDays: Set<number>;
  usageDays: Set<number>;
}

/** A developer's workdays: program workdays from Day 1 on, less their leave. */
class DeveloperCalendar {
  readonly leaveDays: Set<number>;
  constructor(
    private readonly calendar: ProgramCalendar,
    readonly firstDay: number,
    leave: readonly EvidenceOf<"leave">[],
  ) {
    this.leaveDays = new Set();
    for (const range of leave) {
      const from = dayNumber(range.from);
      const to = Math.min(dayNumber(range.to), from + MAX_LEAVE_DAYS - 1);
      for (let day = Math.max(from, firstDay); day <= to; day++) {
        // Only a day that would have been worked is a leave day.
        if (calendar.isProgramWorkday(day)) this.leaveDays.add(day);
      }
    }
  }

  isWorkday(day: number): boolean {
    return day >= this.firstDay && this.calendar.isProgramWorkday(day) && !this.leaveDays.has(day);
  }

  /** Day N's end, moved one day later for each leave day on or before it (RULES §3). */
  deadline(dayN: number): number {
    let deadline = this.firstDay + dayN - 1;
    for (const leaveDay of [...this.leaveDays].sort((a, b) => a - b)) {
      if (leaveDay <= deadline) deadline++;
    }
    return deadline;
  }
}

function gate(
  passDay: number | null,
  deadline: number,
  today: number,
  failedEarly: boolean,
  missing: string[],
): GateStatus {
  if (passDay !== null) {
    return {
      state: "passed",
      deadline: dateOf(deadline),
      passedOn: dateOf(passDay),
      late: passDay > deadline,
      missing: [],
    };
  }
  const state = failedEarly || today > deadline ? "failed" : "pending";
  return { state, deadline: dateOf(deadline), passedOn: null, late: false, missing };
}

function evaluateDeveloper(
  config: Config,
  calendar: ProgramCalendar,
  entry: RosterEntry,
  facts: Facts,
  today: number,
): DeveloperEvaluation {
  const firstDay = dayNumber(entry.start);
  const developerCalendar = new DeveloperCalendar(calendar, firstDay, facts.leave);
  const { thresholds, deadlines } = config;

  const knowledge = knowledgeGate(facts, thresholds.knowledgeScore);
  const practical = practicalGate(config, calendar.clock, entry, facts);
  const integration = integrationGate(
    config,
    facts,
    developerCalendar,
    today,
    developerCalendar.deadline(deadlines.integration),
  );

  const gates: Record<GateName, GateStatus> = {
    knowledge: gate(
      knowledge.passDay,
      developerCalendar.deadline(deadlines.knowledge),
      today,
      false,
      knowledge.missing,
    ),
    practical: gate(
      practical.passDay,
      developerCalendar.deadline(deadlines.practical),
      today,
      practical.retestExhausted.length > 0,
      practical.missing,
    ),
    integration: gate(integration.passDay, integration.deadline, today, false, integration.missing),
    certification: gate(
      facts.certification?.day ?? null,
      developerCalendar.deadline(deadlines.certification),
      today,
      false,
      [],
    ),
  };
  const finalScore = facts.finalScores.length > 0 ? Math.max(...facts.finalScores) : null;
  const confirmed = isConfirmed(facts.latestConfirmation);
  gates.certification.missing =
    gates.certification.state === "passed"
      ? []
      : certificationMissing(gates, finalScore, confirmed, thresholds.finalScore);

  const certified = facts.certification !== null;
  if (certified) {
    // A certified developer's gates cannot fail (RULES §6).
    for (const name of GATES) if (gates[name].state === "failed") gates[name].state = "pending";
  }
  // A used-up retest matters only while Gate 2 still needs passing (a QA developer may pass
  // with other exercises instead).
  const retestExhausted =
    certified || gates.practical.state === "passed" ? [] : practical.retestExhausted;
  const started = today >= firstDay;
  const nextReviewDate = nextReview(facts, config.thresholds.reviewIntervalMonths);
  const reviewOverdue = nextReviewDate !== null && today > dayNumber(nextReviewDate);
  const { status, reasons } = started
    ? colourOf(config, gates, retestExhausted, integration.idleWorkdays)
    : { status: "green" as Colour, reasons: [] };
  if (reviewOverdue) {
    // An overdue certification review is a reason to check in, not more (RULES §5.4).
    reasons.push(`certification review overdue since ${nextReviewDate}`);
  }

  return {
    firstDay,
    leaveDays: developerCalendar.leaveDays,
    usageDays: facts.usageDays,
    status: {
      login: entry.login,
      name: entry.name ?? null,
      role: entry.role,
      start: entry.start,
      day: today - firstDay + 1,
      started,
      status: reviewOverdue && status === "green" ? "yellow" : status,
      reasons,
      gates,
      knowledgeScore: knowledge.best,
      finalScore,
      exercisesCompleted: practical.completed,
      exercisesRequired: practical.required,
      exercises: practical.exercises,
      retestExhausted,
      realWorldApplications: facts.realWorldDays.length,
      reviewsWithContext7: facts.reviewDays.length,
      discoveriesShared: facts.sharingDays.length,
      usageEvents: facts.usageEvents,
      usageWorkdays: integration.usageWorkdays,
      consistency: integration.consistency === null ? null : round(integration.consistency, 3),
      longestStreak: integration.longestStreak,
      idleWorkdays: integration.idleWorkdays,
      lastUsage: facts.usageDays.size > 0 ? dateOf(Math.max(...facts.usageDays)) : null,
      confirmed,
      certificationId: facts.certification?.id ?? null,
      certifiedOn: facts.certification === null ? null : dateOf(facts.certification.day),
      nextReviewDate,
      reviewOverdue,
      selfReported: Object.fromEntries(
        SELF_REPORTED_ITEMS.map((item) => [item, facts.selfReports.get(item)?.done ?? false]),
      ) as Record<SelfReportedItem, boolean>,
      confirmationIssue: facts.latestConfirmation?.issue ?? null,
      leaveDays: [...developerCalendar.leaveDays].sort((a, b) => a - b).map(dateOf),
    },
  };
}

/** Months after the certification, or after the latest review recorded since it. */
function nextReview(facts: Facts, months: number): string | null {
  if (facts.certification === null) return null;
  const certifiedOn = facts.certification.day;
  const lastReview = Math.max(
    certifiedOn,
    ...facts.certificationReviewDays.filter((day) => day >= certifiedOn),
  );
  return addMonths(dateOf(lastReview), months);
}

function knowledgeGate(facts: Facts, threshold: number) {
  const passing = facts.knowledgeScores.find((entry) => entry.score >= threshold);
  const best =
    facts.knowledgeScores.length > 0
      ? Math.max(...facts.knowledgeScores.map((s) => s.score))
      : null;
  const missing =
    passing !== undefined
      ? []
      : [
          best === null
            ? `a knowledge-check score of at least ${threshold}`
            : `a knowledge-check score of at least ${threshold} (best so far ${best})`,
        ];
  return { passDay: passing?.day ?? null, best, missing };
}

function practicalGate(config: Config, clock: LocalClock, entry: RosterEntry, facts: Facts) {
  const clauses = config.requirements[entry.role];
  const known = new Set(config.exercises.map((exercise) => exercise.id));
  const byExercise = new Map<string, ExerciseProgress & { passDay: number | null }>();
  for (const [key, submission] of facts.submissions) {
    const exercise = submission.mergedExercise ?? submission.exercise;
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
      checkPassedAt(facts.checks.get(key) ?? [], submission.mergedAt)
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

/** Advances `from` past the sorted days on or before `day`: how many there are. */
function countUpTo(sortedDays: readonly number[], from: number, day: number): number {
  let count = from;
  while (count < sortedDays.length && (sortedDays[count] as number) <= day) count++;
  return count;
}

/**
 * Gate 3 walks the developer's days from Day 1 to today once, keeping the running streak,
 * consistency and idle count; it passes on the first day all four conditions held.
 */
function integrationGate(
  config: Config,
  facts: Facts,
  developer: DeveloperCalendar,
  today: number,
  deadline: number,
) {
  const { thresholds } = config;
  // The consistency window ends with the gate's deadline (Day 14, moved by leave). A
  // consistency that can no longer rise above the threshold is judged at the deadline, not
  // at once: two missed workdays already cap ten at 0.80, and failing the gate then would
  // make the plan's yellow alert (two idle days) unreachable.
  const windowEnd = deadline;
  let run = 0;
  let longestStreak = 0;
  let idleWorkdays = 0;
  let completeWindowWorkdays = 0;
  let usageWorkdays = 0;
  let reviewIndex = 0;
  let sharingIndex = 0;
  let passDay: number | null = null;
  let consistency: number | null = null;

  for (let day = developer.firstDay; day <= today; day++) {
    const used = facts.usageDays.has(day);
    const workday = developer.isWorkday(day);
    if (used) idleWorkdays = 0;
    else if (workday && day < today) idleWorkdays++;
    if (workday) {
      if (used) longestStreak = Math.max(longestStreak, ++run);
      else if (day < today) run = 0;
    }
    const inWindow = workday && day <= windowEnd;
    if (inWindow && used) usageWorkdays++;
    // Consistency as of this day: the day counts in the window only once it has usage,
    // as today does (RULES §5.3); from the next day on it is complete and counts anyway.
    const windowWorkdays = completeWindowWorkdays + (inWindow && used ? 1 : 0);
    if (inWindow) completeWindowWorkdays++;
    consistency = windowWorkdays > 0 ? usageWorkdays / windowWorkdays : null;

    reviewIndex = countUpTo(facts.reviewDays, reviewIndex, day);
    sharingIndex = countUpTo(facts.sharingDays, sharingIndex, day);
    if (
      passDay === null &&
      longestStreak >= thresholds.consecutiveUsageWorkdays &&
      reviewIndex >= thresholds.reviewReferences &&
      sharingIndex >= thresholds.discoveries &&
      consistency !== null &&
      consistency > thresholds.consistency
    ) {
      passDay = day;
    }
  }

  const missing: string[] = [];
  if (longestStreak < thresholds.consecutiveUsageWorkdays) {
    missing.push(
      `usage on ${thresholds.consecutiveUsageWorkdays} consecutive workdays (longest so far ${longestStreak})`,
    );
  }
  if (facts.reviewDays.length < thresholds.reviewReferences) {
    missing.push(
      `reviews citing Context7: ${facts.reviewDays.length} of ${thresholds.reviewReferences}`,
    );
  }
  if (facts.sharingDays.length < thresholds.discoveries) {
    missing.push(
      `discoveries or shared credits: ${facts.sharingDays.length} of ${thresholds.discoveries}`,
    );
  }
  if (consistency === null || consistency <= thresholds.consistency) {
    missing.push(
      `consistency above ${thresholds.consistency.toFixed(2)} (now ${consistency === null ? "none yet" : consistency.toFixed(3)})`,
    );
  }
  return {
    passDay,
    deadline,
    missing: passDay === null ? missing : [],
    consistency,
    usageWorkdays,
    longestStreak,
    idleWorkdays,
  };
}

function isConfirmed(confirmation: EvidenceOf<"confirmation"> | null): boolean {
  if (confirmation === null) return false;
  const { dailyUsage, knowledgeSharing, codeReview } = confirmation.commitments;
  return dailyUsage && knowledgeSharing && codeReview;
}

/** The last step of Gate 4, named in its `missing` list until a manager takes it. */
export const CERTIFY_STEP = "a manager's /context7 certify";

function certificationMissing(
  gates: Record<GateName, GateStatus>,
  finalScore: number | null,
  confirmed: boolean,
  finalThreshold: number,
): string[] {
  const missing: string[] = [];
  for (const name of ["knowledge", "practical", "integration"] as const) {
    if (gates[name].state !== "passed")
      missing.push(`Gate ${GATES.indexOf(name) + 1} (${GATE_TITLES[name]}) passed`);
  }
  if (finalScore === null || finalScore < finalThreshold) {
    missing.push(
      finalScore === null
        ? `a final assessment score of at least ${finalThreshold}`
        : `a final assessment score of at least ${finalThreshold} (best so far ${finalScore})`,
    );
  }
  if (!confirmed) missing.push("a confirmation with all three commitments ticked");
  missing.push(CERTIFY_STEP);
  return missing;
}

function colourOf(
  config: Config,
  gates: Record<GateName, GateStatus>,
  retestExhausted: string[],
  idleWorkdays: number,
): { status: Colour; reasons: string[] } {
  const idle = config.thresholds.idleWorkdays;
  const failed = GATES.filter((name) => gates[name].state === "failed");
  const reasons = failed.map(
    (name) =>
      `Gate ${GATES.indexOf(name) + 1} (${GATE_TITLES[name]}) failed: not passed by ${gates[name].deadline}`,
  );
  for (const exercise of retestExhausted) reasons.push(`retest used up for ${exercise}`);
  if (idleWorkdays >= idle.yellow) reasons.push(`${idleWorkdays} workdays without Context7 usage`);

  let status: Colour = "green";
  if (failed.length >= 2 || retestExhausted.length > 0 || idleWorkdays >= idle.critical)
    status = "critical";
  else if (failed.length >= 1 || idleWorkdays >= idle.red) status = "red";
  else if (idleWorkdays >= idle.yellow) status = "yellow";
  return { status, reasons };
}

function teamMetrics(
  config: Config,
  calendar: ProgramCalendar,
  evaluations: DeveloperEvaluation[],
  today: number,
): TeamStatus {
  const started = evaluations.filter((evaluation) => evaluation.firstDay <= today);
  const size = started.length;
  const certified = started.filter(
    (evaluation) => evaluation.status.certificationId !== null,
  ).length;
  const scores = started
    .map((evaluation) => evaluation.status.knowledgeScore)
    .filter((score): score is number => score !== null);

  const window = calendar.lastCompleteWorkdays(today, config.thresholds.adoptionWindowWorkdays);
  const shares: number[] = [];
  for (const evaluation of started) {
    const own = window.filter(
      (day) => day >= evaluation.firstDay && !evaluation.leaveDays.has(day),
    );
    if (own.length === 0) continue;
    shares.push(own.filter((day) => evaluation.usageDays.has(day)).length / own.length);
  }
  const adoption = shares.length > 0 ? mean(shares) : null;

  const statusCounts = Object.fromEntries(COLOURS.map((colour) => [colour, 0])) as Record<
    Colour,
    number
  >;
  for (const evaluation of started) statusCounts[evaluation.status.status]++;

  return {
    size,
    certified,
    completionRate: size > 0 ? round(certified / size, 3) : null,
    averageKnowledgeScore: scores.length > 0 ? round(mean(scores), 1) : null,
    adoptionRate: adoption === null ? null : round(adoption, 3),
    adoptionBelowThreshold: adoption !== null && adoption < config.thresholds.adoptionRate,
    adoptionWindow: window.map(dateOf),
    statusCounts,
  };
}

function mean(values: number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
