/** The programme config file as committed in the training repo. */
import type { Octokit } from "@octokit/rest";
import { CONFIG_PATH } from "../core/config.js";
import { fileText, httpStatus } from "./http.js";
import type { RepoRef } from "./record-store.js";

/**
 * The text of `CONFIG_PATH` at `ref` (default: the default branch); "" when that path is
 * not a file (a folder), null when nothing is there. A symbolic link, and any other
 * failure, is thrown.
 */
export async function readConfigText(
  octokit: Pick<Octokit, "rest">,
  target: RepoRef,
  ref?: string,
): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      ...target,
      path: CONFIG_PATH,
      ...(ref === undefined ? {} : { ref }),
    });
    const path = (data as { path?: unknown }).path;
    if (typeof path === "string" && path !== CONFIG_PATH)
      // GitHub answers for a symbolic link with the file it points to: the guards on the
      // config (who may change it) would not see a change to that other file.
      throw new Error(
        `${target.owner}/${target.repo}: ${CONFIG_PATH} is a symbolic link to ${path}; the App reads only the file itself, so that who changes the config can be checked. Replace the link with the config file`,
      );
    return fileText(data) ?? "";
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}

/** A commit that changed the config, and its first parent (null for a root commit). */
export interface ConfigCommit {
  sha: string;
  parent: string | null;
}

/** The newest `max` commits up to `ref` that changed the config, newest first (one call). */
export async function configCommits(
  octokit: Pick<Octokit, "rest">,
  target: RepoRef,
  ref: string,
  max: number,
): Promise<ConfigCommit[]> {
  const { data } = await octokit.rest.repos.listCommits({
    ...target,
    sha: ref,
    path: CONFIG_PATH,
    per_page: max,
  });
  return data.map((commit) => ({ sha: commit.sha, parent: commit.parents[0]?.sha ?? null }));
}
