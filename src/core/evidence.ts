/**
 * Evidence: the facts the App takes from GitHub events (RULES §4). Records hold nothing
 * else; every status is computed from these and the clock.
 *
 * `at` is the event's own timestamp from the payload (UTC, ISO-8601), never the time the
 * webhook arrived, except that no fact is dated after its delivery arrived and a push is
 * dated by GitHub's time for it (events.ts). The engine turns it into a local date of the
 * program timezone, so a change of timezone needs no migration.
 */
import { z } from "zod";

const login = z.string().min(1);
const instant = z.iso.datetime({ offset: true, message: "must be an ISO-8601 timestamp" });
const localDate = z.iso.date({ message: "must be a date written YYYY-MM-DD" });
const repo = z.string().regex(/^[\w.-]+\/[\w.-]+$/, "must be owner/name");
const score = z.number().min(0).max(100);

const base = {
  /** Stable id built from GitHub's own ids, so the same event recorded twice adds nothing. */
  id: z.string().min(1).max(200),
  at: instant,
  url: z.string().url().optional(),
  /**
   * The App's HMAC of the owner's login and this fact (proof.ts). Any text is read, so that
   * a bad proof makes the fact rejected, not the whole file unreadable.
   */
  proof: z.string().max(200).optional(),
};

const USAGE_SOURCES = [
  "pull_request",
  "review",
  "review_comment",
  "comment",
  "discussion",
  "discussion_comment",
  "commit",
] as const;

/**
 * How a usage cited Context7, one kind per reference kind found in it: a library resolution
 * (`resolve-library-id`), a docs query (`get-library-docs`, `query-docs`, or their library
 * parameter), a context7.com URL, the `use context7` phrase, the `ctx7` CLI, a
 * `Context7-Used:` commit trailer (the usage bridge), a library ID next to the word Context7.
 */
export const USAGE_KINDS = [
  "library-resolution",
  "docs-query",
  "url",
  "phrase",
  "cli",
  "trailer",
  "library-id",
] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** A `Context7 saved:` line counts at most this many minutes. */
export const MAX_SAVED_MINUTES = 1440;
/** A submission's best practices kept in its check fact, and the length of each. */
export const MAX_BEST_PRACTICES = 5;
export const MAX_PRACTICE_LENGTH = 200;
/** A feedback answer of the confirmation form is kept up to this many characters. */
export const MAX_FEEDBACK_LENGTH = 1000;

/** The login of the team's own record, `records/_team.yml` (no GitHub login has `_`). */
export const TEAM_RECORD_LOGIN = "_team";

const KNOWLEDGE_SOURCES = ["command", "quiz"] as const;
/** Why a knowledge-check attempt was not graded: all attempts used, or one already that day. */
export const QUIZ_REFUSALS = ["attempts-used", "same-day"] as const;

/** The tracker items GitHub cannot see: the developer ticks them in their tracker issue. */
export const SELF_REPORTED_ITEMS = ["training-guide", "trainer-session", "qa-session"] as const;
export type SelfReportedItem = (typeof SELF_REPORTED_ITEMS)[number];

const submission = { ...base, exercise: z.string().min(1), repo, pr: z.int().min(1) };

