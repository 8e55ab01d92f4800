/**
 * The scheduled run's reads for the audit of `records/`: the commits on its branch that
 * touched the folder since a given instant (bounded pages), and the record files of the few
 * commits it flags.
 */
import type { Octokit } from "@octokit/rest";
import type { FlaggedCommit, RecordCommit } from "../core/record-edits.js";
import type { RepoRef } from "./issues.js";

/** Pages of 100 commits read at most: 500 commits since the previous workday began. */
export const MAX_COMMIT_PAGES = 5;
/** Flagged commits whose files are looked up per run (one call each). */
const MAX_FILE_LOOKUPS = 10;

export async function listRecordCommits(
  octokit: Octokit,
  repo: RepoRef,
  options: { branch: string; path: string; since: string },
): Promise<{ commits: RecordCommit[]; truncated: boolean }> {
  const commits: RecordCommit[] = [];
  let pages = 0;
  let truncated = false;
  for await (const page of octokit.paginate.iterator(octokit.rest.repos.listCommits, {
    ...repo,
    sha: options.branch,
    path: options.path,
    since: options.since,
    per_page: 100,
  })) {
    for (const item of page.data) {
      commits.push({
        sha: item.sha,
        login: item.author?.login ?? null,
        name: item.commit.author?.name ?? null,
        at: item.commit.author?.date ?? item.commit.committer?.date ?? options.since,
      });
    }
    pages++;
    if (pages >= MAX_COMMIT_PAGES) {
      truncated = page.data.length === 100;
      break;
    }
  }
  return { commits, truncated };
}

/**
 * Fills in the record files of the first flagged commits (one `repos.getCommit` each, at
 * most `MAX_FILE_LOOKUPS`); the rest keep `files: null`.
 */
export async function lookUpRecordFiles(
  octokit: Octokit,
  repo: RepoRef,
  commits: readonly FlaggedCommit[],
  path: string,
): Promise<FlaggedCommit[]> {
  const prefix = `${path.replace(/\/+$/, "")}/`;
  const out: FlaggedCommit[] = [];
  for (const [index, commit] of commits.entries()) {
    if (index >= MAX_FILE_LOOKUPS) {
      out.push(commit);
      continue;
    }
    const { data } = await octokit.rest.repos.getCommit({ ...repo, ref: commit.sha });
    const files = (data.files ?? [])
      .flatMap((file) => [file.filename, file.previous_filename ?? ""])
      .filter((name) => name.startsWith(prefix));
    out.push({ ...commit, files: [...new Set(files)].sort() });
  }
  return out;
}
