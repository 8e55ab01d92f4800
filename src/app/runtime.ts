/**
 * What every handler shares: finding the training repo, reading its config (cached, so an
 * irrelevant event costs no API call once the App is warm), and recording evidence through
 * the write queue, which puts what arrives together into one commit (or, with `coalesce:
 * false`, the record store: one commit per developer whose record changed).
 */
import type { Context, Probot } from "probot";
import { CONFIG_PATH, type Config, parseConfig } from "../core/config.js";
import {
  type DeveloperEvidence,
  evidenceFromEvent,
  heldToDelivery,
  isoInstant,
  type WebhookEvent,
} from "../core/events.js";
import type { DeveloperRecord, Evidence } from "../core/evidence.js";
import { formatProblem } from "../core/problems.js";
import { parseRecordsKeyring, RECORDS_KEY_VARIABLE, type RecordsKeyring } from "../core/proof.js";
import { ACTIONS_LOGIN } from "../core/record-edits.js";
import { provenRecord } from "../core/record-proofs.js";
import { type AppIdentityApi, getAppSlug } from "../github/app-identity.js";
import { ConfigLinkError, readConfigText } from "../github/config-file.js";
import { WRITE_SPACING_MS } from "../github/octokit.js";
import { recordsApi, reposApi } from "../github/octokit-apis.js";
import {
  type FileChange,
  type FileVersion,
  type RepoRef,
  readStoredRecord,
  type StoreOptions,
  storeDecision,
  storeEvidence,
  updateFile,
} from "../github/record-store.js";
import { ANSWER_DUE_MS, AnswerDueError, WriteQueue } from "../github/write-queue.js";

export interface AppOptions {
  /**
   * owner/name of the training repo (`CONTEXT7_TRAINING_REPO`, read by settings.ts). Default:
   * the repo named `context7-training` in the owner's account of each event. Either way the
   * config read there must name the same repo in `trainingRepo`.
   */
  trainingRepo?: string;
  /** How long a read config is trusted; a push that changes it clears it at once. */
  configTtlMs?: number;
  store?: StoreOptions;
  /**
   * Group the facts of concurrent deliveries for one record into one commit (default on);
   * off, each delivery commits on its own (the benchmark compares the two).
   */
  coalesce?: boolean;
  /**
   * The least time between two record writes of this instance, as the Octokit it runs with
   * spaces them (default `WRITE_SPACING_MS`, Octokit's throttling; 0 with throttling off).
   */
  writeSpacingMs?: number;
  /**
   * Every this many minutes, ask GitHub to redeliver the App's failed deliveries
   * (redeliver.ts). Default 0: off (`productionApp` turns it on).
   */
  redeliverEveryMinutes?: number;
  clock?: () => number;
  /**
   * The deliveries are recorded ones played again (the CLI's `replay`, the offline tests):
   * when GitHub sent them is unknown, so their facts are not held to the time they arrive.
   */
  recordedDeliveries?: boolean;
  /**
   * How long a delivery's handler may take, reads included, before it fails (default
   * `ANSWER_DUE_MS`, before Probot answers GitHub "still processing" and a failure is lost).
   */
  answerDueMs?: number;
  /**
   * The App's own bot login, `<slug>[bot]`: its replies and issues are recognised by it.
   * Default: asked of GitHub (`GET /app`, as the App) once, on first need.
   */
  appLogin?: string;
  /**
   * Where secrets are read from (the quiz answer key, the credential signing key).
   * Default: `process.env`.
   */
  env?: Readonly<Record<string, string | undefined>>;
}

type AnyContext = Context;

/** Deliveries already answered as failed for lack of time: nothing more is written for them. */
const expiredDeliveries = new WeakSet<object>();

/**
 * Refuses a write (a reply) for a delivery already answered as failed for lack of time:
 * its redelivery writes it, so writing now would write it twice.
 */
export function assertAnswerNotDue(context: AnyContext): void {
  if (expiredDeliveries.has(context))
    throw new AnswerDueError(
      `the delivery ${context.id} was answered as failed for lack of time; nothing more is written for it, its redelivery does it`,
    );
}

interface CachedConfig {
  /** The read, shared by deliveries that arrive while it is under way. */
  config: Promise<Config | null>;
  readAt: number;
}

export class Runtime {
  private readonly cache = new Map<string, CachedConfig>();
  private readonly ttl: number;
  private readonly clock: () => number;

