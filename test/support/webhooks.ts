/**
 * Webhook fixtures built from GitHub's own example payloads (@octokit/webhooks-examples):
 * a deep copy of the example with logins, bodies, timestamps and repository changed, so
 * every other field keeps GitHub's shape.
 */
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import type { WebhookEvent } from "../../src/core/events.js";

interface ExampleGroup {
  name: string;
  examples: Record<string, unknown>[];
}

const examples = createRequire(import.meta.url)("@octokit/webhooks-examples") as ExampleGroup[];

// biome-ignore lint/suspicious/noExplicitAny: payloads are edited field by field, as GitHub shapes them.
type Payload = any;

export function example(name: string, action?: string): Payload {
  const group = examples.find((candidate) => candidate.name === name);
  const found = group?.examples.find(
    (candidate) => action === undefined || candidate.action === action,
  );
  if (found === undefined) throw new Error(`no example payload for ${name}.${action ?? ""}`);
  return structuredClone(found);
}

let delivery = 0;
export const deliveryId = () => `00000000-0000-4000-8000-${String(++delivery).padStart(12, "0")}`;

function setRepository(payload: Payload, fullName: string) {
  const [owner, name] = fullName.split("/");
  payload.repository.full_name = fullName;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  payload.repository.html_url = `https://github.com/${fullName}`;
}

function setUser(user: Payload, login: string) {
  user.login = login;
  user.html_url = `https://github.com/${login}`;
  user.type = login.endsWith("[bot]") ? "Bot" : "User";
}

export interface PullRequestOptions {
  action: "opened" | "edited" | "closed";
  author: string;
  /** Who sent the event (for `edited`, the editor); default: the author. */
  sender?: string;
  /** For `edited`: the body before the edit (`changes.body.from`); absent: the body did not change. */
  previousBody?: string;
  repo: string;
  number?: number;
  title?: string;
  body?: string;
  at: string;
  merged?: boolean;
}

function pullRequestFields(pr: Payload, options: Omit<PullRequestOptions, "action" | "at">) {
  const number = options.number ?? 1;
  setUser(pr.user, options.author);
  pr.number = number;
  pr.id = 1_000_000 + number;
  pr.node_id = `PR_kwDO${number}`;
  pr.title = options.title ?? "Change";
  pr.body = options.body ?? "";
  pr.html_url = `https://github.com/${options.repo}/pull/${number}`;
  // Each pull request its own head commit (the examples all share one), as on GitHub.
  pr.head.sha = createHash("sha1").update(`${options.repo}#${number}`).digest("hex");
}

export function pullRequestEvent(options: PullRequestOptions): WebhookEvent {
  // GitHub's examples have no `edited` PR: an `opened` one with the edit's own fields.
  const payload = example("pull_request", options.action === "edited" ? "opened" : options.action);
  payload.action = options.action;
  setRepository(payload, options.repo);
  setUser(payload.sender, options.sender ?? options.author);
  if (options.action === "edited")
    payload.changes =
      options.previousBody === undefined ? {} : { body: { from: options.previousBody } };
  pullRequestFields(payload.pull_request, options);
  const pr = payload.pull_request;
  pr.created_at = options.action === "opened" ? options.at : "2026-11-20T08:00:00Z";
  pr.updated_at = options.at;
  if (options.action === "closed") {
    pr.state = "closed";
    pr.closed_at = options.at;
    pr.merged = options.merged ?? false;
    pr.merged_at = options.merged ? options.at : null;
  }
  return { name: "pull_request", id: deliveryId(), payload };
}

/** A review of a PR dismissed by `dismissedBy` (GitHub keeps the review's own fields). */
export function reviewDismissedEvent(
  options: ReviewOptions & { dismissedBy: string },
): WebhookEvent {
  const submitted = reviewEvent(options);
  const payload = example("pull_request_review", "dismissed");
  payload.repository = (submitted.payload as Payload).repository;
  payload.pull_request = (submitted.payload as Payload).pull_request;
  payload.review = { ...(submitted.payload as Payload).review, state: "dismissed" };
  setUser(payload.sender, options.dismissedBy);
  return { name: "pull_request_review", id: deliveryId(), payload };
}

export interface ReviewOptions {
  reviewer: string;
  author: string;
  repo: string;
  number?: number;
  prTitle?: string;
  prBody?: string;
  body: string;
  state?: "approved" | "commented" | "changes_requested";
  reviewId?: number;
  at: string;
}

export function reviewEvent(options: ReviewOptions): WebhookEvent {
  const payload = example("pull_request_review", "submitted");
  setRepository(payload, options.repo);
  pullRequestFields(payload.pull_request, {
    ...options,
    title: options.prTitle,
    body: options.prBody,
  });
  const review = payload.review;
  setUser(review.user, options.reviewer);
  review.id = options.reviewId ?? 5000;
  review.body = options.body;
  review.state = options.state ?? "commented";
  review.submitted_at = options.at;
  review.html_url = `https://github.com/${options.repo}/pull/${options.number ?? 1}#pullrequestreview-${review.id}`;
  return { name: "pull_request_review", id: deliveryId(), payload };
}

