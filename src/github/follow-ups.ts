/**
 * The App's follow-ups to a recorded fact (a reply, a check run, closing an issue), each
 * done exactly once across redeliveries and App instances: before writing, each looks on
 * GitHub for what an earlier attempt already wrote (a reply by its hidden marker, a check
 * run by name and head sha, an issue by its state). So a delivery whose record commit
 * landed but whose follow-up failed is completed by its redelivery, and a redelivery after
 * everything succeeded writes nothing. Within one App instance, follow-ups with the same
 * key run one after the other, so two copies of one delivery cannot both miss the other's.
 * `own` are the logins the programme writes with (the App's and github-actions'): only
 * their replies and check runs count as written already.
 */

import type { Octokit } from "@octokit/rest";
import { isOwnAuthor, readMarker, writeMarker } from "../core/markers.js";
import { OneAtATime } from "../core/one-at-a-time.js";

/** The calls made: issues, comments and check runs (an installation's Octokit fits). */
export type FollowUpsClient = Pick<Octokit, "rest" | "paginate">;

export interface IssueRef {
  owner: string;
  repo: string;
  issue_number: number;
}

/** Two copies of one follow-up in this process look GitHub up one after the other. */
const running = new OneAtATime();
const oneAtATime = <T>(key: string, work: () => Promise<T>) => running.run(key, work);

/** The hidden marker a reply ends with: what it answers. */
export function replyMarker(to: string): string {
  return writeMarker("reply", { to });
}

/**
 * Posts `body` on the issue or pull request as the answer to `to` (a comment, an issue, a
 * certificate: whatever is answered once), unless the App already did. `body` may be a
 * function, run only when no answer exists yet (null: nothing to say). Returns whether it
 * posted.
 */
export async function replyOnce(
  octokit: FollowUpsClient,
  own: readonly string[],
  issue: IssueRef,
  to: string,
  body: string | (() => Promise<string | null>),
  /**
   * When what is answered was written (a comment's creation): the answer came later, so
   * only the comments since then are looked through, however long the thread.
   */
  since?: string,
): Promise<boolean> {
  return postOnce(
    `reply ${issue.owner}/${issue.repo}#${issue.issue_number} ${to}`,
    own,
    to,
    body,
    () =>
      octokit.paginate(octokit.rest.issues.listComments, {
        ...issue,
        per_page: 100,
        ...(since === undefined ? {} : { since }),
      }),
    (text) => octokit.rest.issues.createComment({ ...issue, body: text }),
  );
}

/** `replyOnce` for a commit: a comment on it, which notifies those it mentions. */
export async function commitCommentOnce(
  octokit: FollowUpsClient,
  own: readonly string[],
  commit: { owner: string; repo: string; commit_sha: string },
  to: string,
  body: string,
): Promise<boolean> {
  return postOnce(
    `commit ${commit.owner}/${commit.repo}@${commit.commit_sha} ${to}`,
    own,
    to,
    body,
    () => octokit.paginate(octokit.rest.repos.listCommentsForCommit, { ...commit, per_page: 100 }),
    (text) => octokit.rest.repos.createCommitComment({ ...commit, body: text }),
  );
}

interface Comment {
  user?: { login?: string; type?: string } | null;
  body?: string | null;
}

/** Posts the answer to `to` unless one of `own`'s listed comments ends with its marker. */
async function postOnce(
  key: string,
  own: readonly string[],
  to: string,
  body: string | (() => Promise<string | null>),
  list: () => Promise<Comment[]>,
  create: (text: string) => Promise<unknown>,
): Promise<boolean> {
  return oneAtATime(key.toLowerCase(), async () => {
    const answered = (await list()).some(
      (comment) => isOwnAuthor(comment.user, own) && readMarker("reply", comment.body)?.to === to,
    );
    if (answered) return false;
    const text = typeof body === "string" ? body : await body();
    if (text === null) return false;
    await create(`${text}\n\n${replyMarker(to)}`);
    return true;
  });
}

export interface CheckRunFields {
  owner: string;
  repo: string;
  name: string;
  head_sha: string;
  conclusion: "success" | "failure";
  output: {
    title: string;
    summary: string;
    annotations?: {
      path: string;
      start_line: number;
      end_line: number;
      annotation_level: "failure" | "warning" | "notice";
      message: string;
    }[];
  };
}

/**
 * The completed check run `name` on `head_sha`: created when the App has none there yet,
 * updated when its result changed (a pull request edited without a new commit), else left
 * as it is.
 */
export async function checkRunOnce(
  octokit: FollowUpsClient,
  own: readonly string[],
  fields: CheckRunFields,
): Promise<void> {
  const { owner, repo, name, head_sha } = fields;
  const key = `check ${owner}/${repo} ${name} ${head_sha}`.toLowerCase();
  await oneAtATime(key, async () => {
    const { data } = await octokit.rest.checks.listForRef({
      owner,
      repo,
      ref: head_sha,
      check_name: name,
      filter: "latest",
      per_page: 100,
    });
    // Another App's check run of the same name is not ours to update.
    const existing = data.check_runs.find(
      (run) =>
        run.name === name &&
        run.head_sha === head_sha &&
        isOwnAuthor({ login: `${run.app?.slug ?? ""}[bot]` }, own),
    );
    if (existing === undefined) {
      await octokit.rest.checks.create({ ...fields, status: "completed" });
      return;
    }
    const same =
      existing.conclusion === fields.conclusion &&
      existing.output?.title === fields.output.title &&
      existing.output?.summary === fields.output.summary;
    if (same) return;
    await octokit.rest.checks.update({
      owner,
      repo,
      check_run_id: existing.id,
      status: "completed",
      conclusion: fields.conclusion,
      output: fields.output,
    });
  });
}

/**
 * Closes the issue (with `body` as its new body, if given) unless it is closed already;
 * `not_planned` for an attempt that was refused rather than done.
 */
export async function closeIssueOnce(
  octokit: FollowUpsClient,
  issue: IssueRef,
  body?: string,
  reason: "completed" | "not_planned" = "completed",
): Promise<boolean> {
  const key = `close ${issue.owner}/${issue.repo}#${issue.issue_number}`.toLowerCase();
  return oneAtATime(key, async () => {
    const { data } = await octokit.rest.issues.get({ ...issue });
    if (data.state === "closed") return false;
    await octokit.rest.issues.update({
      ...issue,
      ...(body === undefined ? {} : { body }),
      state: "closed",
      state_reason: reason,
    });
    return true;
  });
}
