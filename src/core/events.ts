/**
 * Webhook payload → evidence (RULES §4), pure. The App calls this for every delivery; an
 * event about no developer, or with nothing relevant, gives no evidence, so the App makes
 * no API call for it. Dates come from the payload's own timestamps.
 *
 * The payload types below are the few fields read, as GitHub sends them; Probot's typed
 * payloads fit them structurally.
 */
import { approvalIdFor, countsAsApprover, isBotAccount } from "./approvals.js";
import { type Config, rosterEntryFor } from "./config.js";
import { detect, visibleText } from "./detect.js";
import type { Evidence, EvidenceOf } from "./evidence.js";
import { savedMinutesIn } from "./time-saved.js";

/** A usage lists at most this many library IDs, so a pasted dump cannot bloat a record. */
export const MAX_LIBRARIES_PER_USAGE = 20;

export interface WebhookEvent {
  /** The `X-GitHub-Event` header. */
  name: string;
  /** The `X-GitHub-Delivery` header. */
  id: string;
  payload: unknown;
  /**
   * When this App instance received the delivery (ISO-8601), as its clock read it when the
   * handler started. Absent outside the App (tests, the load harness).
   */
  receivedAt?: string;
}

export interface DeveloperEvidence {
  login: string;
  evidence: Evidence;
}

interface User {
  login: string;
  type?: string;
}
interface Repository {
  full_name: string;
}
interface PullRequest {
  id: number;
  node_id: string;
  number: number;
  html_url: string;
  title: string;
  body: string | null;
  user: User;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  merged_at: string | null;
  merged?: boolean | null;
}
interface PullRequestPayload {
  action: string;
  pull_request: PullRequest;
  repository: Repository;
}
interface ReviewPayload {
  action: string;
  sender?: User;
  review: {
    id: number;
    body: string | null;
    user: User;
    state: string;
    submitted_at: string | null;
    html_url: string;
  };
  pull_request: PullRequest;
  repository: Repository;
}
interface ReviewCommentPayload {
  action: string;
  comment: {
    id: number;
    pull_request_review_id: number | null;
    body: string;
    user: User;
    created_at: string;
    html_url: string;
  };
  pull_request: PullRequest;
  repository: Repository;
}
interface CommentPayload {
  action: string;
  comment: { id: number; body: string; user: User; created_at: string; html_url: string };
  repository: Repository;
}
interface DiscussionPayload {
  action: string;
  discussion: {
    id: number;
    node_id: string;
    title: string;
    body: string | null;
    user: User;
    created_at: string;
    html_url: string;
    category: { name: string } | null;
  };
  repository: Repository;
}
interface PushPayload {
  commits: {
    id: string;
    message: string;
    timestamp: string;
    url: string;
    author: { username?: string | null };
  }[];
  repository: Repository;
}

