/**
 * A stand-in for GitHub's REST API on loopback, for `replay`, the tests and the benchmark.
 * It serves the training repo's config and keeps its `records/` folder in a local folder,
 * with GitHub's compare-and-swap: a PUT with a stale sha gets 409, a PUT without a sha on
 * an existing file 422. Every other write (comments, check runs, issues) is answered with
 * a plausible body and kept in the outbox. Other repos' files (`repoFiles`, for the version
 * check) are served for any ref, raw when asked, with their folders listed; a file they do
 * not hold is 404. Anything else is 404 and noted as unexpected.
 *
 * For the load and fault test it can also misbehave as GitHub sometimes does, on a seeded
 * plan (`faults`, off by default): extra 409 conflicts on record writes, 5xx answers (on a
 * record write, sometimes after the write was applied: the answer was lost, not the
 * commit), secondary rate limits (403 with `retry-after: 1`), slow answers and no answer
 * at all (the connection stays open until the client gives up), and the first reads of the
 * config never answered. It counts what it injected in `faults`.
 */

import { createHash, createHmac } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { CONFIG_PATH } from "../core/config.js";
import type { DeliveryAttempt } from "../github/deliveries.js";
import { commitInputOf, StandInGit, staleHead } from "./standin-git.js";

export interface StandInOptions {
  /** owner/name of the training repo. */
  trainingRepo: string;
  /** The folder that holds the training repo's `records/` files. */
  recordsDir: string;
  /** The text of `.github/context7-training.yml`. */
  configText: string;
  /** owner/name → { path: text }: files of any repo (the training repo's too), at any ref. */
  repoFiles?: Record<string, Record<string, string>>;
  /** Faults to inject; none when absent. */
  faults?: FaultPlan;
  /** The training repo's live setup, for `doctor`; see `RepoSetup`. */
  setup?: RepoSetup;
}

/**
 * The training repo as `doctor` sees it: its metadata, labels and discussion categories, the
 * Apps it may look up and the owner's App installations. With a setup, the repo's files
 * other than records (the config included) are the ones served for it in `repoFiles`.
 */
export interface RepoSetup {
  ownerType: "Organization" | "User";
  hasDiscussions: boolean;
  discussionCategories: string[];
  /** null: the token may not list them (403). */
  labels: string[] | null;
  /** slug → the App's registered permissions and events (`GET /apps/{slug}`). */
  apps: Record<string, { permissions: Record<string, string>; events: string[] }>;
  /** The owner's App installations; null: the token may not list them (403). */
  installations: { app_slug: string; repository_selection: "all" | "selected" }[] | null;
}

/**
 * What the stand-in gets wrong on purpose, each a share of the requests it applies to,
 * decided by a pseudo-random sequence from `seed`: the n-th request gets the n-th decision,
 * so a run with the same seed and the same order of requests injects the same faults.
 */
export interface FaultPlan {
  seed: number;
  /**
   * Share of record writes answered as a conflict although nothing else was written: 409 to
   * a PUT of `records/…`, STALE_DATA to a `createCommitOnBranch`.
   */
  conflicts?: number;
  /**
   * Share of requests answered 500, 502 or 503. On a record write that would have succeeded,
   * `lostAnswers` of them are answered so after the write was applied.
   */
  serverErrors?: number;
  /**
   * Share of requests never answered: the connection is held open until the client gives
   * up. On a record write, `lostAnswers` of them after the write was applied.
   */
  hangs?: number;
  /** Share of the 5xx and hangs on a record write that come after the write was applied. */
  lostAnswers?: number;
  /** Share of requests answered 403 "You have exceeded a secondary rate limit", retry-after 1. */
  secondaryRateLimits?: number;
  /** Share of requests answered late, by a delay between `slowMs[0]` and `slowMs[1]`. */
  slow?: number;
  slowMs?: readonly [number, number];
  /**
   * The first this many reads of the training repo's config are never answered (held open
   * until the client gives up): the deliveries waiting on the read fail for lack of time.
   */
  configReadHangs?: number;
  /**
   * At least this many of a kind, whatever the sequence says: a request the sequence left
   * alone gets the first kind still short (a conflict only on a record write). A short run
   * otherwise may draw none of a rare kind, and could not show it was handled.
   */
  atLeast?: Partial<Record<"conflict" | "hang" | "secondary-rate-limit", number>>;
}

