/**
 * Webhook payload → evidence (RULES §4), pure. The App calls this for every delivery; an
 * event about no developer, or with nothing relevant, gives no evidence, so the App makes
 * no API call for it. Dates come from the payload's own timestamps (a push: GitHub's time
 * for it, never a commit's), and none is later than the delivery's arrival.
 *
 * The payload types below are the few fields read, as GitHub sends them; Probot's typed
 * payloads fit them structurally.
 */
import { approvalIdFor, countsAsApprover, isBotAccount } from "./approvals.js";
import { type Config, rosterEntryFor } from "./config.js";
import { detect, visibleText } from "./detect.js";
import type { Evidence, EvidenceOf } from "./evidence.js";
import { savedMinutesIn } from "./time-saved.js";
import { usageKindsOf } from "./usage-kinds.js";

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
  /** Always in GitHub's payloads; a hand-written replayed event may leave it out. */
  default_branch?: string;
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
  /** The branch it merges into; as `default_branch`, absent only from hand-written events. */
  base?: { ref: string };
}
interface PullRequestPayload {
  action: string;
  pull_request: PullRequest;
  repository: Repository;
  /** Who did it: for `edited`, the editor (not necessarily the PR's author). */
  sender?: User;
  /** For `edited`: the previous values of what changed. */
  changes?: { body?: { from?: string | null } };
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
    url: string;
  }[];
  /** `pushed_at`: when GitHub received the push, set by GitHub (Unix seconds in a push). */
  repository: Repository & { pushed_at?: number | string | null };
  /** Who pushed: the only account a push can earn usage for. */
  sender?: User;
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

function isTrainingRepo(config: Config, repository: Repository): boolean {
  return repository.full_name.toLowerCase() === config.trainingRepo.toLowerCase();
}

/**
 * Every piece of evidence a delivery carries, each with the developer it belongs to, none
 * dated after the delivery was received (when that is known).
 */
export function evidenceFromEvent(config: Config, event: WebhookEvent): DeveloperEvidence[] {
  return heldToDelivery(evidenceIn(config, event), event.receivedAt);
}

/**
 * No fact is dated after its delivery arrived: a later `at` (a clock set ahead, a forged
 * timestamp) becomes the receive time. The id is kept, so a redelivery is still the same fact.
 */
export function heldToDelivery(
  facts: readonly DeveloperEvidence[],
  receivedAt: string | undefined,
): DeveloperEvidence[] {
  const limit = receivedAt === undefined ? Number.NaN : Date.parse(receivedAt);
  if (Number.isNaN(limit)) return [...facts];
  return facts.map((fact) =>
    Date.parse(fact.evidence.at) > limit
      ? { ...fact, evidence: { ...fact.evidence, at: isoInstant(limit) } }
      : fact,
  );
}

function evidenceIn(config: Config, event: WebhookEvent): DeveloperEvidence[] {
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
      return fromPush(config, payload as PushPayload, event.receivedAt);
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
    referenceKinds: usageKindsOf(references),
    ...(savedMinutes === null ? {} : { savedMinutes }),
    ...(url === undefined ? {} : { url }),
  };
}

