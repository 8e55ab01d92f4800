/**
 * The one writer path for `records/<login>.yml` in the training repo. Each change is one
 * commit through the Contents API, compare-and-swap on the blob sha that was read: when
 * another writer got there first (409, or 422 for a stale or missing sha), the store
 * re-reads, re-merges and retries with backoff, so concurrent deliveries never lose a fact.
 * Evidence already present costs one read and no commit.
 *
 * `updateFile` is the same compare-and-swap for the App's other files (the certificate
 * registry, credentials).
 *
 * Without `ref` or `branch`, the Contents API reads and writes the default branch, which
 * saves looking the branch up.
 */
import type { DeveloperRecord, Evidence } from "../core/evidence.js";
import { formatProblem } from "../core/problems.js";
import type { RecordsKeyring } from "../core/proof.js";
import { addProvenEvidence, provenRecord } from "../core/record-proofs.js";
import { emptyRecord, parseRecord, recordPath, serializeRecord } from "../core/records.js";
import { decode, fileText, httpStatus } from "./http.js";

/** The two Contents API calls the store makes; `octokit.rest.repos` fits. */
export interface ContentsApi {
  getContent(params: {
    owner: string;
    repo: string;
    path: string;
    ref?: string;
    mediaType?: { format: string };
  }): Promise<{ data: unknown }>;
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
  clock?: () => number;
  /** Signs the new facts (`CONTEXT7_RECORDS_KEY`); without it they are written unsigned. */
  keyring?: RecordsKeyring | null;
}

export interface StoreResult {
  /** The facts that were new and are now committed; empty when all were there already. */
  added: Evidence[];
  /** The record with the facts, as committed. */
  record: DeveloperRecord;
  attempts: number;
}

/** A record in the repo that the store cannot merge into: a person must fix it. */
export class BrokenRecordError extends Error {
  override name = "BrokenRecordError";
}

/**
 * A record the App was about to write that would not read back (a fact carries a value the
 * record format does not take): nothing is written, and the delivery fails so that it can
 * be redelivered once the App is fixed.
 */
export class UnreadableRecordError extends BrokenRecordError {
  override name = "UnreadableRecordError";
}

/**
 * The text of `records/<login>.yml` for a record, once it reads back, with the reader the
 * Action and the CLI use (`parseRecord`), as the very same record. Otherwise an
 * `UnreadableRecordError`: never write what the next run could not read.
 */
export function serializeReadable(record: DeveloperRecord, target: RepoRef): string {
  const path = recordPath(record.login);
  const text = serializeRecord(record);
  const parsed = parseRecord(text, path);
  const problems = !parsed.ok
    ? parsed.problems.map(formatProblem)
    : serializeRecord(parsed.value) === text
      ? []
      : [`${path}: reads back as a different record`];
  if (problems.length === 0) return text;
  throw new UnreadableRecordError(
    `${target.owner}/${target.repo}: ${path} was not written, since it would not read back: ${problems.join("; ")}. A fact of this delivery holds a value the record format does not take; the delivery fails so it can be redelivered once the App is fixed`,
  );
}

export class ConflictRetriesExhaustedError extends Error {
  override name = "ConflictRetriesExhaustedError";
}

/** After a conflict: wait for the next attempt, or give up after `maxAttempts`. */
async function backOff(attempt: number, options: StoreOptions, what: string): Promise<void> {
  const { maxAttempts = 5, backoffMs = 200, sleep = defaultSleep, random = Math.random } = options;
  if (attempt >= maxAttempts) {
    throw new ConflictRetriesExhaustedError(
      `${what} changed under every one of ${attempt} attempts to write it; nothing was written for this delivery, redeliver it`,
    );
  }
  await sleep(backoffMs * 2 ** (Math.min(attempt, 5) - 1) * (1 + random()));
}

export const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A file's text and the blob sha it was read at; `null` when the file does not exist. */
export interface FileVersion {
  text: string;
  sha: string;
}

/** What an update does with the file it read: a new content (or none) and what to return. */
export interface FileChange<T> {
  /** The new content, or null to leave the file as it is. */
  content: string | null;
  message: string;
  result: T;
}

/**
 * Compare-and-swap on one file: read it, let `change` compute the new content from what was
 * read, write it with the blob sha read; on 409/422 another writer got there first, so
 * read again and recompute, with backoff. `change` must be pure: it may run several times.
 */
