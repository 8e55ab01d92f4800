/**
 * Several developers' records in one commit, through the Git Data API: read the branch
 * head, read each record at that head, merge the new facts, and write one tree and one
 * commit; the branch moves only if it is still at the head that was read (a fast-forward,
 * never forced), so a concurrent writer makes the update fail, and the batch is read and
 * merged again. N records cost N + 4 calls and 3 content-creating requests, where the
 * Contents API costs 2N calls and N commits: the write queue uses this for a burst that
 * touches many records at once.
 */
import type { DeveloperRecord, Evidence } from "../core/evidence.js";
import { addEvidence, recordPath, serializeRecord } from "../core/records.js";
import {
  backOff,
  ConflictRetriesExhaustedError,
  type ContentsApi,
  isConflict,
  type RepoRef,
  readStoredRecord,
  type StoreOptions,
  type StoreResult,
} from "./record-store.js";

/** A type literal, not an interface, so Octokit's parameter types accept it. */
type Repo = { owner: string; repo: string };

/** The branch look-up (`octokit.rest.repos.getBranch` fits): its head and the head's tree. */
export interface BranchApi {
  getBranch(
    params: Repo & { branch: string },
  ): Promise<{ data: { commit: { sha: string; commit: { tree: { sha: string } } } } }>;
}

/** The Git Data calls used here; `octokit.rest.git` fits. */
export interface GitDataApi {
  createTree(
    params: Repo & {
      base_tree: string;
      tree: { path: string; mode: "100644"; type: "blob"; content: string }[];
    },
  ): Promise<{ data: { sha: string } }>;
  createCommit(
    params: Repo & { message: string; tree: string; parents: string[] },
  ): Promise<{ data: { sha: string } }>;
  updateRef(params: Repo & { ref: string; sha: string; force: boolean }): Promise<unknown>;
}

export async function commitRecords(
  api: { repos: ContentsApi & BranchApi; git: GitDataApi },
  target: RepoRef,
  branch: string,
  factsByLogin: ReadonlyMap<string, readonly Evidence[]>,
  options: StoreOptions = {},
): Promise<Map<string, StoreResult>> {
  const { maxAttempts = 5 } = options;
  const ref = `heads/${branch}`;
  for (let attempt = 1; ; attempt++) {
    const { data: head } = await api.repos.getBranch({ ...target, branch });
    const parent = { sha: head.commit.sha, tree: head.commit.commit.tree.sha };
    const logins = [...factsByLogin.keys()];
    const current = await Promise.all(
      logins.map((login) => readStoredRecord(api.repos, target, login, parent.sha)),
    );
    const results = new Map<string, StoreResult>();
    const changed: { login: string; record: DeveloperRecord; added: Evidence[] }[] = [];
    logins.forEach((login, index) => {
      const { record, added } = addEvidence(
        current[index] as DeveloperRecord,
        factsByLogin.get(login) ?? [],
      );
      results.set(login, { added, record, attempts: attempt });
      if (added.length > 0) changed.push({ login: record.login, record, added });
    });
    if (changed.length === 0) return results;
    const { data: tree } = await api.git.createTree({
      ...target,
      base_tree: parent.tree,
      tree: changed.map(({ record }) => ({
        path: recordPath(record.login),
        mode: "100644",
        type: "blob",
        content: serializeRecord(record),
      })),
    });
    const { data: commit } = await api.git.createCommit({
      ...target,
      message: batchMessage(changed),
      tree: tree.sha,
      parents: [parent.sha],
    });
    try {
      await api.git.updateRef({ ...target, ref, sha: commit.sha, force: false });
      return results;
    } catch (error) {
      // 422 "Update is not a fast forward": another commit landed since the head was read.
      if (!isConflict(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new ConflictRetriesExhaustedError(
          `${target.owner}/${target.repo}@${branch} moved under every one of ${maxAttempts} attempts to record facts for ${logins.join(", ")}; nothing was lost, the deliveries can be redelivered`,
        );
      }
      await backOff(attempt, options, `${target.owner}/${target.repo}@${branch}`);
    }
  }
}

/** "Record 7 facts for 3 developers: alice (3), bob (2), carol (2)" */
function batchMessage(changed: { login: string; added: Evidence[] }[]): string {
  const facts = changed.reduce((sum, entry) => sum + entry.added.length, 0);
  const who = changed.map((entry) => `${entry.login} (${entry.added.length})`).join(", ");
  return `Record ${facts} facts for ${changed.length} developers: ${who}`;
}
