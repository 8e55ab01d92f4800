/** What the App reads of a pull request: the files it changes and its reviews. */
import type { Octokit } from "@octokit/rest";
import type { RepoRef } from "./record-store.js";

/** The calls made (an installation's Octokit fits). */
export type PullsClient = Pick<Octokit, "rest" | "paginate">;

/** Every file the pull request changes: one `pulls.listFiles` call per 100 files. */
export function listPullFiles(octokit: PullsClient, target: RepoRef, pullNumber: number) {
  return octokit.paginate(octokit.rest.pulls.listFiles, {
    ...target,
    pull_number: pullNumber,
    per_page: 100,
  });
}

/** The pull request's reviews, oldest first: one call, the first 100. */
export async function listPullReviews(octokit: PullsClient, target: RepoRef, pullNumber: number) {
  const { data } = await octokit.rest.pulls.listReviews({
    ...target,
    pull_number: pullNumber,
    per_page: 100,
  });
  return data;
}