/** The exercise id a submission PR names: a line `Exercise: <id>` or a title `[<id>] …`. */
export function exerciseIdOf(pullRequest: { title: string; body: string | null }): string | null {
  const line =
    /^\s*(?:[-*]\s*)?(?:\*\*|__)?Exercise(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*`?([A-Za-z0-9][\w-]*)`?/im.exec(
      visibleText(pullRequest.body ?? ""),
    );
  if (line?.[1] !== undefined) return line[1].toLowerCase();
  const title = /^\s*\[([A-Za-z0-9][\w-]*)\]/.exec(pullRequest.title);
  return title?.[1]?.toLowerCase() ?? null;
}

export function isTrainingRepo(config: Config, repository: Repository): boolean {
  return repository.full_name.toLowerCase() === config.trainingRepo.toLowerCase();
}

/** Every piece of evidence a delivery carries, each with the developer it belongs to. */
export function evidenceFromEvent(config: Config, event: WebhookEvent): DeveloperEvidence[] {
  const payload = event.payload as { action?: string };
  switch (event.name) {
    case "pull_request":
      return fromPullRequest(config, payload as PullRequestPayload);
    case "pull_request_review":
      if (payload.action === "dismissed")
        return fromDismissal(config, payload as ReviewPayload, event.receivedAt);
      return payload.action === "submitted" ? fromReview(config, payload as ReviewPayload) : [];
    case "pull_request_review_comment":
      return payload.action === "created"
        ? fromReviewComment(config, payload as ReviewCommentPayload)
        : [];
    case "issue_comment":
      return payload.action === "created"
        ? fromComment(config, payload as CommentPayload, "comment")
        : [];
    case "discussion":
      return payload.action === "created"
        ? fromDiscussion(config, payload as DiscussionPayload)
        : [];
    case "discussion_comment":
      return payload.action === "created"
        ? fromComment(config, payload as CommentPayload, "discussion_comment")
        : [];
    case "push":
      return fromPush(config, payload as PushPayload);
    default:
      return [];
  }
}

/** The roster's spelling of a login, or undefined for a bot or someone not on the roster. */
function developer(config: Config, user: User | null | undefined): string | undefined {
  if (user === null || user === undefined || isBotAccount(user)) return undefined;
  return rosterEntryFor(config, user.login)?.login;
}

function usage(
  id: string,
  at: string,
  source: EvidenceOf<"usage">["source"],
  repository: Repository,
  text: string,
  url?: string,
): EvidenceOf<"usage"> | undefined {
  const visible = visibleText(text);
  const references = detect(visible);
  if (references.length === 0) return undefined;
  const savedMinutes = savedMinutesIn(visible);
  const libraries = [
    ...new Set(references.flatMap((r) => (r.libraryId === null ? [] : [r.libraryId]))),
  ]
    .sort()
    .slice(0, MAX_LIBRARIES_PER_USAGE);
  return {
    id,
    kind: "usage",
    at,
    source,
    repo: repository.full_name,
    ...(libraries.length > 0 ? { libraries } : {}),
    ...(savedMinutes === null ? {} : { savedMinutes }),
    ...(url === undefined ? {} : { url }),
  };
}

function fromPullRequest(config: Config, payload: PullRequestPayload): DeveloperEvidence[] {
  const { pull_request: pr, repository } = payload;
  const login = developer(config, pr.user);
  if (login === undefined) return [];
  const out: DeveloperEvidence[] = [];
  if (payload.action === "opened" || payload.action === "edited") {
    const at = payload.action === "opened" ? pr.created_at : pr.updated_at;
    // Each edit that cites Context7 is its own usage, told apart by its time.
    const item = usage(
      `pull_request-${pr.id}-${Date.parse(at)}`,
      at,
      "pull_request",
      repository,
      pr.body ?? "",
      pr.html_url,
    );
    if (item !== undefined) out.push({ login, evidence: item });
  }
  if (payload.action === "closed") {
    const merged = pr.merged === true || pr.merged_at !== null;
    if (isTrainingRepo(config, repository)) {
      const exercise = knownExercise(config, pr);
      if (exercise !== null) {
        const common = { exercise, repo: repository.full_name, pr: pr.number, url: pr.html_url };
        out.push({
          login,
          evidence: merged
            ? {
                ...common,
                id: `merged-${pr.node_id}`,
                kind: "exercise-merged",
                at: pr.merged_at ?? pr.updated_at,
              }
            : {
                ...common,
                id: `closed-${pr.node_id}`,
                kind: "exercise-closed",
                at: pr.closed_at ?? pr.updated_at,
              },
        });
      }
    } else if (merged && detect(visibleText(pr.body ?? "")).length > 0) {
      out.push({
        login,
        evidence: {
          id: `realworld-${pr.node_id}`,
          kind: "real-world",
          at: pr.merged_at ?? pr.updated_at,
          repo: repository.full_name,
          pr: pr.number,
          url: pr.html_url,
        },
      });
    }
  }
  return out;
}

function knownExercise(config: Config, pr: PullRequest): string | null {
  const id = exerciseIdOf(pr);
  return id !== null && config.exercises.some((exercise) => exercise.id === id) ? id : null;
}

const SUBMISSION_VERDICTS = new Map<
  string,
  { kind: "exercise-approval" | "exercise-changes-requested"; idPrefix: string }
>([
  ["approved", { kind: "exercise-approval", idPrefix: "approval" }],
  ["changes_requested", { kind: "exercise-changes-requested", idPrefix: "changes-requested" }],
]);

function fromReview(config: Config, payload: ReviewPayload): DeveloperEvidence[] {
  const { review, pull_request: pr, repository } = payload;
  const at = review.submitted_at;
  if (at === null) return [];
  const out: DeveloperEvidence[] = [];
  const reviewer = developer(config, review.user);
  const ownPullRequest = review.user.login.toLowerCase() === pr.user.login.toLowerCase();
  if (reviewer !== undefined) {
    const item = usage(
      `review-${review.id}`,
      at,
      "review",
      repository,
      review.body ?? "",
      review.html_url,
    );
    if (item !== undefined) {
      out.push({ login: reviewer, evidence: item });
      if (!ownPullRequest)
        out.push({
          login: reviewer,
          evidence: reviewReference(review.id, at, repository, pr, review.html_url),
        });
    }
  }
  const author = developer(config, pr.user);
  const exercise = isTrainingRepo(config, repository) ? knownExercise(config, pr) : null;
  // A verdict on a submission by anyone but its author: an approval, or changes requested.
  // An approval counts only from a roster member or a manager, never from a bot.
  const verdict = SUBMISSION_VERDICTS.get(review.state.toLowerCase());
  const eligible =
    verdict?.kind !== "exercise-approval" ||
    (!isBotAccount(review.user) && countsAsApprover(config, review.user.login, pr.user.login));
  if (
    author !== undefined &&
    exercise !== null &&
    verdict !== undefined &&
    !ownPullRequest &&
    eligible
  ) {
    out.push({
      login: author,
      evidence: {
        id:
          verdict.kind === "exercise-approval"
            ? approvalIdFor(review.id)
            : `${verdict.idPrefix}-${review.id}`,
        kind: verdict.kind,
        at,
        exercise,
        repo: repository.full_name,
        pr: pr.number,
        by: review.user.login,
        url: review.html_url,
      },
    });
  }
  return out;
}

/**
 * A review of a submission dismissed: a fact for the submission's author, keyed by the
 * review id so a redelivery adds nothing. Whatever the review's state was, the approval it
 * gave (if any) stops counting. The payload carries no dismissal time: it is dated by the
 * delivery's receipt, or the PR's last update outside the App.
 */
function fromDismissal(
  config: Config,
  payload: ReviewPayload,
  receivedAt: string | undefined,
): DeveloperEvidence[] {
  const { review, pull_request: pr, repository } = payload;
  const author = developer(config, pr.user);
  const exercise = isTrainingRepo(config, repository) ? knownExercise(config, pr) : null;
  if (author === undefined || exercise === null) return [];
  return [
    {
      login: author,
      evidence: {
        id: `dismissal-${review.id}`,
        kind: "exercise-dismissal",
        at: receivedAt ?? pr.updated_at,
        exercise,
        repo: repository.full_name,
        pr: pr.number,
        review: review.id,
        by: payload.sender?.login ?? review.user.login,
        url: review.html_url,
      },
    },
  ];
}

/** One review reference per review id, whether seen through the review or its comments. */
function reviewReference(
  reviewId: number,
  at: string,
  repository: Repository,
  pr: PullRequest,
  url: string,
): EvidenceOf<"review-reference"> {
  return {
    id: `review-reference-${reviewId}`,
    kind: "review-reference",
    at,
    repo: repository.full_name,
    pr: pr.number,
    url,
  };
}

function fromReviewComment(config: Config, payload: ReviewCommentPayload): DeveloperEvidence[] {
  const { comment, pull_request: pr, repository } = payload;
  const login = developer(config, comment.user);
  if (login === undefined) return [];
  const item = usage(
    `review_comment-${comment.id}`,
    comment.created_at,
    "review_comment",
    repository,
    comment.body,
    comment.html_url,
  );
  if (item === undefined) return [];
  const out: DeveloperEvidence[] = [{ login, evidence: item }];
  const ownPullRequest = comment.user.login.toLowerCase() === pr.user.login.toLowerCase();
  if (!ownPullRequest && comment.pull_request_review_id !== null) {
    out.push({
      login,
      evidence: reviewReference(
        comment.pull_request_review_id,
        comment.created_at,
        repository,
        pr,
        comment.html_url,
      ),
    });
  }
  return out;
}

/** An issue, PR or discussion comment: one usage when it cites Context7. */
function fromComment(
  config: Config,
  payload: CommentPayload,
  source: "comment" | "discussion_comment",
): DeveloperEvidence[] {
  const { comment, repository } = payload;
  const login = developer(config, comment.user);
  if (login === undefined) return [];
  const id = `${source}-${comment.id}`;
  const item = usage(id, comment.created_at, source, repository, comment.body, comment.html_url);
  return item === undefined ? [] : [{ login, evidence: item }];
}

function fromDiscussion(config: Config, payload: DiscussionPayload): DeveloperEvidence[] {
  const { discussion, repository } = payload;
  const login = developer(config, discussion.user);
  if (login === undefined) return [];
  const out: DeveloperEvidence[] = [];
  const text = `${discussion.title}\n${discussion.body ?? ""}`;
  const item = usage(
    `discussion-${discussion.id}`,
    discussion.created_at,
    "discussion",
    repository,
    text,
    discussion.html_url,
  );
  if (item !== undefined) out.push({ login, evidence: item });
  if (
    discussion.category?.name.toLowerCase() === config.discoveries.discussionCategory.toLowerCase()
  ) {
    out.push({
      login,
      evidence: {
        id: `discovery-${discussion.node_id}`,
        kind: "discovery",
        at: discussion.created_at,
        title: discussion.title,
        url: discussion.html_url,
      },
    });
  }
  return out;
}

/**
 * One usage per developer per push, dated by their latest commit that cites Context7 and
 * keyed by its sha, so the same commit pushed to two branches is one fact.
 */
function fromPush(config: Config, payload: PushPayload): DeveloperEvidence[] {
  const latestByLogin = new Map<string, PushPayload["commits"][number]>();
  for (const commit of payload.commits ?? []) {
    const username = commit.author.username;
    const login = username ? rosterEntryFor(config, username)?.login : undefined;
    if (login === undefined || detect(visibleText(commit.message)).length === 0) continue;
    const latest = latestByLogin.get(login);
    if (latest === undefined || Date.parse(commit.timestamp) >= Date.parse(latest.timestamp))
      latestByLogin.set(login, commit);
  }
  return [...latestByLogin].flatMap(([login, commit]) => {
    const item = usage(
      `commit-${commit.id}`,
      commit.timestamp,
      "commit",
      payload.repository,
      commit.message,
      commit.url,
    );
    return item === undefined ? [] : [{ login, evidence: item }];
  });
}

/**
 * A roster member's PR merged outside the training repo, for review cycles and delivery
 * time: when it was opened and the changes-requested reviews before the merge (counted by
 * the caller from the PR's reviews). Null for anything else.
 */
export function mergedPullRequestEvidence(
  config: Config,
  payload: unknown,
  changesRequested: number,
): DeveloperEvidence | null {
  const { pull_request: pr, repository } = payload as PullRequestPayload;
  if (!isMergedDelivery(config, payload)) return null;
  const login = developer(config, pr.user) as string;
  return {
    login,
    evidence: {
      id: `merged-pr-${pr.node_id}`,
      kind: "merged-pr",
      at: pr.merged_at as string,
      repo: repository.full_name,
      pr: pr.number,
      opened: pr.created_at,
      changesRequested,
      url: pr.html_url,
    },
  };
}

/** Whether a delivery is the merge of a roster member's PR outside the training repo. */
export function isMergedDelivery(config: Config, payload: unknown): boolean {
  const { action, pull_request: pr, repository } = payload as PullRequestPayload;
  return (
    action === "closed" &&
    pr.merged_at !== null &&
    !isTrainingRepo(config, repository) &&
    developer(config, pr.user) !== undefined
  );
}

/** Changes-requested reviews submitted before the merge (GitHub's review list, any page). */
export function countChangesRequested(
  reviews: readonly { state: string; submitted_at?: string | null }[],
  mergedAt: string,
): number {
  const merged = Date.parse(mergedAt);
  return reviews.filter(
    (review) =>
      review.state.toUpperCase() === "CHANGES_REQUESTED" &&
      (review.submitted_at == null || Date.parse(review.submitted_at) <= merged),
  ).length;
}
