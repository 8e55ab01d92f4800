/**
 * Several developers' records in one commit, with GraphQL's `createCommitOnBranch`: read
 * the branch head, read each record at that head, merge the new facts, and commit all the
 * changed records in one mutation that lands only if the branch is still at the head that
 * was read (`expectedHeadOid`). When another writer moved the branch first, GitHub refuses
 * it (STALE_DATA) and the caller (the write queue) tries again with the facts that came
 * meanwhile. N records cost N + 2 calls (when the reads were slow, the head is read again,
 * and the records too if it moved: up to 3N + 4) and one content-creating request, where
 * the Contents API costs 2N calls and N commits; the commit is made and signed by GitHub
 * as the App.
 */
import type { DeveloperRecord, Evidence } from "../core/evidence.js";
import type { RecordsKeyring } from "../core/proof.js";
import { addProvenEvidence } from "../core/record-proofs.js";
import { recordPath } from "../core/records.js";
import {
  BrokenRecordError,
  ConflictRetriesExhaustedError,
  type ContentsApi,
  type RepoRef,
  readStoredRecord,
  type StoreResult,
  serializeReadable,
  UnreadableRecordError,
} from "./record-store.js";

/** The branch look-up (`octokit.rest.repos.getBranch` fits): its head commit. */
export interface BranchApi {
  getBranch(params: {
    owner: string;
    repo: string;
    branch: string;
  }): Promise<{ data: { commit: { sha: string } } }>;
}

/** A GraphQL call (`octokit.graphql` fits). */
export type GraphqlApi = <T>(query: string, variables: Record<string, unknown>) => Promise<T>;

/** A read of the head and the records that took longer than this is checked once more. */
export const FRESH_READ_MS = 250;
const MAX_READS = 3;

const CREATE_COMMIT = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) { commit { oid } }
}`;

/**
 * One attempt: `ConflictRetriesExhaustedError` when another writer moved the branch first
 * (nothing of it was written).
 */
export async function commitRecords(
  api: { repos: ContentsApi & BranchApi; graphql: GraphqlApi },
  target: RepoRef,
  branch: string,
  factsByLogin: ReadonlyMap<string, readonly Evidence[]>,
  {
    clock = Date.now,
    keyring = null,
  }: { clock?: () => number; keyring?: RecordsKeyring | null } = {},
): Promise<Map<string, StoreResult>> {
  const logins = [...factsByLogin.keys()];
  let head = "";
  let current: DeveloperRecord[] = [];
  // The head is read again when the records took long to read (a slow or retried answer),
  // and the records with it if it moved: a fresh read costs a GET, a refused commit a write.
  for (let reads = 1; reads <= MAX_READS; reads++) {
    const askedAt = clock();
    const { data } = await api.repos.getBranch({ ...target, branch });
    if (data.commit.sha === head) break;
    head = data.commit.sha;
    current = await readAll(api.repos, target, logins, head);
    if (clock() - askedAt <= FRESH_READ_MS) break;
  }
  const results = new Map<string, StoreResult>();
  const changed: { record: DeveloperRecord; added: Evidence[]; text: string }[] = [];
  const unreadable = new Map<string, BrokenRecordError>();
  logins.forEach((login, index) => {
    const { record, added } = addProvenEvidence(
      current[index] as DeveloperRecord,
      factsByLogin.get(login) ?? [],
      keyring,
    );
    results.set(login, { added, record, attempts: 1 });
    if (added.length === 0) return;
    try {
      changed.push({ record, added, text: serializeReadable(record, target) });
    } catch (error) {
      if (!(error instanceof UnreadableRecordError)) throw error;
      unreadable.set(login, error);
    }
  });
  // Like a broken record: the others are written without it (write-queue.ts).
  if (unreadable.size > 0) throw new BrokenRecordsError(unreadable);
  if (changed.length === 0) return results;
  try {
    await api.graphql(CREATE_COMMIT, {
      input: {
        branch: { repositoryNameWithOwner: `${target.owner}/${target.repo}`, branchName: branch },
        expectedHeadOid: head,
        message: { headline: batchMessage(changed) },
        fileChanges: {
          additions: changed.map(({ record, text }) => ({
            path: recordPath(record.login),
            contents: Buffer.from(text, "utf8").toString("base64"),
          })),
        },
      },
    });
    return results;
  } catch (error) {
    if (!isStaleHead(error)) throw error;
    throw new ConflictRetriesExhaustedError(
      `${target.owner}/${target.repo}@${branch} moved before the commit of ${logins.join(", ")}'s records; nothing was written`,
    );
  }
}

/**
 * Some records of a batch cannot be merged into (a person must fix them): the others can
 * still be committed without them.
 */
export class BrokenRecordsError extends Error {
  override name = "BrokenRecordsError";
  constructor(readonly byLogin: ReadonlyMap<string, BrokenRecordError>) {
    super([...byLogin.values()].map((error) => error.message).join("; "));
  }
}

/** Every record at `ref`; a broken one fails the read with `BrokenRecordsError`, naming all. */
async function readAll(
  repos: ContentsApi,
  target: RepoRef,
  logins: readonly string[],
  ref: string,
): Promise<DeveloperRecord[]> {
  const reads = await Promise.allSettled(
    logins.map((login) => readStoredRecord(repos, target, login, ref)),
  );
  const broken = new Map<string, BrokenRecordError>();
  reads.forEach((read, index) => {
    if (read.status === "rejected" && read.reason instanceof BrokenRecordError)
      broken.set(logins[index] as string, read.reason);
  });
  if (broken.size > 0) throw new BrokenRecordsError(broken);
  const failed = reads.find((read) => read.status === "rejected");
  if (failed !== undefined) throw (failed as PromiseRejectedResult).reason;
  return reads.map((read) => (read as PromiseFulfilledResult<DeveloperRecord>).value);
}

/**
 * GitHub's answer when the branch is no longer at `expectedHeadOid`: a GraphQL error of
 * type STALE_DATA, "Expected branch to point to "<oid>" but it did not. Pull and try again."
 */
function isStaleHead(error: unknown): boolean {
  const errors = (error as { errors?: unknown } | null)?.errors;
  return (
    Array.isArray(errors) &&
    errors.some(
      (entry: { type?: unknown; message?: unknown }) =>
        entry.type === "STALE_DATA" ||
        (typeof entry.message === "string" && entry.message.startsWith("Expected branch to point")),
    )
  );
}

/** "Record 7 facts for 3 developers: alice (3), bob (2), carol (2)" */
function batchMessage(changed: { record: DeveloperRecord; added: Evidence[] }[]): string {
  const facts = changed.reduce((sum, entry) => sum + entry.added.length, 0);
  const who = changed.map((entry) => `${entry.record.login} (${entry.added.length})`).join(", ");
  return `Record ${facts} facts for ${changed.length} developers: ${who}`;
}
