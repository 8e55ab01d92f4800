/** The programme config file as committed in the training repo. */
import type { Octokit } from "@octokit/rest";
import { CONFIG_PATH } from "../core/config.js";
import { fileText, httpStatus } from "./http.js";
import type { RepoRef } from "./record-store.js";

/**
 * The text of `CONFIG_PATH` at `ref` (default: the default branch); "" when that path is
 * not a file (a folder), null when nothing is there. Any other failure is thrown.
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
    return fileText(data) ?? "";
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
