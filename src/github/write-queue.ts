/**
 * Write coalescing for the record store (group commit), per training repo. While one write
 * to the repo's records is under way, the facts that other deliveries bring wait, and all
 * of them go into the next write together. Each delivery's promise settles only when the
 * commit holding its facts has landed (or failed), so a webhook is answered after its fact
 * is committed, never before.
 *
 * A batch for one record is written through the Contents API (2 calls, compare-and-swap on
 * the blob sha); a batch for several records is one commit with GraphQL's
 * `createCommitOnBranch` (records-commit.ts: N + 2 calls, one content-creating request,
 * compare-and-swap on the branch head). Either way a batch costs one content-creating
 * request, which is what GitHub's secondary rate limits count and what Octokit's throttling
 * spaces a second apart (`writeSpacingMs`). The queue waits for that slot before it reads,
 * so that facts arriving meanwhile join the batch and the head it reads is as fresh as it
 * can be when the write goes out: two App instances share nothing, and the shorter the time
 * between read and write, the fewer commits the other slips in between. (The process's other
 * writes, check runs and replies, can still take the slot first; records-commit.ts reads
 * the head again when its reads were slow.)
 *
 * When another writer got there first, the batch goes back to the queue and its facts join
 * the next attempt together with everything that arrived meanwhile, so one refused write
 * delays its deliveries by one attempt, never by a whole queue of batches. A delivery whose
 * facts are not confirmed committed by `ANSWER_DUE_MS` fails while GitHub still waits for
 * its answer, so it shows as failed and a redelivery records them.
 */
import type { Evidence } from "../core/evidence.js";
import {
  ConflictRetriesExhaustedError,
  type ContentsApi,
  defaultSleep,
  type RepoRef,
  type StoreOptions,
  type StoreResult,
  storeEvidence,
} from "./record-store.js";
import {
  type BranchApi,
  BrokenRecordsError,
  commitRecords,
  type GraphqlApi,
} from "./records-commit.js";

/** From this many records in one batch on, the batch is one GraphQL commit. */
export const MULTI_FILE_RECORDS = 2;

/**
 * A delivery whose facts are not confirmed committed this long after it came in fails, even
 * while an attempt holding them is under way: Probot answers GitHub "still
 * processing" at 9 s, after which a failure is never seen, so the facts could be lost
 * unseen. Failing shows it on GitHub; a redelivery records the facts once either way.
 */
export const ANSWER_DUE_MS = 8_000;

/** A delivery failed by `ANSWER_DUE_MS`: its facts may or may not have been committed. */
export class AnswerDueError extends Error {
  override name = "AnswerDueError";
}

interface RecordsApi {
  repos: ContentsApi &
    BranchApi & {
      get(params: { owner: string; repo: string }): Promise<{ data: { default_branch: string } }>;
    };
  graphql: GraphqlApi;
}

interface QueueOptions extends StoreOptions {
  /**
   * The least time between two of this instance's content-creating requests: Octokit's
   * throttling (on in production) spaces them 1 s apart, as GitHub advises; 0 when it is off.
   */
  writeSpacingMs?: number;
  /** Default `ANSWER_DUE_MS`. */
  answerDueMs?: number;
}

interface Waiter {
  items: readonly Evidence[];
  /** Answered: committed, failed, or out of time. Settling again does nothing. */
  settled: boolean;
  resolve: (result: StoreResult) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  api: RecordsApi;
  target: RepoRef;
  /** Waiters by developer, in arrival order; the key is the login as given. */
  byLogin: Map<string, Waiter[]>;
}

interface QueueStats {
  /** Calls of `store`: one per delivery and developer. */
  requests: number;
  /** Write attempts (a refused batch is tried again with what came meanwhile). */
  batches: number;
  /** Of those, attempts at one multi-record commit. */
  multiRecordCommits: number;
  /** Attempts refused because another writer got there first. */
  retries: number;
}

export class WriteQueue {
  private readonly pending = new Map<string, Batch>();
  private readonly writing = new Set<string>();
  private readonly branches = new Map<string, Promise<string>>();
  readonly stats: QueueStats = { requests: 0, batches: 0, multiRecordCommits: 0, retries: 0 };