export function reviewCommentEvent(
  options: Omit<ReviewOptions, "state"> & { commentId?: number },
): WebhookEvent {
  const payload = example("pull_request_review_comment", "created");
  setRepository(payload, options.repo);
  pullRequestFields(payload.pull_request, {
    ...options,
    title: options.prTitle,
    body: options.prBody,
  });
  const comment = payload.comment;
  setUser(comment.user, options.reviewer);
  comment.id = options.commentId ?? 7000;
  comment.pull_request_review_id = options.reviewId ?? 5000;
  comment.body = options.body;
  comment.created_at = options.at;
  comment.updated_at = options.at;
  return { name: "pull_request_review_comment", id: deliveryId(), payload };
}

export function issueCommentEvent(options: {
  author: string;
  repo: string;
  body: string;
  at: string;
  commentId?: number;
  issueNumber?: number;
}): WebhookEvent {
  const payload = example("issue_comment", "created");
  setRepository(payload, options.repo);
  const comment = payload.comment;
  setUser(comment.user, options.author);
  comment.id = options.commentId ?? 9000;
  comment.body = options.body;
  comment.created_at = options.at;
  comment.updated_at = options.at;
  payload.issue.number = options.issueNumber ?? 3;
  comment.html_url = `https://github.com/${options.repo}/issues/${payload.issue.number}#issuecomment-${comment.id}`;
  return { name: "issue_comment", id: deliveryId(), payload };
}

export function discussionEvent(options: {
  author: string;
  repo: string;
  title: string;
  body: string;
  category: string;
  at: string;
  id?: number;
}): WebhookEvent {
  const payload = example("discussion", "created");
  setRepository(payload, options.repo);
  const discussion = payload.discussion;
  setUser(discussion.user, options.author);
  discussion.id = options.id ?? 4000;
  discussion.node_id = `D_kwDO${discussion.id}`;
  discussion.title = options.title;
  discussion.body = options.body;
  discussion.category.name = options.category;
  discussion.created_at = options.at;
  return { name: "discussion", id: deliveryId(), payload };
}

export function discussionCommentEvent(options: {
  author: string;
  repo: string;
  body: string;
  at: string;
}): WebhookEvent {
  const payload = example("discussion_comment", "created");
  setRepository(payload, options.repo);
  setUser(payload.comment.user, options.author);
  payload.comment.body = options.body;
  payload.comment.created_at = options.at;
  return { name: "discussion_comment", id: deliveryId(), payload };
}

export function pushEvent(options: {
  repo: string;
  commits: { sha: string; author: string | null; message: string; at: string }[];
  /** Who pushed; default: the first commit's author. */
  sender?: string;
  /** When GitHub received the push (`repository.pushed_at`); default: the last commit's time. */
  pushedAt?: string | null;
}): WebhookEvent {
  const payload = example("push");
  const template = example("push").head_commit;
  setRepository(payload, options.repo);
  const sender =
    options.sender ?? options.commits.find((c) => c.author !== null)?.author ?? "alice";
  setUser(payload.sender, sender);
  payload.pusher = { name: sender, email: `${sender}@users.noreply.github.com` };
  const pushedAt = options.pushedAt === undefined ? options.commits.at(-1)?.at : options.pushedAt;
  payload.repository.pushed_at =
    pushedAt === null || pushedAt === undefined ? null : Date.parse(pushedAt) / 1000;
  payload.commits = options.commits.map((commit) => ({
    ...structuredClone(template),
    id: commit.sha,
    message: commit.message,
    timestamp: commit.at,
    url: `https://github.com/${options.repo}/commit/${commit.sha}`,
    author: { ...template.author, username: commit.author ?? undefined },
  }));
  payload.head_commit = payload.commits.at(-1) ?? null;
  return { name: "push", id: deliveryId(), payload };
}

/** A push that changes the config on the repo's default branch (the config check's trigger). */
export function configPushEvent(repo: string, sha: string, at: string): WebhookEvent {
  const push = pushEvent({
    repo,
    commits: [{ sha, author: "dev-manager", message: "Update config", at }],
  });
  const payload = push.payload as Payload;
  payload.ref = `refs/heads/${payload.repository.default_branch}`;
  payload.after = sha;
  payload.commits[0].modified = [".github/context7-training.yml"];
  return push;
}

/** An exercise submission's PR body that passes the exercise check. */
export function submissionBody(
  exercise: string,
  library: string,
  libraryId: string,
  topic: string,
): string {
  return `Exercise: ${exercise}

## Context7 steps
1. resolve-library-id: "${library}"
2. query-docs: "${libraryId}", topic: "${topic}"

## Best practices
- Read the docs for the exact version in package.json
- Prefer the documented configuration over custom wrappers
- Keep the example's error handling

## Tests
Unit tests cover the new code.`;
}
