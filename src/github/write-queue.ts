/**
 * Write coalescing for the record store (group commit), per training repo. While one write
 * to the repo's records is under way, the facts that other deliveries bring wait, and all
 * of them go into the next write together. Each delivery's promise settles only when the
 * commit holding its facts has landed (or failed), so a webhook is answered after its fact
 * is committed, never before.
 *
 * A batch that touches few records is written through the Contents API, one commit per
 * record in parallel (2 calls each, the cheapest in calls); one that touches
 * `MULTI_FILE_RECORDS` or more goes into a single commit through the Git Data API
 * (records-commit.ts: N + 4 calls but 3 content-creating requests, which is what GitHub's
 * secondary rate limits count); when another writer moved the branch meanwhile, that batch
 * is written record by record instead. Between App instances nothing is shared:
 * compare-and-swap on the blob sha or the branch head keeps every fact, and a delivery
 * whose facts could not be written in its time fails while GitHub still waits for it.
 */
import type { Evidence } from "../core/evidence.js";
import {
  ConflictRetriesExhaustedError,
  type ContentsApi,
  type RepoRef,
  type StoreOptions,
  type StoreResult,
  storeEvidence,
} from "./record-store.js";
import { type BranchApi, commitRecords, type GitDataApi } from "./records-commit.js";

/** From this many records in one batch on, the batch is one Git Data commit. */
export const MULTI_FILE_RECORDS = 4;

/**
 * How long after a delivery came in its facts may still be retried: Probot answers GitHub
 * "still processing" at 9 s, after which a failure is never seen; failing before that makes
 * the delivery show as failed, so a redelivery records its facts.
 */
export const DELIVERY_BUDGET_MS = 7_000;

export interface RecordsApi {
  repos: ContentsApi &
    BranchApi & {
      get(params: { owner: string; repo: string }): Promise<{ data: { default_branch: string } }>;
    };
  git: GitDataApi;
}

interface Waiter {
  items: readonly Evidence[];
  /** When the delivery came in (epoch ms): its answer is due within GitHub's 10 s. */
  arrivedAt: number;
  resolve: (result: StoreResult) => void;
  reject: (error: unknown) => void;
}

interface Batch {
  api: RecordsApi;
  target: RepoRef;
  /** Waiters by developer, in arrival order; the key is the login as given. */
  byLogin: Map<string, Waiter[]>;
}

export interface QueueStats {
  /** Calls of `store`: one per delivery and developer. */
  requests: number;
  /** Batches written. */
  batches: number;
  /** Batches written as one multi-record commit. */
  multiRecordCommits: number;
}

export class WriteQueue {
  private readonly pending = new Map<string, Batch>();
  private readonly writing = new Set<string>();
  private readonly branches = new Map<string, Promise<string>>();
  readonly stats: QueueStats = { requests: 0, batches: 0, multiRecordCommits: 0 };

  private readonly clock: () => number;

  constructor(private readonly options: StoreOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  /** Records facts of one developer; settles when they are committed (or were there). */
  store(
    api: RecordsApi,
    target: RepoRef,
    login: string,
    items: readonly Evidence[],
  ): Promise<StoreResult> {
    this.stats.requests++;
    const key = `${target.owner}/${target.repo}`.toLowerCase();
    return new Promise<StoreResult>((resolve, reject) => {
      const batch = this.pending.get(key) ?? { api, target, byLogin: new Map() };
      const waiters = batch.byLogin.get(login.toLowerCase()) ?? [];
      waiters.push({ items, arrivedAt: this.clock(), resolve, reject });
      batch.byLogin.set(login.toLowerCase(), waiters);
      this.pending.set(key, batch);
      if (!this.writing.has(key)) void this.drain(key);
    });
  }

  private async drain(key: string): Promise<void> {
    this.writing.add(key);
    try {
      for (let batch = this.pending.get(key); batch !== undefined; batch = this.pending.get(key)) {
        this.pending.delete(key);
        this.stats.batches++;
        await this.write(key, batch);
      }
    } finally {
      this.writing.delete(key);
    }
  }

  private async write(key: string, batch: Batch): Promise<void> {
    const facts = new Map(
      [...batch.byLogin].map(([login, waiters]) => [login, waiters.flatMap((w) => w.items)]),
    );
    const arrivals = [...batch.byLogin.values()].flat().map((waiter) => waiter.arrivedAt);
    const options = { ...this.options, deadline: Math.min(...arrivals) + DELIVERY_BUDGET_MS };
    if (facts.size >= MULTI_FILE_RECORDS) {
      this.stats.multiRecordCommits++;
      try {
        const branch = await this.defaultBranch(key, batch);
        // One try: when another writer moved the branch, the records are written one by
        // one instead, where only writers of the same record can clash.
        const results = await commitRecords(batch.api, batch.target, branch, facts, {
          ...options,
          maxAttempts: 1,
        });
        for (const [login, waiters] of batch.byLogin) {
          settle(waiters, results.get(login) as StoreResult);
        }
        return;
      } catch (error) {
        if (!(error instanceof ConflictRetriesExhaustedError)) {
          for (const waiters of batch.byLogin.values())
            for (const waiter of waiters) waiter.reject(error);
          return;
        }
      }
    }
    await Promise.all(
      [...facts].map(async ([login, items]) => {
        const waiters = batch.byLogin.get(login) ?? [];
        try {
          settle(
            waiters,
            await storeEvidence(batch.api.repos, batch.target, login, items, options),
          );
        } catch (error) {
          for (const waiter of waiters) waiter.reject(error);
        }
      }),
    );
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

/**
 * A fact new to the record counts as added for the first delivery that brought it, so a
 * duplicate delivery in the same batch is not answered a second time.
 */
function settle(waiters: readonly Waiter[], result: StoreResult) {
  const unclaimed = new Set(result.added.map((item) => item.id));
  for (const waiter of waiters) {
    const added = waiter.items.filter((item) => unclaimed.delete(item.id));
    waiter.resolve({ ...result, added });
  }
}
