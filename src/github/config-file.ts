/** The programme config file as committed in the training repo. */
import type { Octokit } from "@octokit/rest";
import { CONFIG_PATH } from "../core/config.js";
import { fileText, httpStatus } from "./http.js";
import type { RepoRef } from "./record-store.js";

/**
 * The config's path holds a symbolic link: GitHub answers with the file it points to,
 * whose changes no guard on the config (who may change it) would see.
 */
export class ConfigLinkError extends Error {
  override name = "ConfigLinkError";
  constructor(
    target: RepoRef,
    readonly linkedTo: string,
  ) {
    super(
      `${target.owner}/${target.repo}: ${CONFIG_PATH} is a symbolic link to ${linkedTo}; the App reads only the file itself, so that who changes the config can be checked. Replace the link with the config file`,
    );
  }
}

/**
 * The text of `CONFIG_PATH` at `ref` (default: the default branch); "" when that path is
 * not a file (a folder), null when nothing is there. A symbolic link is a
 * `ConfigLinkError`; any other failure is thrown as it came.
 */
export async function readConfigText(
  octokit: Pick<Octokit, "rest">,
  target: RepoRef,
  ref?: string,
): Promise<string | null> {
  let data: unknown;
  try {
    ({ data } = await octokit.rest.repos.getContent({
      ...target,
      path: CONFIG_PATH,
      ...(ref === undefined ? {} : { ref }),
    }));
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
  const path = (data as { path?: unknown }).path;
  if (typeof path === "string" && path !== CONFIG_PATH) throw new ConfigLinkError(target, path);
  return fileText(data) ?? "";
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