const evidenceSchema = z.discriminatedUnion("kind", [
  z.strictObject({
    ...base,
    kind: z.literal("usage"),
    source: z.enum(USAGE_SOURCES),
    repo: repo.optional(),
    libraries: z.array(z.string()).optional(),
    /** How it cited Context7 (sorted, distinct); absent on usage recorded before kinds were kept. */
    referenceKinds: z.array(z.enum(USAGE_KINDS)).optional(),
    /** Minutes the author says Context7 saved (a `Context7 saved: 1h30m` line), at most a day. */
    savedMinutes: z.int().min(1).max(MAX_SAVED_MINUTES).optional(),
  }),
  z.strictObject({ ...base, kind: z.literal("review-reference"), repo, pr: z.int().min(1) }),
  z.strictObject({ ...submission, kind: z.literal("exercise-approval"), by: login }),
  z.strictObject({ ...submission, kind: z.literal("exercise-merged") }),
  z.strictObject({ ...submission, kind: z.literal("exercise-closed") }),
  /**
   * A review of a submission dismissed on GitHub (`by`: who dismissed it): the approval that
   * review gave, `approval-<review>`, no longer counts, whichever fact arrives first.
   */
  z.strictObject({
    ...submission,
    kind: z.literal("exercise-dismissal"),
    review: z.int().min(1),
    by: login,
  }),
  /** A review requesting changes on a submission, by anyone but its author (a review round). */
  z.strictObject({ ...submission, kind: z.literal("exercise-changes-requested"), by: login }),
  /**
   * The exercise check of a submission as the App ran it: checklist items done of total,
   * and the "Best practices" items of the body (at most MAX_BEST_PRACTICES); the latest counts.
   */
  z.strictObject({
    ...submission,
    kind: z.literal("exercise-check"),
    done: z.int().min(0),
    total: z.int().min(1),
    bestPractices: z
      .array(z.string().min(1).max(MAX_PRACTICE_LENGTH))
      .max(MAX_BEST_PRACTICES)
      .optional(),
  }),
  /**
   * A PR by the developer merged outside the training repo (`at` is the merge): when it was
   * opened and how many reviews requested changes before the merge. Recorded by the App at
   * merge, or fetched by the scheduled run for the weeks before Day 1 (the baseline).
   */
  z.strictObject({
    ...base,
    kind: z.literal("merged-pr"),
    repo,
    pr: z.int().min(1),
    opened: instant,
    changesRequested: z.int().min(0),
  }),
  /** The scheduled run fetched the developer's merged PRs of these local dates (once). */
  z.strictObject({
    ...base,
    kind: z.literal("baseline"),
    from: localDate,
    to: localDate,
    pullRequests: z.int().min(0),
    /** More PRs matched than the API budget allowed; the first ones were kept. */
    truncated: z.boolean(),
  }),
  /** Team fact (records/_team.yml): an issue with the library-usage label, dated by its creation. */
  z.strictObject({
    ...base,
    kind: z.literal("library-bug"),
    repo,
    issue: z.int().min(1),
    label: z.string().min(1),
  }),
  /** Team fact: the scheduled run searched the label's issues created from this date on. */
  z.strictObject({
    ...base,
    kind: z.literal("bug-search"),
    from: localDate,
    label: z.string().min(1),
  }),
  z.strictObject({ ...base, kind: z.literal("real-world"), repo, pr: z.int().min(1) }),
  z.strictObject({ ...base, kind: z.literal("discovery"), title: z.string().optional() }),
  z.strictObject({
    ...base,
    kind: z.literal("knowledge-score"),
    score,
    by: login,
    /** `quiz`: graded by the App from the knowledge-check form; absent: a manager's command. */
    source: z.enum(KNOWLEDGE_SOURCES).optional(),
    issue: z.int().min(1).optional(),
  }),
  /** A knowledge-check attempt the App refused to grade (quiz.ts): it counts for nothing. */
  z.strictObject({
    ...base,
    kind: z.literal("quiz-refused"),
    reason: z.enum(QUIZ_REFUSALS),
    issue: z.int().min(1),
  }),
  z.strictObject({ ...base, kind: z.literal("final-score"), score, by: login }),
  z.strictObject({ ...base, kind: z.literal("shared"), note: z.string(), by: login }),
  z
    .strictObject({ ...base, kind: z.literal("leave"), from: localDate, to: localDate, by: login })
    .refine((leave) => leave.from <= leave.to, {
      message: "`from` must be on or before `to`",
      path: ["to"],
    }),
  z.strictObject({
    ...base,
    kind: z.literal("confirmation"),
    commitments: z.strictObject({
      dailyUsage: z.boolean(),
      knowledgeSharing: z.boolean(),
      codeReview: z.boolean(),
    }),
    /** The confirmation issue, closed when the developer is certified. */
    issue: z.int().min(1).optional(),
    /** The form's training feedback: only the answers given. */
    feedback: z
      .strictObject({
        difficulty: z.int().min(1).max(5).optional(),
        workedWell: z.string().min(1).max(MAX_FEEDBACK_LENGTH).optional(),
        improve: z.string().min(1).max(MAX_FEEDBACK_LENGTH).optional(),
        resources: z.string().min(1).max(MAX_FEEDBACK_LENGTH).optional(),
      })
      .optional(),
  }),
  z.strictObject({
    ...base,
    kind: z.literal("certification"),
    certificationId: z.string().regex(/^CONTEXT7-\d{4}-\d{4,}$/, "must be CONTEXT7-<year>-<NNNN>"),
    by: login,
  }),
  z.strictObject({ ...base, kind: z.literal("certification-review"), by: login }),
  z.strictObject({
    ...base,
    kind: z.literal("self-report"),
    item: z.enum(SELF_REPORTED_ITEMS),
    done: z.boolean(),
    issue: z.int().min(1),
  }),
]);

export type Evidence = z.infer<typeof evidenceSchema>;
type EvidenceKind = Evidence["kind"];
export type EvidenceOf<K extends EvidenceKind> = Extract<Evidence, { kind: K }>;

export const RECORD_VERSION = 1;

export const recordSchema = z.strictObject({
  version: z.literal(RECORD_VERSION).default(RECORD_VERSION),
  login,
  evidence: z.array(evidenceSchema).default([]),
});

export type DeveloperRecord = z.output<typeof recordSchema>;