  private readonly clock: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  /**
   * When this instance's last write came back (epoch ms). Octokit may have held it before
   * sending it, so its answer, not its call, is the safe mark to space the next one from.
   */
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  /** Ids of facts committed for deliveries that had already failed for lack of time. */
  private readonly unconfirmed = new Set<string>();

  constructor(private readonly options: QueueOptions = {}) {
    this.clock = options.clock ?? Date.now;
    this.sleep = options.sleep ?? defaultSleep;
  }

  /**
   * Records facts of one developer; settles when they are committed (or were there).
   * `receivedAt`: when the delivery that brought them came in (default now).
   */
  store(
    api: RecordsApi,
    target: RepoRef,
    login: string,
    items: readonly Evidence[],
    receivedAt = this.clock(),
  ): Promise<StoreResult> {
    this.stats.requests++;
    const key = `${target.owner}/${target.repo}`.toLowerCase();
    return new Promise<StoreResult>((resolve, reject) => {
      const batch = this.pending.get(key) ?? { api, target, byLogin: new Map() };
      const waiters = batch.byLogin.get(login.toLowerCase()) ?? [];
      const answerDueMs = this.options.answerDueMs ?? ANSWER_DUE_MS;
      const timer = setTimeout(
        () => {
          waiter.reject(
            new AnswerDueError(
              `the commit with this delivery's facts for ${login} in ${target.owner}/${target.repo} was not confirmed within ${answerDueMs / 1000} s, before GitHub's answer is due; they may or may not be recorded: redeliver it, which records them once either way`,
            ),
          );
        },
        Math.max(0, receivedAt + answerDueMs - this.clock()),
      );
      timer.unref?.();
      const waiter: Waiter = {
        items,
        settled: false,
        resolve: (result) => {
          if (waiter.settled) return;
          waiter.settled = true;
          clearTimeout(timer);
          resolve(result);
        },
        reject: (error) => {
          if (waiter.settled) return;
          waiter.settled = true;
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.push(waiter);
      batch.byLogin.set(login.toLowerCase(), waiters);
      this.pending.set(key, batch);
      // In a microtask, so that what one delivery stores in one go (several developers)
      // goes into one batch even when the queue is idle.
      if (!this.writing.has(key)) {
        this.writing.add(key);
        queueMicrotask(() => void this.drain(key));
      }
    });
  }

  private async drain(key: string): Promise<void> {
    try {
      let refused = false;
      while (this.pending.has(key)) {
        // Facts that arrive while this waits join the batch. After a refusal, a short random
        // wait too, so that two instances do not keep colliding in step.
        const { backoffMs = 200, random = Math.random } = this.options;
        const wait = Math.max(this.slotWait(), refused ? backoffMs * (1 + random()) : 0);
        if (wait > 0) await this.sleep(wait);
        const batch = this.pending.get(key) as Batch;
        this.pending.delete(key);
        this.stats.batches++;
        refused = !(await this.write(key, batch));
        if (refused) this.requeue(key, batch);
      }
    } finally {
      this.writing.delete(key);
    }
  }

  /**
   * One attempt at writing a batch; false when another writer got there first (nothing of
   * it was written). Every waiter is settled otherwise.
   */
  private async write(key: string, batch: Batch): Promise<boolean> {
    const facts = new Map(
      [...batch.byLogin].map(([login, waiters]) => [login, waiters.flatMap((w) => w.items)]),
    );
    // One attempt: a retry is the queue's, with the facts that came meanwhile.
    const options: StoreOptions = { ...this.options, maxAttempts: 1 };
    const api = this.markingWrites(batch.api);
    try {
      if (facts.size >= MULTI_FILE_RECORDS) {
        this.stats.multiRecordCommits++;
        const branch = await this.defaultBranch(key, batch);
        const results = await commitRecords(api, batch.target, branch, facts, options);
        for (const [login, waiters] of batch.byLogin) {
          settle(waiters, results.get(login) as StoreResult, this.unconfirmed);
        }
        return true;
      }
      for (const [login, items] of facts) {
        const result = await storeEvidence(api.repos, batch.target, login, items, options);
        settle(batch.byLogin.get(login) ?? [], result, this.unconfirmed);
      }
      return true;
    } catch (error) {
      if (error instanceof ConflictRetriesExhaustedError) return false;
      if (error instanceof BrokenRecordsError) return this.writeWithout(key, batch, error);
      for (const waiters of batch.byLogin.values())
        for (const waiter of waiters) waiter.reject(error);
      return true;
    }
  }

  /**
   * A record that cannot be merged into fails its own deliveries (a person must fix it);
   * the rest of the batch is written without it, at once.
   */
  private writeWithout(key: string, batch: Batch, broken: BrokenRecordsError) {
    const byLogin = new Map(batch.byLogin);
    for (const [login, error] of broken.byLogin) {
      for (const waiter of byLogin.get(login) ?? []) waiter.reject(error);
      byLogin.delete(login);
    }
    return byLogin.size === 0 ? Promise.resolve(true) : this.write(key, { ...batch, byLogin });
  }

  /**
   * Puts a refused batch back before what arrived meanwhile, without the deliveries that
   * ran out of time meanwhile (they failed, and their redeliveries bring the facts again).
   */
  private requeue(key: string, refused: Batch): void {
    this.stats.retries++;
    const newer = this.pending.get(key);
    const byLogin = new Map<string, Waiter[]>();
    for (const [login, waiters] of refused.byLogin) {
      const waiting = waiters.filter((waiter) => !waiter.settled);
      if (waiting.length > 0) byLogin.set(login, waiting);
    }
    for (const [login, waiters] of newer?.byLogin ?? [])
      byLogin.set(login, [...(byLogin.get(login) ?? []), ...waiters]);
    if (byLogin.size > 0) this.pending.set(key, { ...(newer ?? refused), byLogin });
    else this.pending.delete(key);
  }

  /** How long until this instance may send its next write without Octokit holding it back. */
  private slotWait(): number {
    return this.lastWriteAt + (this.options.writeSpacingMs ?? 0) - this.clock();
  }

  /** The same API, noting when each of its writes comes back. */
  private markingWrites(api: RecordsApi): RecordsApi {
    const marked =
      <A extends unknown[], R>(write: (...args: A) => Promise<R>) =>
      async (...args: A): Promise<R> => {
        try {
          return await write(...args);
        } finally {
          this.lastWriteAt = this.clock();
        }
      };
    const { repos } = api;
    return {
      repos: {
        get: (params) => repos.get(params),
        getBranch: (params) => repos.getBranch(params),
        getContent: (params) => repos.getContent(params),
        createOrUpdateFileContents: marked((params) => repos.createOrUpdateFileContents(params)),
      },
      graphql: marked((query: string, variables: Record<string, unknown>) =>
        api.graphql(query, variables),
      ) as GraphqlApi,
    };
  }

  /** The training repo's default branch, asked once per App instance. */
  private defaultBranch(key: string, batch: Batch): Promise<string> {
    let branch = this.branches.get(key);
    if (branch === undefined) {
      branch = batch.api.repos.get(batch.target).then(({ data }) => data.default_branch);
      // A failed look-up is not remembered: the next batch asks again.
      branch.catch(() => this.branches.delete(key));
      this.branches.set(key, branch);
    }
    return branch;
  }
}

/** Facts remembered as committed but never confirmed to their delivery, at most. */
const UNCONFIRMED_KEPT = 10_000;

/**
 * A fact new to the record counts as added for the first delivery that brought it, so a
 * duplicate delivery in the same batch is not answered a second time. A delivery that ran
 * out of time was never told its facts landed: they are remembered, and count as added for
 * the next delivery of this instance that brings them (its redelivery), so that the
 * follow-ups keyed on new facts (a reply, a credential, closing a graded quiz) still happen.
 */
function settle(waiters: readonly Waiter[], result: StoreResult, unconfirmed: Set<string>) {
  const unclaimed = new Set(result.added.map((item) => item.id));
  for (const waiter of waiters) {
    if (waiter.settled) {
      for (const item of waiter.items) if (unclaimed.delete(item.id)) unconfirmed.add(item.id);
      continue;
    }
    const added = waiter.items.filter(
      (item) => unclaimed.delete(item.id) || unconfirmed.delete(item.id),
    );
    waiter.resolve({ ...result, added });
  }
  for (const id of unconfirmed) {
    if (unconfirmed.size <= UNCONFIRMED_KEPT) break;
    unconfirmed.delete(id);
  }
}