/** What the stand-in injected, by kind. */
export interface FaultCounts {
  conflict: number;
  serverError: number;
  /** Requests never answered. */
  hang: number;
  /** Of `serverError` and `hang`: record writes applied, then not answered (or 5xx). */
  lostAnswer: number;
  secondaryRateLimit: number;
  slow: number;
  /** Milliseconds of delay added in all. */
  slowMs: number;
  /** Reads of the config never answered (`configReadHangs`). */
  configHang: number;
}

interface FaultDecision {
  delayMs: number;
  answer: "secondary-rate-limit" | "server-error" | "conflict" | "hang" | null;
  status: number;
  afterWrite: boolean;
}

/** mulberry32: a small seeded generator, enough to spread faults evenly and repeatably. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The message GitHub sends with a secondary rate limit (Octokit's throttling matches it). */
export const SECONDARY_RATE_LIMIT_MESSAGE =
  "You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID.";

/** One webhook delivery attempt, as `GET /app/hook/deliveries` lists it (and what it sent). */
export interface DeliveryRecord extends DeliveryAttempt {
  action: string | null;
  /** Seconds until answered. */
  duration: number;
  /** Where it went (not listed). */
  url: string;
  /** What it carried (not listed). */
  payload: unknown;
}

/** The App the stand-in answers `GET /app` with: its comments are by `<slug>[bot]`. */
export const STANDIN_APP_SLUG = "context7-training";

export interface RecordedRequest {
  method: string;
  path: string;
  /** The query string, without its `?`, when there is one. */
  query?: string;
  body?: unknown;
}

/** Git's blob sha of a file's content, as GitHub reports it. */
export function blobSha(content: Buffer): string {
  return createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");
}

export class GitHubStandIn {
  readonly requests: RecordedRequest[] = [];
  readonly outbox: RecordedRequest[] = [];
  readonly unexpected: RecordedRequest[] = [];
  /** The reviews of other repos' PRs ("owner/name#number" → reviews); none unless set. */
  readonly pullRequestReviews = new Map<string, { state: string; submitted_at: string }[]>();
  private server: Server | null = null;
  private nextId = 1;
  private readonly repoFiles = new Map<string, Record<string, string>>();
  /** Pull request number → the paths it changes, as `pulls.listFiles` lists them. */
  readonly pullFiles = new Map<number, string[]>();
  /** The training repo's branch for multi-record commits (Git Data API). */
  private readonly git: StandInGit;
  /** Faults injected so far (all zero without a fault plan). */
  readonly faults: FaultCounts = {
    conflict: 0,
    serverError: 0,
    hang: 0,
    lostAnswer: 0,
    secondaryRateLimit: 0,
    slow: 0,
    slowMs: 0,
    configHang: 0,
  };
  /** Commits to `records/` that landed: Contents API writes and multi-record commits. */
  commits = 0;
  /** Contents API writes refused because the file had changed (not injected faults). */
  private staleWrites = 0;
  private readonly random: (() => number) | null;

  constructor(private readonly options: StandInOptions) {
    this.random = options.faults === undefined ? null : seededRandom(options.faults.seed);
    mkdirSync(options.recordsDir, { recursive: true });
    this.git = new StandInGit(options.trainingRepo, (files) => {
      const local = files.map((file) => this.localPath(file.path));
      if (local.includes(null)) return false;
      files.forEach((file, index) => void writeFileSync(local[index] as string, file.content));
      this.commits++;
      return true;
    });
    for (const [repo, files] of Object.entries(options.repoFiles ?? {}))
      this.serveRepo(repo, files);
  }

  /** Serves these files of `owner/name` (replacing any it served before), at any ref. */
  serveRepo(repo: string, files: Record<string, string>) {
    this.repoFiles.set(repo.toLowerCase(), files);
  }

  async start(): Promise<string> {
    const server = createServer((request, response) => void this.handle(request, response));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (server === null) return;
    const closed = new Promise<void>((resolve, reject) =>
      server.close((error) => (error ? reject(error) : resolve())),
    );
    // Hung answers too (a `hang` fault), and keep-alive connections.
    server.closeAllConnections();
    await closed;
    this.server = null;
  }

  /** Record writes refused because another writer got there first (not injected faults). */
  get refusedWrites(): number {
    return this.staleWrites + this.git.stale;
  }