export async function updateFile<T>(
  api: ContentsApi,
  target: RepoRef,
  path: string,
  change: (current: FileVersion | null) => FileChange<T>,
  options: StoreOptions = {},
): Promise<{ result: T; attempts: number; written: boolean }> {
  for (let attempt = 1; ; attempt++) {
    const current = await readFile(api, target, path);
    const { content, message, result } = change(current);
    if (content === null) return { result, attempts: attempt, written: false };
    try {
      await api.createOrUpdateFileContents({
        ...target,
        path,
        message,
        content: Buffer.from(content, "utf8").toString("base64"),
        ...(current === null ? {} : { sha: current.sha }),
      });
      return { result, attempts: attempt, written: true };
    } catch (error) {
      if (!isConflict(error)) throw error;
      await backOff(attempt, options, `${path} in ${target.owner}/${target.repo}`);
    }
  }
}

export async function storeEvidence(
  api: ContentsApi,
  target: RepoRef,
  login: string,
  items: readonly Evidence[],
  options: StoreOptions = {},
): Promise<StoreResult> {
  return storeDecision(api, target, login, () => ({ items, decision: null }), options);
}

/**
 * `storeEvidence` for facts that depend on the record itself (a knowledge check is graded
 * only when no other attempt was graded that day): `decide` picks them from the record as
 * it is at each attempt to write, counting only the App's own (proven) facts, so two App
 * instances deciding at once cannot both pass the rule: the second writer's compare-and-swap
 * fails, and it decides again on the record with the first one's fact. `decide` must be pure.
 */
export async function storeDecision<T>(
  api: ContentsApi,
  target: RepoRef,
  login: string,
  decide: (record: DeveloperRecord) => { items: readonly Evidence[]; decision: T },
  options: StoreOptions = {},
): Promise<StoreResult & { decision: T }> {
  const path = recordPath(login);
  const keyring = options.keyring ?? null;
  const { result, attempts } = await updateFile(
    api,
    target,
    path,
    (current) => {
      const stored = parseStored(current, path, target, login);
      const { items, decision } = decide(provenRecord(stored, keyring));
      const { record, added } = addProvenEvidence(stored, items, keyring);
      return {
        content: added.length === 0 ? null : serializeReadable(record, target),
        message: commitMessage(record.login, added),
        result: { added, record, decision },
      };
    },
    options,
  );
  return { ...result, attempts };
}

/** A developer's record as committed now, or at `ref` (empty when there is none yet). */
export async function readStoredRecord(
  api: ContentsApi,
  target: RepoRef,
  login: string,
  ref?: string,
): Promise<DeveloperRecord> {
  const path = recordPath(login);
  return parseStored(await readFile(api, target, path, ref), path, target, login);
}

function isConflict(error: unknown): boolean {
  const status = httpStatus(error);
  return status === 409 || status === 422;
}

async function readFile(
  api: ContentsApi,
  target: RepoRef,
  path: string,
  ref?: string,
): Promise<FileVersion | null> {
  let data: unknown;
  try {
    ({ data } = await api.getContent({ ...target, path, ...(ref === undefined ? {} : { ref }) }));
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
  const file = data as { type?: string; content?: string; encoding?: string; sha?: string };
  if (Array.isArray(data) || file.type !== "file" || typeof file.sha !== "string") {
    throw new BrokenRecordError(
      `${path} in ${target.owner}/${target.repo} is not a file; move it away so the App can write it`,
    );
  }
  if (file.encoding === "none") {
    // Over 1 MB the Contents API leaves the content out: read the file raw (up to 100 MB).
    // Should it have changed in between, the write with the sha read first is refused as
    // a conflict and the whole read is made again.
    const raw = await api.getContent({
      ...target,
      path,
      ...(ref === undefined ? {} : { ref }),
      mediaType: { format: "raw" },
    });
    const text = decode(raw.data);
    if (text === null)
      throw new Error(`${path} in ${target.owner}/${target.repo}: its raw read gave no text`);
    return { text, sha: file.sha };
  }
  return { text: fileText(data) ?? "", sha: file.sha };
}

function parseStored(
  current: FileVersion | null,
  path: string,
  target: RepoRef,
  login: string,
): DeveloperRecord {
  if (current === null) return emptyRecord(login);
  const parsed = parseRecord(current.text, path);
  if (!parsed.ok) {
    const problems = parsed.problems.map(formatProblem).join("; ");
    throw new BrokenRecordError(
      `${target.owner}/${target.repo}: ${problems}. Nothing was written; fix the file (npx context7-training validate) and redeliver the event`,
    );
  }
  return parsed.value;
}

/** "Record 2 facts for alice: usage (review), review-reference" */
export function commitMessage(login: string, added: readonly Evidence[]): string {
  const kinds = added.map((item) => (item.kind === "usage" ? `usage (${item.source})` : item.kind));
  const facts = added.length === 1 ? "1 fact" : `${added.length} facts`;
  return `Record ${facts} for ${login}: ${[...new Set(kinds)].join(", ")}`;
}