function fromPullRequest(config: Config, payload: PullRequestPayload): DeveloperEvidence[] {
  const { pull_request: pr, repository } = payload;
  if (payload.action === "edited") return fromBodyEdit(config, payload);
  const login = developer(config, pr.user);
  if (login === undefined) return [];
  const out: DeveloperEvidence[] = [];
  if (payload.action === "opened") {
    const item = usage(
      `pull_request-${pr.id}-${Date.parse(pr.created_at)}`,
      pr.created_at,
      "pull_request",
      repository,
      pr.body ?? "",
      pr.html_url,
    );
    if (item !== undefined) out.push({ login, evidence: item });
  }
  if (payload.action === "closed") {
    // Merged into the mainline: a merge into a side branch (a scratch branch, one's own
    // repo's) is neither a passed exercise nor a real-world application.
    const merged =
      (pr.merged === true || pr.merged_at !== null) &&
      (pr.base === undefined ||
        repository.default_branch === undefined ||
        pr.base.ref === repository.default_branch);
    if (isTrainingRepo(config, repository)) {
      const exercise = knownExercise(config, pr);
      if (exercise !== null && (merged || closedByAuthorOrManager(config, payload))) {
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

/**
 * A submission closed without merge is a failed attempt only when its author or a manager
 * closed it: a colleague with write access closing it must not spend the author's retest.
 * It stays open as far as the gates go, and its author may reopen it.
 */
function closedByAuthorOrManager(config: Config, payload: PullRequestPayload): boolean {
  const closer = payload.sender?.login.toLowerCase();
  if (closer === undefined) return true;
  return (
    closer === payload.pull_request.user.login.toLowerCase() ||
    config.managers.some((manager) => manager.toLowerCase() === closer)
  );
}

/**
 * A PR body edit is usage for whoever edited it (the sender), never for the PR's author,
 * and only when the edit adds a Context7 reference the body did not have: a typo fix in a
 * body that already cited Context7 writes nothing new. Each such edit is its own usage,
 * told apart by its time.
 */
function fromBodyEdit(config: Config, payload: PullRequestPayload): DeveloperEvidence[] {
  const { pull_request: pr, repository, changes } = payload;
  const editor = developer(config, payload.sender);
  if (editor === undefined || changes?.body === undefined) return [];
  const before = new Set(referenceTexts(changes.body.from ?? ""));
  if (referenceTexts(pr.body ?? "").every((text) => before.has(text))) return [];
  const item = usage(
    `pull_request-${pr.id}-${Date.parse(pr.updated_at)}`,
    pr.updated_at,
    "pull_request",
    repository,
    pr.body ?? "",
    pr.html_url,
  );
  return item === undefined ? [] : [{ login: editor, evidence: item }];
}

function referenceTexts(body: string): string[] {
  return detect(visibleText(body)).map((reference) => reference.text.toLowerCase());
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
  // Either counts only from a roster member or a manager, never from a bot: an outsider's
  // "changes requested" would otherwise spoil the author's quality score.
  const verdict = SUBMISSION_VERDICTS.get(review.state.toLowerCase());
  const eligible =
    !isBotAccount(review.user) && countsAsApprover(config, review.user.login, pr.user.login);
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
  // Only the reviewer, the author or a manager takes an approval back: a colleague with
  // write access dismissing it after the merge would otherwise undo someone else's pass.
  const by = payload.sender?.login ?? review.user.login;
  const allowed = [review.user.login, pr.user.login, ...config.managers].map((login) =>
    login.toLowerCase(),
  );
  if (!allowed.includes(by.toLowerCase())) return [];
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
        by,
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
  // A discovery is shared with the team in the training repo's category; the same name in
  // any other repo (one's own) is not.
  if (
    isTrainingRepo(config, repository) &&
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
 * One usage per push, for its sender only: a commit's author name and e-mail are free text
 * anyone can set, so they never attribute usage. Keyed by the sha of the push's last commit
 * that cites Context7 (the same commit pushed to two branches is one fact), and dated by
 * when GitHub received the push, never by a commit's own (author-set) timestamp.
 */
function fromPush(
  config: Config,
  payload: PushPayload,
  receivedAt: string | undefined,
): DeveloperEvidence[] {
  const login = developer(config, payload.sender);
  if (login === undefined) return [];
  const citing = (payload.commits ?? []).filter(
    (commit) => detect(visibleText(commit.message)).length > 0,
  );
  const commit = citing.at(-1);
  const at = pushTime(payload, receivedAt);
  if (commit === undefined || at === undefined) return [];
  // Every citing commit's references count (kinds, libraries), in one fact for the push.
  const item = usage(
    `commit-${commit.id}`,
    at,
    "commit",
    payload.repository,
    citing.map((each) => each.message).join("\n\n"),
    commit.url,
  );
  return item === undefined ? [] : [{ login, evidence: item }];
}

/**
 * When GitHub received a push: the repository's `pushed_at`, which GitHub sets (Unix seconds
 * in a push payload), else the time the App received the delivery. Undefined when neither is
 * known: the commits' own dates are never used.
 */
function pushTime(payload: PushPayload, receivedAt: string | undefined): string | undefined {
  const pushedAt = payload.repository.pushed_at;
  const ms =
    typeof pushedAt === "number"
      ? pushedAt * 1000
      : typeof pushedAt === "string"
        ? Date.parse(pushedAt)
        : Number.NaN;
  if (Number.isFinite(ms) && ms > 0) return isoInstant(ms);
  return receivedAt;
}

/** An instant as records write it: whole seconds without `.000`. */
export function isoInstant(ms: number): string {
  return new Date(ms).toISOString().replace(".000Z", "Z");
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
