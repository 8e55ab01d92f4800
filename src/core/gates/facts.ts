/**
 * A developer's evidence, sorted by kind and turned into local days: what the four gates
 * read. Collecting it is the one pass over the evidence; the gates never see raw items.
 */
import { approvalIdFor, countsAsApprover, type ExerciseCheck } from "../approvals.js";
import type { Config } from "../config.js";
import type { Evidence, EvidenceOf, SelfReportedItem } from "../evidence.js";
import type { ProgramCalendar } from "../program-calendar.js";

export interface Facts {
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

export interface Submission {
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

export function collectFacts(
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
        checks.push({
          at: Date.parse(item.at),
          passed: item.done === item.total,
          exercise: item.exercise,
        });
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