  /** The record writes of this App instance, coalesced per file; null when off. */
  readonly writes: WriteQueue | null;
  /** The App's `<slug>[bot]` login, once known; see `ownLogins`. */
  private appLogin: Promise<string> | null = null;
  /** Authenticates as the App (Probot's `auth()`), to ask GitHub for its own slug. */
  private appAuth: (() => Promise<AppIdentityApi>) | null = null;
  /** When each delivery's handler started (≈ when it came in): its answer is due in 10 s. */
  private readonly receivedAt = new WeakMap<object, number>();
  private readonly answerDueMs: number;

  /** Signs the facts the App writes and checks those its decisions read; null: unsigned. */
  readonly keyring: RecordsKeyring | null;
  private readonly storeOptions: StoreOptions;

  constructor(private readonly options: AppOptions) {
    this.ttl = options.configTtlMs ?? 60_000;
    this.clock = options.clock ?? Date.now;
    this.answerDueMs = options.answerDueMs ?? ANSWER_DUE_MS;
    const key = parseRecordsKeyring(this.env[RECORDS_KEY_VARIABLE], RECORDS_KEY_VARIABLE);
    if (!key.ok) throw new Error(`context7-training: ${key.message}`);
    this.keyring = key.keyring;
    this.storeOptions = { ...options.store, keyring: this.keyring };
    this.writes =
      options.coalesce === false
        ? null
        : new WriteQueue({
            ...this.storeOptions,
            clock: options.store?.clock ?? this.clock,
            writeSpacingMs: options.writeSpacingMs ?? WRITE_SPACING_MS,
            answerDueMs: this.answerDueMs,
          });
  }

  /**
   * The Probot the handlers register on, noting when each delivery's handler starts, so
   * that the write queue can fail a delivery in time for GitHub to see it (write-queue.ts).
   */
  timingDeliveries(app: Probot): Probot {
    const receivedAt = this.receivedAt;
    const clock = this.clock;
    const guarded = (context: object, handler: (context: object) => unknown) =>
      this.inAnswerTime(context, handler);
    return new Proxy(app, {
      get(target, property) {
        if (property !== "on") {
          // Probot's methods use private fields: they must run on Probot, not on the proxy.
          const value = Reflect.get(target, property);
          return typeof value === "function" ? value.bind(target) : value;
        }
        return (events: unknown, handler: (context: object) => unknown) =>
          (target.on as (events: unknown, handler: (context: object) => unknown) => void)(
            events,
            (context: object) => {
              if (!receivedAt.has(context)) receivedAt.set(context, clock());
              return guarded(context, handler);
            },
          );
      },
    });
  }

