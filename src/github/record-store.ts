/**
 * The one writer path for `records/<login>.yml` in the training repo. Each change is one
 * commit through the Contents API, compare-and-swap on the blob sha that was read: when
 * another writer got there first (409, or 422 for a stale or missing sha), the store
 * re-reads, re-merges and retries with backoff, so concurrent deliveries never lose a fact.
 * Evidence already present costs one read and no commit.
 *
 * Without `ref` or `branch`, the Contents API reads and writes the default branch, which
 * saves looking the branch up.
 */
import type { DeveloperRecord, Evidence } from "../core/evidence.js";
import { formatProblem } from "../core/problems.js";
import {
  addEvidence,
  emptyRecord,
  parseRecord,
  recordPath,
  serializeRecord,
} from "../core/records.js";

/** The two Contents API calls the store makes; `octokit.rest.repos` fits. */
export interface ContentsApi {
  getContent(params: { owner: string; repo: string; path: string }): Promise<{ data: unknown }>;
  createOrUpdateFileContents(params: {
    owner: string;
    repo: string;
    path: string;
    message: string;
    content: string;
    sha?: string;
  }): Promise<unknown>;
}

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface StoreOptions {
  /** Attempts before giving up on a file that keeps changing under us. */
  maxAttempts?: number;
  /** First backoff; it doubles each retry, with up to as much again of jitter. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

export interface StoreResult {
  /** The facts that were new and are now committed; empty when all were there already. */
  added: Evidence[];
  attempts: number;
}

/** A record in the repo that the store cannot merge into: a person must fix it. */
export class BrokenRecordError extends Error {
  override name = "BrokenRecordError";
}

export class ConflictRetriesExhaustedError extends Error {
  override name = "ConflictRetriesExhaustedError";
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function storeEvidence(
  api: ContentsApi,
  target: RepoRef,
  login: string,
  items: readonly Evidence[],
  options: StoreOptions = {},
): Promise<StoreResult> {
  const { maxAttempts = 5, backoffMs = 200, sleep = defaultSleep, random = Math.random } = options;
  const path = recordPath(login);
  for (let attempt = 1; ; attempt++) {
    const current = await readRecord(api, target, path, login);
    const { record, added } = addEvidence(current.record, items);
    if (added.length === 0) return { added, attempts: attempt };
    try {
      await api.createOrUpdateFileContents({
        ...target,
        path,
        message: commitMessage(record.login, added),
        content: Buffer.from(serializeRecord(record), "utf8").toString("base64"),
        ...(current.sha === null ? {} : { sha: current.sha }),
      });
      return { added, attempts: attempt };
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (attempt >= maxAttempts) {
        throw new ConflictRetriesExhaustedError(
          `${path} in ${target.owner}/${target.repo} changed under every one of ${maxAttempts} attempts to record ${added.length} facts; nothing was lost, the delivery can be redelivered`,
        );
      }
      await sleep(backoffMs * 2 ** (attempt - 1) * (1 + random()));
    }
  }
}

function isConflict(error: unknown): boolean {
  const status = (error as { status?: unknown } | null)?.status;
  return status === 409 || status === 422;
}

async function readRecord(
  api: ContentsApi,
  target: RepoRef,
  path: string,
  login: string,
): Promise<{ record: DeveloperRecord; sha: string | null }> {
  let data: unknown;
  try {
    ({ data } = await api.getContent({ ...target, path }));
  } catch (error) {
    if ((error as { status?: unknown }).status === 404)
      return { record: emptyRecord(login), sha: null };
    throw error;
  }
  const file = data as { type?: string; content?: string; encoding?: string; sha?: string };
  if (Array.isArray(data) || file.type !== "file" || typeof file.sha !== "string") {
    throw new BrokenRecordError(
      `${path} in ${target.owner}/${target.repo} is not a file; move it away so the App can write the record`,
    );
  }
  const text = Buffer.from(file.content ?? "", "base64").toString("utf8");
  const parsed = parseRecord(text, path);
  if (!parsed.ok) {
    const problems = parsed.problems.map(formatProblem).join("; ");
    throw new BrokenRecordError(
      `${target.owner}/${target.repo}: ${problems}. Nothing was written; fix the file (npx context7-training validate) and redeliver the event`,
    );
  }
  return { record: parsed.value, sha: file.sha };
}

/** "Record 2 facts for alice: usage (review), review-reference" */
export function commitMessage(login: string, added: readonly Evidence[]): string {
  const kinds = added.map((item) => (item.kind === "usage" ? `usage (${item.source})` : item.kind));
  const facts = added.length === 1 ? "1 fact" : `${added.length} facts`;
  return `Record ${facts} for ${login}: ${[...new Set(kinds)].join(", ")}`;
}