  /** Requests made so far, as "reads" (GET) and "writes" (anything else). */
  counts(): { reads: number; writes: number } {
    const reads = this.requests.filter((request) => request.method === "GET").length;
    return { reads, writes: this.requests.length - reads };
  }

  private async handle(request: IncomingMessage, response: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const body = text === "" ? undefined : (JSON.parse(text) as unknown);
    const method = request.method ?? "GET";
    const { pathname: path, search } = new URL(request.url ?? "/", "http://localhost");
    const recorded: RecordedRequest = {
      method,
      path,
      ...(search === "" ? {} : { query: search.slice(1) }),
      ...(body === undefined ? {} : { body }),
    };
    this.requests.push(recorded);
    const file = this.trainingFile(path);
    const isContentsWrite = file?.startsWith("records/") === true && method === "PUT";
    const commitInput = commitInputOf(method, path, body);
    const isRecordWrite = isContentsWrite || commitInput !== null;
    const answer = (status: number, payload: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { "content-type": "application/json", ...headers });
      response.end(JSON.stringify(payload));
    };
    const planned = this.plannedFailure(method, path);
    if (planned !== null) return answer(planned, { message: "Server Error" });
    if (this.holdsConfigRead(method, file)) return;
    const fault = this.decideFault(isRecordWrite);
    if (fault !== null) {
      if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      if (fault.answer === "secondary-rate-limit") {
        return answer(
          403,
          {
            message: SECONDARY_RATE_LIMIT_MESSAGE,
            documentation_url:
              "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits",
          },
          { "retry-after": "1" },
        );
      }
      if (fault.answer === "server-error" && !fault.afterWrite) {
        return answer(fault.status, { message: "Server Error" });
      }
      // A hang leaves the answer open until the client gives up or the stand-in stops.
      if (fault.answer === "hang" && !fault.afterWrite) return;
      if (fault.answer === "conflict") {
        return commitInput !== null
          ? answer(200, staleHead(commitInput))
          : answer(409, {
              message: `${file} does not match ${(body as { sha?: string } | undefined)?.sha}`,
            });
      }
      if (fault.answer === "server-error" || fault.answer === "hang") {
        // The write goes through; only its answer is lost on the way back.
        const before = this.commits;
        const lost = () => {
          if (this.commits > before) this.faults.lostAnswer++;
          if (fault.answer === "server-error") answer(fault.status, { message: "Server Error" });
        };
        if (commitInput !== null && this.git.handle(method, path, body, lost)) return;
        if (file !== null) return this.write(file, body as { content: string; sha?: string }, lost);
      }
    }
    if (this.answerSetup(method, path, body, request, response, answer)) return;
    if (this.answerReportLookup(method, path, body, answer)) return;
    if (this.git.handle(method, path, body, answer)) return;
    if (method === "GET" && this.readFollowUps(path, request.url ?? "", answer)) return;
    if (this.deliveriesApi(method, path, request.url ?? "", answer)) return;
    // The scheduled run lists its open issues; the stand-in keeps none.
    if (
      method === "GET" &&
      path.toLowerCase() === `/repos/${this.options.trainingRepo}/issues`.toLowerCase()
    ) {
      return answer(200, []);
    }
    // The files of a training repo PR (the records guard): those set in `pullFiles`, else none.
    // The commits that touched records/ (the scheduled run's audit): none.
    const training = `/repos/${this.options.trainingRepo}/`.toLowerCase();
    if (method === "GET" && path.toLowerCase().startsWith(training)) {
      const rest = path.slice(training.length);
      const pull = /^pulls\/(\d+)\/files$/.exec(rest);
      if (pull !== null) {
        const names = this.pullFiles.get(Number(pull[1])) ?? [];
        return answer(
          200,
          names.map((filename) => ({
            filename,
            status: "modified",
            sha: blobSha(Buffer.from(filename)),
          })),
        );
      }
      if (rest === "commits") {
        const path = new URL(request.url ?? "", "http://localhost").searchParams.get("path");
        const perPage = Number(
          new URL(request.url ?? "", "http://localhost").searchParams.get("per_page") ?? 30,
        );
        return answer(200, path === CONFIG_PATH ? this.configCommits.slice(0, perPage) : []);
      }
    }
    const isTrainingFile = file === CONFIG_PATH || file?.startsWith("records/") === true;
    const served = method === "GET" && !isTrainingFile ? this.servedFile(path) : null;
    if (served !== null) {
      return this.serve(served, request.headers.accept ?? "", response, answer);
    }
    const ref = new URL(request.url ?? "", "http://localhost").searchParams.get("ref");
    const linkedTo = this.configLinks.get(ref ?? "");
    if (file === CONFIG_PATH && linkedTo !== undefined && method === "GET") {
      const target = Buffer.from(this.options.configText);
      return answer(200, {
        type: "file",
        encoding: "base64",
        path: linkedTo,
        sha: blobSha(target),
        content: target.toString("base64"),
      });
    }
    if (file === CONFIG_PATH && ref !== null && this.configAtRef.has(ref) && method === "GET") {
      const earlier = this.configAtRef.get(ref);
      if (earlier === null || earlier === undefined) return answer(404, { message: "Not Found" });
      return answer(200, {
        type: "file",
        encoding: "base64",
        path: file,
        sha: blobSha(Buffer.from(earlier)),
        content: Buffer.from(earlier).toString("base64"),
      });
    }
    if (file !== null && method === "GET") return this.read(file, answer);
    if (file !== null && method === "PUT" && file.startsWith("records/")) {
      return this.write(file, body as { content: string; sha?: string }, answer);
    }
    if (method !== "GET") {
      this.outbox.push(recorded);
      const id = this.nextId++;
      this.outboxIds.set(recorded, id);
      return answer(201, {
        id,
        number: id,
        node_id: `STANDIN_${id}`,
        html_url: `https://github.com${path}/${id}`,
      });
    }
    // A merged PR's reviews (the App counts its review rounds).
    const reviews = /^\/repos\/([^/]+\/[^/]+)\/pulls\/(\d+)\/reviews$/.exec(path);
    if (reviews !== null && method === "GET") {
      return answer(
        200,
        this.pullRequestReviews.get(`${reviews[1]}#${reviews[2]}`.toLowerCase()) ?? [],
      );
    }
    this.unexpected.push(recorded);
    return answer(404, { message: "Not Found" });
  }

  // --- What the App wrote, read back (follow-ups.ts): its identity, the comments it posted,
  // the state of the issues it closed, its check runs. All derived from the outbox.

  /** Each outbox write's id, as its answer gave it. */
  private readonly outboxIds = new WeakMap<RecordedRequest, number>();
  /** The config as it was at another commit (a push's `before`): sha → text, null: none. */
  readonly configAtRef = new Map<string, string | null>();
  /** Where the config is a symbolic link: sha ("" for the default branch) → its target. */
  readonly configLinks = new Map<string, string>();
  /** The commits that changed the config, newest first, as `repos.listCommits` lists them. */
  readonly configCommits: { sha: string; parents: { sha: string }[] }[] = [];
  /** Comments by others (a developer's), listed with the App's: issue path → comments. */
  readonly otherComments = new Map<
    string,
    { body: string; user: { login: string; type: string } }[]
  >();
  /** Requests to answer with an error once each, in order: `failNext`. */
  private readonly failures: { method: string; path: RegExp; status: number }[] = [];

  /** The next request matching `method` and `path` is answered `status`, and not applied. */
  failNext(method: string, path: RegExp, status = 500) {
    this.failures.push({ method, path, status });
  }

  private plannedFailure(method: string, path: string): number | null {
    const index = this.failures.findIndex(
      (failure) => failure.method === method && failure.path.test(path),
    );
    if (index === -1) return null;
    const [failure] = this.failures.splice(index, 1);
    return failure?.status ?? null;
  }

  private readFollowUps(
    path: string,
    url: string,
    answer: (status: number, payload: unknown) => void,
  ): boolean {
    if (path === "/app") {
      answer(200, { id: 1, slug: STANDIN_APP_SLUG, name: STANDIN_APP_SLUG });
      return true;
    }
    const written = (method: string, where: string) =>
      this.outbox.filter(
        (entry) => entry.method === method && entry.path.toLowerCase() === where.toLowerCase(),
      );
    const app = { login: `${STANDIN_APP_SLUG}[bot]`, type: "Bot" };
    if (/^\/repos\/[^/]+\/[^/]+\/(issues\/\d+|commits\/[0-9a-f]+)\/comments$/.test(path)) {
      const others = (this.otherComments.get(path.toLowerCase()) ?? []).map((comment, index) => ({
        id: 1_000_000 + index,
        ...comment,
      }));
      const own = written("POST", path).map((entry) => ({
        id: this.outboxIds.get(entry),
        body: (entry.body as { body?: string }).body ?? "",
        user: app,
      }));
      answer(200, [...others, ...own]);
      return true;
    }
    const issue = /^\/repos\/[^/]+\/[^/]+\/issues\/(\d+)$/.exec(path);
    if (issue !== null) {
      const closed = written("PATCH", path).some(
        (entry) => (entry.body as { state?: string }).state === "closed",
      );
      answer(200, { number: Number(issue[1]), state: closed ? "closed" : "open" });
      return true;
    }
    const checks = /^\/repos\/([^/]+\/[^/]+)\/commits\/([^/]+)\/check-runs$/.exec(path);
    if (checks !== null) {
      const name = new URL(url, "http://localhost").searchParams.get("check_name");
      const runs = written("POST", `/repos/${checks[1]}/check-runs`)
        .map((entry) => {
          const id = this.outboxIds.get(entry) as number;
          const updates = written("PATCH", `/repos/${checks[1]}/check-runs/${id}`);
          const fields = Object.assign({}, entry.body, ...updates.map((update) => update.body)) as {
            name?: string;
            head_sha?: string;
          };
          return { ...fields, id, app: { slug: STANDIN_APP_SLUG } };
        })
        .filter((run) => run.head_sha === checks[2] && (name === null || run.name === name));
      answer(200, { total_count: runs.length, check_runs: runs });
      return true;
    }
    return false;
  }

  // --- Webhook deliveries, as GitHub makes them to the App (`useWebhooks`, `deliver`), and
  // the App's deliveries API over what was actually delivered: `GET /app/hook/deliveries`
  // (newest first, by cursor) and `POST /app/hook/deliveries/{id}/attempts` (redeliver).

  /** Every delivery attempt made, oldest first. */
  readonly deliveryAttempts: DeliveryRecord[] = [];
  private webhooks: { urls: string[]; secret: string; timeoutMs: number } | null = null;
  private nextWebhook = 0;
  private readonly pendingDeliveries = new Set<Promise<DeliveryRecord>>();

  /**
   * Where deliveries go: each attempt to the next of `urls` in turn, as a load balancer; a
   * URL that refuses the connection (its process is gone) is taken out of the turn, and its
   * attempt fails as a 502. GitHub gives up on an answer after `timeoutMs` (10 s).
   */
  useWebhooks(urls: readonly string[], secret: string, timeoutMs = 10_000) {
    this.webhooks = { urls: [...urls], secret, timeoutMs };
  }

  /** Delivers one event (a first attempt); resolves with the attempt once answered. */
  deliver(event: { name: string; id: string; payload: unknown }): Promise<DeliveryRecord> {
    return this.attempt(event, false);
  }

  /** Attempts still waiting for their answer (redeliveries asked for included). */
  async settled(): Promise<void> {
    while (this.pendingDeliveries.size > 0) await Promise.allSettled([...this.pendingDeliveries]);
  }

  private attempt(
    event: { name: string; id: string; payload: unknown },
    redelivery: boolean,
  ): Promise<DeliveryRecord> {
    const run = this.send(event, redelivery);
    this.pendingDeliveries.add(run);
    void run.finally(() => this.pendingDeliveries.delete(run));
    return run;
  }

  private async send(
    event: { name: string; id: string; payload: unknown },
    redelivery: boolean,
  ): Promise<DeliveryRecord> {
    const hooks = this.webhooks;
    if (hooks === null || hooks.urls.length === 0) throw new Error("useWebhooks first");
    const url = hooks.urls[this.nextWebhook++ % hooks.urls.length] as string;
    const body = JSON.stringify(event.payload);
    const signature = `sha256=${createHmac("sha256", hooks.secret).update(body).digest("hex")}`;
    const started = Date.now();
    const record: DeliveryRecord = {
      id: this.nextDeliveryId++,
      guid: event.id,
      delivered_at: new Date(started).toISOString(),
      redelivery,
      status: "",
      status_code: 0,
      event: event.name,
      action: (event.payload as { action?: string }).action ?? null,
      duration: 0,
      url,
      payload: event.payload,
    };
    try {
      const response = await fetch(url, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "user-agent": "GitHub-Hookshot/standin",
          "x-github-event": event.name,
          "x-github-delivery": event.id,
          "x-hub-signature-256": signature,
        },
        body,
        signal: AbortSignal.timeout(hooks.timeoutMs),
      });
      await response.arrayBuffer();
      record.status_code = response.status;
      record.status =
        response.status >= 200 && response.status < 300
          ? "OK"
          : `Invalid HTTP Response: ${response.status}`;
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code;
      if (cause === "ECONNREFUSED") {
        hooks.urls = hooks.urls.filter((other) => other !== url);
        record.status_code = 502;
        record.status = "Invalid HTTP Response: 502";
      } else {
        record.status =
          (error as Error).name === "TimeoutError" ? "timed out" : "failed to connect";
      }
    }
    record.duration = (Date.now() - started) / 1000;
    this.deliveryAttempts.push(record);
    return record;
  }

  private nextDeliveryId = 1;

  private deliveriesApi(
    method: string,
    path: string,
    url: string,
    answer: (status: number, payload: unknown, headers?: Record<string, string>) => void,
  ): boolean {
    if (method === "GET" && path === "/app/hook/deliveries") {
      const query = new URL(url, "http://localhost").searchParams;
      const perPage = Math.min(100, Number(query.get("per_page") ?? 30) || 30);
      const from = Number(query.get("cursor") ?? 0) || 0;
      const newest = [...this.deliveryAttempts].reverse();
      const page = newest
        .slice(from, from + perPage)
        .map(({ payload: _payload, url: _url, ...listed }) => listed);
      const next = from + perPage < newest.length;
      answer(
        200,
        page,
        next
          ? {
              link: `<http://localhost/app/hook/deliveries?per_page=${perPage}&cursor=${from + perPage}>; rel="next"`,
            }
          : {},
      );
      return true;
    }
    const redeliver = /^\/app\/hook\/deliveries\/(\d+)\/attempts$/.exec(path);
    if (method === "POST" && redeliver !== null) {
      const original = this.deliveryAttempts.find((item) => item.id === Number(redeliver[1]));
      if (original === undefined) {
        answer(404, { message: "Not Found" });
        return true;
      }
      answer(202, {});
      void this.attempt(
        { name: original.event, id: original.guid, payload: original.payload },
        true,
      );
      return true;
    }
    return false;
  }

  /**
   * The scheduled run's weekly report lookup (discussions.ts): a repository with no
   * discussion posted yet, and the categories of the setup when there is one.
   */
  private answerReportLookup(
    method: string,
    path: string,
    body: unknown,
    answer: (status: number, payload: unknown) => void,
  ): boolean {
    const query = (body as { query?: unknown } | undefined)?.query;
    if (method !== "POST" || path !== "/graphql" || typeof query !== "string") return false;
    if (!query.includes("discussions(") || !query.includes("discussionCategories")) return false;
    const categories = this.options.setup?.discussionCategories ?? [];
    answer(200, {
      data: {
        repository: {
          id: "R_standin",
          discussionCategories: {
            nodes: categories.map((name, index) => ({ id: `DIC_${index}`, name })),
          },
          discussions: { nodes: [] },
        },
      },
    });
    return true;
  }

  /** `doctor`'s reads of the training repo's setup, when there is one; false otherwise. */
  private answerSetup(
    method: string,
    path: string,
    body: unknown,
    request: IncomingMessage,
    response: ServerResponse,
    answer: (status: number, payload: unknown) => void,
  ): boolean {
    const setup = this.options.setup;
    if (setup === undefined) return false;
    const [owner = "", name = ""] = this.options.trainingRepo.split("/");
    const repoPath = `/repos/${this.options.trainingRepo}`.toLowerCase();
    const lower = path.toLowerCase();
    if (method === "POST" && path === "/graphql") {
      const query = (body as { query?: unknown } | undefined)?.query;
      if (typeof query !== "string" || !query.includes("discussionCategories")) return false;
      const nodes = setup.discussionCategories.map((category, index) => ({
        id: `DIC_${index}`,
        name: category,
      }));
      answer(200, { data: { repository: { discussionCategories: { nodes } } } });
      return true;
    }
    if (method !== "GET") return false;
    if (lower === repoPath) {
      answer(200, {
        name,
        full_name: this.options.trainingRepo,
        owner: { login: owner, type: setup.ownerType },
        html_url: `https://github.com/${this.options.trainingRepo}`,
        has_discussions: setup.hasDiscussions,
        default_branch: "main",
        permissions: { admin: true, push: true, pull: true },
      });
      return true;
    }
    if (lower === `${repoPath}/labels`) {
      if (setup.labels === null) answer(403, { message: "Resource not accessible by integration" });
      else
        answer(
          200,
          setup.labels.map((label, id) => ({ id, name: label })),
        );
      return true;
    }
    const app = /^\/apps\/([\w-]+)$/.exec(path);
    if (app !== null) {
      const found = setup.apps[app[1] as string];
      if (found === undefined) answer(404, { message: "Not Found" });
      else answer(200, { slug: app[1], ...found });
      return true;
    }
    const ownerInstallations =
      setup.ownerType === "Organization" ? `/orgs/${owner}/installations` : "/user/installations";
    if (lower === ownerInstallations.toLowerCase()) {
      const list = setup.installations?.map((installation, index) => ({
        id: index + 1,
        ...installation,
      }));
      if (list === undefined) answer(403, { message: "Resource not accessible by integration" });
      else answer(200, { total_count: list.length, installations: list });
      return true;
    }
    const file = this.trainingFile(path);
    if (file !== null && !file.startsWith("records/")) {
      const served = this.servedFile(path);
      if (served === null) answer(404, { message: "Not Found" });
      else this.serve(served, request.headers.accept ?? "", response, answer);
      return true;
    }
    return false;
  }

  /** A config read to leave unanswered (`configReadHangs`), counted. */
  private holdsConfigRead(method: string, file: string | null): boolean {
    const hangs = this.options.faults?.configReadHangs ?? 0;
    if (method !== "GET" || file !== CONFIG_PATH || this.faults.configHang >= hangs) return false;
    this.faults.configHang++;
    return true;
  }

  /**
   * The fault, if any, for the next request, from the plan's sequence. Each request draws
   * the same number of values, so one kind's share does not shift another's decisions.
   */
  private decideFault(isRecordWrite: boolean): FaultDecision | null {
    const plan = this.options.faults;
    const random = this.random;
    if (plan === undefined || random === null) return null;
    const [slowRoll, slowLength, kindRoll, statusRoll, afterRoll] = [
      random(),
      random(),
      random(),
      random(),
      random(),
    ];
    const [minMs, maxMs] = plan.slowMs ?? [200, 1500];
    const delayMs =
      slowRoll < (plan.slow ?? 0) ? Math.round(minMs + slowLength * (maxMs - minMs)) : 0;
    if (delayMs > 0) {
      this.faults.slow++;
      this.faults.slowMs += delayMs;
    }
    const secondary = plan.secondaryRateLimits ?? 0;
    const server = plan.serverErrors ?? 0;
    const conflicts = isRecordWrite ? (plan.conflicts ?? 0) : 0;
    const hangs = plan.hangs ?? 0;
    let decided: FaultDecision["answer"] = null;
    if (kindRoll < secondary) decided = "secondary-rate-limit";
    else if (kindRoll < secondary + server) decided = "server-error";
    else if (kindRoll < secondary + server + conflicts) decided = "conflict";
    else if (kindRoll < secondary + server + conflicts + hangs) decided = "hang";
    decided ??= this.kindStillShort(plan, isRecordWrite);
    if (decided === "secondary-rate-limit") this.faults.secondaryRateLimit++;
    if (decided === "server-error") this.faults.serverError++;
    if (decided === "conflict") this.faults.conflict++;
    if (decided === "hang") this.faults.hang++;
    if (decided === null && delayMs === 0) return null;
    return {
      delayMs,
      answer: decided,
      status: [500, 502, 503][Math.floor(statusRoll * 3)] ?? 502,
      afterWrite: isRecordWrite && afterRoll < (plan.lostAnswers ?? 0),
    };
  }

  /** The first kind of `atLeast` not injected often enough yet that this request may get. */
  private kindStillShort(plan: FaultPlan, isRecordWrite: boolean): FaultDecision["answer"] {
    const counts = {
      conflict: this.faults.conflict,
      hang: this.faults.hang,
      "secondary-rate-limit": this.faults.secondaryRateLimit,
    };
    for (const [kind, least] of Object.entries(plan.atLeast ?? {}) as [
      keyof typeof counts,
      number,
    ][]) {
      if (counts[kind] >= least || (kind === "conflict" && !isRecordWrite)) continue;
      return kind;
    }
    return null;
  }

  /** The training repo's file a contents URL names, or null for anything else. */
  private trainingFile(path: string): string | null {
    const prefix = `/repos/${this.options.trainingRepo}/contents/`.toLowerCase();
    if (!path.toLowerCase().startsWith(prefix)) return null;
    return decodeURIComponent(path.slice(prefix.length));
  }

  /** A contents URL of a repo in `repoFiles`: its files and the path asked for. */
  private servedFile(path: string): { files: Record<string, string>; path: string } | null {
    const match = /^\/repos\/([^/]+\/[^/]+)\/contents(?:\/(.*))?$/.exec(path);
    const files = match === null ? undefined : this.repoFiles.get((match[1] ?? "").toLowerCase());
    if (files === undefined) return null;
    return { files, path: decodeURIComponent(match?.[2] ?? "").replace(/\/+$/, "") };
  }

  private serve(
    served: { files: Record<string, string>; path: string },
    accept: string,
    response: ServerResponse,
    answer: (status: number, payload: unknown) => void,
  ) {
    const { files, path } = served;
    const text = files[path];
    if (text !== undefined) {
      const content = Buffer.from(text, "utf8");
      if (accept.includes(".raw")) {
        // GitHub's raw media type: the bytes themselves.
        response.writeHead(200, { "content-type": "application/vnd.github.raw" });
        return response.end(content);
      }
      return answer(200, {
        type: "file",
        encoding: "base64",
        path,
        sha: blobSha(content),
        content: content.toString("base64"),
      });
    }
    const prefix = path === "" ? "" : `${path}/`;
    const entries = new Map<string, "file" | "dir">();
    for (const name of Object.keys(files).filter((name) => name.startsWith(prefix))) {
      const [first = "", ...rest] = name.slice(prefix.length).split("/");
      entries.set(first, rest.length > 0 ? "dir" : "file");
    }
    if (entries.size === 0) return answer(404, { message: "Not Found" });
    answer(
      200,
      [...entries].map(([name, type]) => ({ type, name, path: `${prefix}${name}` })),
    );
  }

  private localPath(file: string): string | null {
    const name = file.slice("records/".length);
    return file.startsWith("records/") && /^[\w.-]+$/.test(name)
      ? join(this.options.recordsDir, name)
      : null;
  }

  private current(file: string): Buffer | null {
    if (file === CONFIG_PATH) return Buffer.from(this.options.configText, "utf8");
    const local = this.localPath(file);
    if (local === null) return null;
    try {
      return readFileSync(local);
    } catch {
      return null;
    }
  }

  private read(file: string, answer: (status: number, payload: unknown) => void) {
    const content = this.current(file);
    if (content === null) return answer(404, { message: "Not Found" });
    answer(200, {
      type: "file",
      encoding: "base64",
      path: file,
      sha: blobSha(content),
      content: content.toString("base64"),
    });
  }

  private write(
    file: string,
    body: { content: string; sha?: string },
    answer: (status: number, payload: unknown) => void,
  ) {
    const local = this.localPath(file);
    if (local === null) return answer(422, { message: "Invalid path" });
    const existing = this.current(file);
    if (existing !== null && body.sha === undefined)
      return answer(422, { message: '"sha" wasn\'t supplied.' });
    if (existing !== null && body.sha !== blobSha(existing)) {
      this.staleWrites++;
      return answer(409, { message: `${file} does not match ${body.sha}` });
    }
    if (existing === null && body.sha !== undefined)
      return answer(409, { message: `${file} does not exist` });
    const content = Buffer.from(body.content, "base64");
    writeFileSync(local, content);
    this.commits++;
    this.git.moved();
    answer(existing === null ? 201 : 200, {
      content: { path: file, sha: blobSha(content) },
      commit: { sha: blobSha(Buffer.from(`${file}${Date.now()}${this.nextId++}`)) },
    });
  }
}