  /**
   * Runs a delivery's handler, failing it once its answer is due (config and record reads
   * included), so GitHub sees the failure instead of a "still processing" that hides it. A
   * handler still running then may go on reading, but writes no fact any more (`store`).
   */
  private async inAnswerTime(
    context: object,
    handler: (context: object) => unknown,
  ): Promise<unknown> {
    const dueIn = (this.receivedAt.get(context) ?? this.clock()) + this.answerDueMs - this.clock();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const due = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => {
          expiredDeliveries.add(context);
          reject(
            new AnswerDueError(
              `the delivery was not handled within ${this.answerDueMs / 1000} s (a read of the config or a record was too slow); nothing more is written for it: GitHub shows it as failed, and its redelivery records it`,
            ),
          );
        },
        Math.max(0, dueIn),
      );
    });
    const handled = Promise.resolve().then(() => handler(context));
    // After the answer, a late failure is only logged (the delivery already failed).
    handled.catch((error: unknown) => {
      if (expiredDeliveries.has(context))
        (context as AnyContext).log?.warn(
          `context7-training: a delivery answered as failed ended with: ${String(error)}`,
        );
    });
    try {
      return await Promise.race([handled, due]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Refuses a write for a delivery already answered as failed for lack of time. */
  private assertInTime(context: AnyContext): void {
    const receivedAt = this.receivedAt.get(context);
    const late = receivedAt !== undefined && this.clock() >= receivedAt + this.answerDueMs;
    if (late || expiredDeliveries.has(context)) {
      expiredDeliveries.add(context);
      throw new AnswerDueError(
        `the delivery ${context.id} was answered as failed after ${this.answerDueMs / 1000} s; its facts are not written now, its redelivery records them`,
      );
    }
  }

  /** How the runtime authenticates as the App to learn its own login (createApp sets it). */
  identifyAs(auth: () => Promise<AppIdentityApi>) {
    this.appAuth = auth;
  }

  /**
   * The logins this programme writes with, whose hidden markers are trusted: the App's
   * `<slug>[bot]` and `github-actions[bot]` (the scheduled run's issues).
   */
  async ownLogins(): Promise<string[]> {
    if (this.appLogin === null) {
      const configured = this.options.appLogin;
      const auth = this.appAuth;
      this.appLogin =
        configured !== undefined
          ? Promise.resolve(configured)
          : auth === null
            ? Promise.reject(new Error("the App's own login is unknown: set appLogin"))
            : auth()
                .then((octokit) => getAppSlug(octokit))
                .then((slug) => `${slug}[bot]`);
      // A failed look-up is not remembered: the next delivery asks again.
      this.appLogin.catch(() => {
        this.appLogin = null;
      });
    }
    return [await this.appLogin, ACTIONS_LOGIN];
  }

  trainingRepo(context: AnyContext): RepoRef {
    const configured = this.options.trainingRepo;
    if (configured !== undefined && configured !== "") {
      const [owner = "", repo = ""] = configured.split("/");
      return { owner, repo };
    }
    const repository = (context.payload as { repository?: { owner: { login: string } } })
      .repository;
    return { owner: repository?.owner.login ?? "", repo: "context7-training" };
  }

  isTrainingRepo(context: AnyContext): boolean {
    const repository = (context.payload as { repository?: { full_name: string } }).repository;
    const { owner, repo } = this.trainingRepo(context);
    return repository?.full_name.toLowerCase() === `${owner}/${repo}`.toLowerCase();
  }

  get env(): Readonly<Record<string, string | undefined>> {
    return this.options.env ?? process.env;
  }

  /** Compare-and-swap on another file of the training repo (the registry, credentials). */
  updateTrainingFile<T>(
    context: AnyContext,
    path: string,
    change: (current: FileVersion | null) => FileChange<T>,
  ) {
    this.assertInTime(context);
    return updateFile(
      reposApi(context.octokit),
      this.trainingRepo(context),
      path,
      change,
      this.options.store,
    );
  }

  forgetConfig(target: RepoRef) {
    this.cache.delete(`${target.owner}/${target.repo}`.toLowerCase());
  }

  /**
   * The program config from the training repo's default branch, or null when it is missing
   * or broken; either is logged once per read, and nothing is written while it lasts.
   */
  async config(context: AnyContext): Promise<Config | null> {
    const target = this.trainingRepo(context);
    const key = `${target.owner}/${target.repo}`.toLowerCase();
    const cached = this.cache.get(key);
    if (cached !== undefined && this.clock() - cached.readAt < this.ttl) return cached.config;
    const config = this.readConfig(context, target);
    this.cache.set(key, { config, readAt: this.clock() });
    try {
      return await config;
    } catch (error) {
      // A failed read (a network error, a 5xx) is not remembered: the next delivery retries.
      this.cache.delete(key);
      throw error;
    }
  }

  private async readConfig(context: AnyContext, target: RepoRef): Promise<Config | null> {
    const where = `${target.owner}/${target.repo}/${CONFIG_PATH}`;
    let text: string | null;
    try {
      text = await readConfigText(context.octokit, target);
    } catch (error) {
      if (!(error instanceof ConfigLinkError)) throw error;
      // Like an invalid config (kept until it changes), not like a failed read (retried).
      context.log.error(`context7-training: ${error.message}; nothing is recorded until then`);
      return null;
    }
    if (text === null) {
      context.log.warn(
        `context7-training: no config at ${where}; nothing is recorded until it exists`,
      );
      return null;
    }
    const parsed = parseConfig(text, CONFIG_PATH);
    if (!parsed.ok) {
      context.log.error(
        `context7-training: the config at ${where} is invalid, nothing is recorded until it is fixed: ${parsed.problems.map(formatProblem).join(" | ")}`,
      );
      return null;
    }
    const named = parsed.value.trainingRepo;
    if (named.toLowerCase() !== `${target.owner}/${target.repo}`.toLowerCase()) {
      context.log.error(
        `context7-training: the config at ${where} says trainingRepo: ${named}, but the App reads its training repo from ${this.options.trainingRepo === undefined ? "the default (context7-training in the event's account)" : "CONTEXT7_TRAINING_REPO"}, ${target.owner}/${target.repo}; nothing is recorded until they agree. Set trainingRepo in the config and CONTEXT7_TRAINING_REPO to the same repository`,
      );
      return null;
    }
    return parsed.value;
  }

  /** Records what a delivery shows, when the config is readable. */
  async recordEvent(context: AnyContext): Promise<Evidence[]> {
    const config = await this.config(context);
    if (config === null) return [];
    const facts = evidenceFromEvent(config, this.event(context));
    return facts.length > 0 ? this.record(context, facts) : [];
  }

  /**
   * The delivery as the core reads it, with when this instance received it (when its
   * handler started): a push is dated by it when GitHub's own time is missing, and no fact
   * is dated after it.
   */
  event(context: AnyContext): WebhookEvent {
    const receivedAt = this.receivedAtOf(context);
    return { ...webhookEvent(context), ...(receivedAt === undefined ? {} : { receivedAt }) };
  }

  private receivedAtOf(context: AnyContext): string | undefined {
    if (this.options.recordedDeliveries === true) return undefined;
    return isoInstant(this.receivedAt.get(context) ?? this.clock());
  }

  /** Commits each developer's new facts; returns those that were new. */
  async record(context: AnyContext, facts: readonly DeveloperEvidence[]): Promise<Evidence[]> {
    return (await this.store(context, facts)).added;
  }

  /** Commits each developer's new facts; returns those that were new and the records as committed. */
  async store(
    context: AnyContext,
    facts: readonly DeveloperEvidence[],
  ): Promise<{ added: Evidence[]; records: Map<string, DeveloperRecord> }> {
    this.assertInTime(context);
    const byLogin = new Map<string, Evidence[]>();
    // Every handler's facts, not only those of evidenceFromEvent, are held to the delivery.
    for (const { login, evidence } of heldToDelivery(facts, this.receivedAtOf(context)))
      byLogin.set(login, [...(byLogin.get(login) ?? []), evidence]);
    const target = this.trainingRepo(context);
    // All developers at once: with coalescing they go into the same commit.
    const results = await Promise.all(
      [...byLogin].map(async ([login, items]) => {
        const result =
          this.writes === null
            ? await storeEvidence(
                reposApi(context.octokit),
                target,
                login,
                items,
                this.storeOptions,
              )
            : await this.writes.store(
                recordsApi(context.octokit),
                target,
                login,
                items,
                this.receivedAt.get(context),
              );
        logRecorded(context, login, result.added);
        return [login, result] as const;
      }),
    );
    const added = results.flatMap(([, result]) => result.added);
    const records = new Map(
      results.map(([login, result]) => [
        login.toLowerCase(),
        provenRecord(result.record, this.keyring),
      ]),
    );
    return { added, records };
  }

  /**
   * Commits the facts `decide` picks from the developer's record as it is when written
   * (record-store.ts `storeDecision`), and returns the decision: a rule over the record
   * (one graded knowledge check a day) then holds across App instances. Written on its own,
   * not coalesced, so the decision sees exactly the record it is written over.
   */
  async decideAndStore<T>(
    context: AnyContext,
    login: string,
    decide: (record: DeveloperRecord) => { items: readonly Evidence[]; decision: T },
  ): Promise<T> {
    this.assertInTime(context);
    const receivedAt = this.receivedAtOf(context);
    const { added, decision } = await storeDecision(
      reposApi(context.octokit),
      this.trainingRepo(context),
      login,
      (record) => {
        // Before each attempt to write: a read that came back after the answer writes nothing.
        this.assertInTime(context);
        const { items, decision } = decide(record);
        const facts = items.map((evidence) => ({ login, evidence }));
        return { items: heldToDelivery(facts, receivedAt).map((fact) => fact.evidence), decision };
      },
      this.storeOptions,
    );
    logRecorded(context, login, added);
    return decision;
  }

  /** A developer's record as committed now, for a decision that needs their status. */
  async readRecord(context: AnyContext, login: string): Promise<DeveloperRecord> {
    const target = this.trainingRepo(context);
    const record = await readStoredRecord(reposApi(context.octokit), target, login);
    // A decision counts only the facts the App wrote (record-proofs.ts).
    return provenRecord(record, this.keyring);
  }
}

export function webhookEvent(context: AnyContext): WebhookEvent {
  return { name: context.name, id: context.id, payload: context.payload };
}

function logRecorded(context: AnyContext, login: string, added: readonly Evidence[]) {
  if (added.length === 0) return;
  context.log.info(
    `context7-training: recorded ${added.map((item) => item.id).join(", ")} for ${login}`,
  );
}
