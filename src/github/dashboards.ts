/**
 * Commits the changed dashboards in one commit through the Git Data API (5 calls for any
 * number of files), fast-forward only: when the branch moved meanwhile (the App committed
 * a record), it rebuilds on the new head, since dashboards are whole files.
 */
import type { Octokit } from "@octokit/rest";
import type { PlannedFile } from "../core/plan.js";
import { httpStatus } from "./http.js";
import type { RepoRef } from "./issues.js";

export async function commitFiles(
  octokit: Octokit,
  repo: RepoRef,
  branch: string,
  files: readonly PlannedFile[],
  message: string,
  attempts = 3,
): Promise<string | null> {
  if (files.length === 0) return null;
  for (let attempt = 1; ; attempt++) {
    const { data: ref } = await octokit.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    const { data: parent } = await octokit.rest.git.getCommit({
      ...repo,
      commit_sha: ref.object.sha,
    });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: parent.tree.sha,
      tree: files.map((file) => ({
        path: file.path,
        mode: "100644" as const,
        type: "blob" as const,
        content: file.content,
      })),
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message,
      tree: tree.sha,
      parents: [parent.sha],
    });
    try {
      await octokit.rest.git.updateRef({
        ...repo,
        ref: `heads/${branch}`,
        sha: commit.sha,
        force: false,
      });
      return commit.sha;
    } catch (error) {
      if (httpStatus(error) !== 422 || attempt >= attempts) throw error;
    }
  }
}
