/**
 * The load and fault run: two App processes (test/load/app-process.ts, each Probot behind
 * its own HTTP server on 127.0.0.1) share one stand-in for GitHub that injects faults on a
 * seeded plan. Signed deliveries, some of them twice, go to both processes with bounded
 * concurrency; a delivery answered with anything but 2xx is redelivered, as a person would
 * press "Redeliver" on GitHub (GitHub does not redeliver by itself). Afterwards the records
 * folder is compared by content with the facts the scenario says each delivery must leave
 * (its own oracle, scenario.ts and oracle.ts), and the answer and handler times are measured.
 *
 * Debugging: LOAD_LOG_LEVEL=debug logs every API call of the App processes with its status,
 * LOAD_FULL_LOG=1 keeps all their log lines in the result.
 */
import { type ChildProcess, fork } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { WebhookEvent } from "../../src/core/events.js";
import {
  type DeliveryRecord,
  type FaultCounts,
  type FaultPlan,
  GitHubStandIn,
  seededRandom,
} from "../../src/local/github-standin.js";
import { loadRecords } from "../../src/local/workspace.js";
import type { ChildMessage, HandlerRun, ParentMessage } from "./app-process.js";
import {
  compareFacts,
  compareFollowUps,
  expectedFacts,
  type FactProblem,
  type FollowUpCheck,
  type RecordedFact,
} from "./oracle.js";
import {
  CERTIFIED,
  certifyPhase,
  type ExpectedCertificate,
  makeDeliveries,
  QUIZ_KEY,
  type ScenarioDelivery,
  SEEDED_RECORD,
  seededFacts,
  TRAINING_REPO,
} from "./scenario.js";

export type { FactProblem } from "./oracle.js";

export interface LoadOptions {
  configText: string;
  /** Distinct deliveries; `duplicates` more are sent again, so the deliveries sent are the sum. */
  unique: number;
  duplicates: number;
  processes: number;
  concurrency: number;
  /** How often each App process sweeps for failed deliveries (its real redelivery sweep). */
  sweepEveryMs: number;
  /** `kill -9` the last App process once this many deliveries were sent; never when absent. */
  killAfter?: number;
  seed: number;
  faults?: FaultPlan;
  /** Give up on an HTTP answer after this long (a bound, far above GitHub's 10 s). */
  requestTimeoutMs: number;
  /** After the last answer, wait at most this long for the sweeps and handlers to settle. */
  drainTimeoutMs: number;
  /** The App process's script; default ./app-process.ts (to try other settings). */
  appScript?: URL;
}

export interface Attempt {
  delivery: string;
  event: string;
  /** The process (index) it went to; -1 for a killed process. */
  process: number;
  /** Made to a process that was killed and unanswered or refused because of the kill. */
  toKilled: boolean;
  /** HTTP status, or 0 when there was no answer. */
  status: number;
  ms: number;
  redelivery: boolean;
}

export interface LoadResult {
  processes: number;
  concurrency: number;
  deliveries: number;
  duplicates: number;
  redeliveries: number;
  /** Deliveries whose latest attempt still failed at the end. */
  givenUp: string[];
  /** App processes killed mid-burst. */
  killed: number;
  /** Processes started in place of the killed ones, before the certification. */
  restarted: number;
  /** Exercise check runs, by head sha: one per submission opened. */
  checkRuns: FollowUpCheck;
  /** The App's replies, by what they answer (their hidden marker): one per command and form. */
  replies: FollowUpCheck;
  /** Issues the App closed (graded knowledge checks, the certified confirmation), by number. */
  closes: FollowUpCheck;
  /** The certificate the second phase issued: in the registry once, and its credential. */
  certification: CertificationCheck;
  attempts: Attempt[];
  handlers: HandlerRun[];
  /** Handlers still running when the records were read (after `drainTimeoutMs`). */
  stillRunning: number;
  faults: FaultCounts;
  commits: number;
  /** Record writes sent (Contents API PUTs and GraphQL commits), refused as stale, other writes. */
  writes: { records: number; refused: number; other: number };
  apiCalls: number;
  unexpectedRequests: number;
  expectedFacts: number;
  recordedFacts: number;
  factProblems: FactProblem[];
  recordProblems: string[];
  wallMs: number;
  /** The last lines the App processes logged (warnings and errors), all with LOAD_FULL_LOG. */
  logTail: string[];
  logLines: number;
}

/** What the registry and the credential file hold, against the one certificate expected. */
export interface CertificationCheck {
  expected: ExpectedCertificate;
  /** The registry's certificates, as `<id> <login> <command>`. */
  registered: string[];
  /** The certificate id the developer's credential file names, or null without one. */
  credential: string | null;
}

const SECRET = "load-test-webhook-secret";

interface AppProcess {
  child: ChildProcess;
  url: string;
}

async function startProcess(
  githubUrl: string,
  log: string[],
  script: URL,
  sweepEveryMs: number,
): Promise<AppProcess> {
  const child = fork(script, [], {
    execArgv: ["--import", "tsx"],
    env: {
      ...process.env,
      LOAD_SWEEP_MS: String(sweepEveryMs),
      LOAD_GITHUB_URL: githubUrl,
      LOAD_WEBHOOK_SECRET: SECRET,
      LOAD_TRAINING_REPO: TRAINING_REPO,
      CONTEXT7_QUIZ_KEY: QUIZ_KEY,
    },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let pending = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    pending += chunk.toString("utf8");
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    log.push(...lines.filter((line) => line.trim() !== ""));
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("an App process did not start in 30 s")),
      30_000,
    );
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`an App process exited with ${code} before listening: ${log.join("\n")}`));
    });
    child.on("message", (message: ChildMessage) => {
      if (message.type !== "listening") return;
      clearTimeout(timer);
      resolve(message.port);
    });
  });
  return { child, url: `http://127.0.0.1:${port}/api/github/webhooks` };
}

function ask(app: AppProcess): Promise<{ runs: HandlerRun[]; inFlight: number }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("an App process did not answer")), 10_000);
    const listener = (reply: ChildMessage) => {
      if (reply.type !== "handlers") return;
      clearTimeout(timer);
      app.child.off("message", listener);
      resolve(reply);
    };
    app.child.on("message", listener);
    app.child.send({ type: "handlers" } satisfies ParentMessage);
  });
}

async function stopProcess(app: AppProcess) {
  // Exited, or killed (a killed process has a signal, not an exit code).
  if (app.child.exitCode !== null || app.child.signalCode !== null) return;
  const exited = new Promise((resolve) => app.child.once("exit", resolve));
  app.child.send({ type: "stop" } satisfies ParentMessage);
  const timer = setTimeout(() => app.child.kill("SIGKILL"), 5_000);
  await exited;
  clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const recordsDir = mkdtempSync(join(tmpdir(), "c7-load-"));
  const seededText = readFileSync(SEEDED_RECORD, "utf8");
  copyFileSync(SEEDED_RECORD, join(recordsDir, `${CERTIFIED}.yml`));
  const standIn = new GitHubStandIn({
    trainingRepo: TRAINING_REPO,
    recordsDir,
    configText: options.configText,
    ...(options.faults === undefined ? {} : { faults: options.faults }),
  });
  const githubUrl = await standIn.start();
  const log: string[] = [];
  const apps: AppProcess[] = [];
  try {
    const script = options.appScript ?? new URL("./app-process.ts", import.meta.url);
    for (let index = 0; index < options.processes; index++)
      apps.push(await startProcess(githubUrl, log, script, options.sweepEveryMs));
    standIn.useWebhooks(
      apps.map((app) => app.url),
      SECRET,
    );

    const scenario = makeDeliveries(options.unique, options.seed);
    const events = scenario.map((delivery) => delivery.event);
    const random = seededRandom(options.seed + 1);
    const sends: { event: WebhookEvent; process: number }[] = events.map((event, index) => ({
      event,
      process: index % apps.length,
    }));
    for (let copy = 0; copy < options.duplicates; copy++) {
      const event = events[Math.floor(random() * events.length)] as WebhookEvent;
      // The copy goes to either process, anywhere in the stream (sometimes right beside it).
      sends.push({ event, process: Math.floor(random() * apps.length) });
    }
    for (let index = sends.length - 1; index > 0; index--) {
      const other = Math.floor(random() * (index + 1));
      [sends[index], sends[other]] = [sends[other], sends[index]] as [
        (typeof sends)[number],
        (typeof sends)[number],
      ];
    }

    // GitHub (the stand-in) delivers, 20 at a time, to the processes in turn; nobody presses
    // "Redeliver": the App's own sweep redelivers what failed.
    const wallStart = performance.now();
    let next = 0;
    const killedUrls = new Set<string>();
    const worker = async () => {
      while (next < sends.length) {
        const { event } = sends[next++] as (typeof sends)[number];
        const victim = apps.at(-1);
        if (options.killAfter !== undefined && next === options.killAfter && victim !== undefined) {
          victim.child.kill("SIGKILL");
          killedUrls.add(victim.url);
        }
        await standIn.deliver(event);
      }
    };
    await Promise.all(Array.from({ length: options.concurrency }, worker));

    // Until every delivery's latest attempt succeeded (the sweeps at work) and no handler
    // runs in a live process, at most `drainTimeoutMs` each time.
    const alive = () =>
      apps.filter((app) => app.child.exitCode === null && app.child.signalCode === null);
    const failing = () => {
      const latest = new Map<string, DeliveryRecord>();
      for (const attempt of standIn.deliveryAttempts) latest.set(attempt.guid, attempt);
      return [...latest.values()].filter((attempt) => attempt.status !== "OK");
    };
    let handlers: HandlerRun[] = [];
    let stillRunning = 0;
    const settle = async () => {
      for (const deadline = performance.now() + options.drainTimeoutMs; ; ) {
        await standIn.settled();
        const replies = await Promise.all(alive().map((app) => ask(app)));
        handlers = replies.flatMap((reply) => reply.runs);
        stillRunning = replies.reduce((sum, reply) => sum + reply.inFlight, 0);
        if ((stillRunning === 0 && failing().length === 0) || performance.now() > deadline) return;
        await sleep(250);
      }
    };
    await settle();

    // A new process in place of the killed one, as an orchestrator would start, so that the
    // certification's steps go to both processes in turn.
    let restarted = 0;
    for (const [index, app] of apps.entries()) {
      if (!killedUrls.has(app.url)) continue;
      apps[index] = await startProcess(githubUrl, log, script, options.sweepEveryMs);
      restarted++;
    }
    if (restarted > 0)
      standIn.useWebhooks(
        apps.map((app) => app.url),
        SECRET,
      );

    // Then the certification, each step once the one before is recorded (the faults go on).
    const phase = certifyPhase();
    for (const { event } of phase.deliveries) {
      await standIn.deliver(event);
      await settle();
    }
    const wallMs = performance.now() - wallStart;
    const urls = apps.map((app) => app.url);
    const attempts: Attempt[] = standIn.deliveryAttempts.map((attempt) => ({
      delivery: attempt.guid,
      event: attempt.event,
      process: urls.indexOf(attempt.url),
      // Unanswered or refused by the killed process: the kill's doing, not a late answer.
      toKilled:
        killedUrls.has(attempt.url) && (attempt.status_code === 0 || attempt.status_code === 502),
      status: attempt.status_code,
      ms: attempt.duration * 1000,
      redelivery: attempt.redelivery,
    }));
    const redeliveries = attempts.filter((attempt) => attempt.redelivery).length;
    const givenUp = failing().map((attempt) => attempt.guid);

    const deliveries = [...scenario, ...phase.deliveries];
    const expected = expectedFacts(deliveries, seededFacts(seededText));
    const loaded = await loadRecords(recordsDir, { allowMissing: true });
    const recordProblems = loaded.ok ? [] : loaded.problems.map((p) => `${p.file}: ${p.message}`);
    const recorded = new Map<string, RecordedFact[]>();
    for (const record of loaded.ok ? loaded.value : [])
      recorded.set(record.login.toLowerCase(), record.evidence as RecordedFact[]);
    const recordedFacts = [...recorded.values()].reduce((sum, facts) => sum + facts.length, 0);
    const factProblems = compareFacts(expected, recorded);

    return {
      processes: apps.length,
      concurrency: options.concurrency,
      deliveries: sends.length + phase.deliveries.length,
      duplicates: options.duplicates,
      redeliveries,
      givenUp,
      killed: killedUrls.size,
      restarted,
      checkRuns: checkRunsOf(standIn, deliveries),
      replies: repliesOf(standIn, deliveries),
      closes: closesOf(standIn, deliveries),
      certification: certificationOf(recordsDir, phase.certificate),
      attempts,
      handlers,
      stillRunning,
      faults: { ...standIn.faults },
      commits: standIn.commits,
      writes: writeCounts(standIn),
      apiCalls: standIn.requests.length,
      unexpectedRequests: standIn.unexpected.length,
      expectedFacts: expected.length,
      recordedFacts,
      factProblems,
      recordProblems,
      wallMs,
      logTail: process.env.LOAD_FULL_LOG ? log : log.slice(-20),
      logLines: log.length,
    };
  } finally {
    await Promise.all(apps.map(stopProcess));
    await standIn.stop();
    rmSync(recordsDir, { recursive: true, force: true });
  }
}

/**
 * The exercise check runs: one per submission opened in the training repo (the head commit
 * the scenario gave it), created once, however often it was delivered.
 */
function checkRunsOf(standIn: GitHubStandIn, scenario: readonly ScenarioDelivery[]) {
  const created = standIn.outbox
    .filter((request) => request.method === "POST" && request.path.endsWith("/check-runs"))
    .map((request) => (request.body as { head_sha: string }).head_sha);
  return compareFollowUps(
    scenario.flatMap((delivery) => delivery.checkRuns),
    created,
  );
}

/** The certificate registry and the certified developer's credential file, as written. */
function certificationOf(recordsDir: string, expected: ExpectedCertificate): CertificationCheck {
  const text = (name: string) => {
    try {
      return readFileSync(join(recordsDir, name), "utf8");
    } catch {
      return null;
    }
  };
  const registry = JSON.parse(text("certifications.json") ?? '{"certificates":[]}') as {
    certificates: { id: string; login: string; command: string }[];
  };
  const credential = text(`${expected.login}.credential.json`);
  return {
    expected,
    registered: registry.certificates.map((c) => `${c.id} ${c.login} ${c.command}`),
    credential: credential === null ? null : (/CONTEXT7-\d{4}-\d{4,}/.exec(credential)?.[0] ?? ""),
  };
}

/** The App's replies, each named by its hidden marker's `to`. */
function repliesOf(standIn: GitHubStandIn, scenario: readonly ScenarioDelivery[]) {
  const answered = standIn.outbox
    .filter((request) => request.method === "POST" && /\/issues\/\d+\/comments$/.test(request.path))
    .map((request) => {
      const body = (request.body as { body?: string }).body ?? "";
      const marker = /<!-- context7-training:reply (\{[^\n]*\}) -->\s*$/.exec(body)?.[1];
      return marker === undefined
        ? `(no marker) ${body.slice(0, 60)}`
        : String(JSON.parse(marker).to);
    });
  return compareFollowUps(
    scenario.flatMap((delivery) => delivery.replies),
    answered,
  );
}

/** The training repo's issues the App closed, by number. */
function closesOf(standIn: GitHubStandIn, scenario: readonly ScenarioDelivery[]) {
  const closed = standIn.outbox
    .filter(
      (request) =>
        request.method === "PATCH" && (request.body as { state?: string }).state === "closed",
    )
    .map((request) => /\/issues\/(\d+)$/.exec(request.path)?.[1] ?? request.path);
  return compareFollowUps(
    scenario.flatMap((delivery) => delivery.closes.map(String)),
    closed,
  );
}

export function percentile(values: readonly number[], share: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(share * sorted.length) - 1)] as number;
}

/** Failed handler runs by error name, and how many of their deliveries were answered 202. */
function failedRuns(result: LoadResult): string {
  const failed = result.handlers.filter((run) => run.error !== undefined);
  if (failed.length === 0) return "0";
  const byName = new Map<string, number>();
  for (const run of failed) {
    const name = (run.error ?? "").split(":")[0] ?? "";
    byName.set(name, (byName.get(name) ?? 0) + 1);
  }
  const late = new Set(
    result.attempts.filter((attempt) => attempt.status === 202).map((attempt) => attempt.delivery),
  );
  const afterAccepted = failed.filter((run) => late.has(run.delivery)).length;
  return `${failed.length} (${[...byName].map(([name, count]) => `${count} ${name}`).join(", ")}); ${afterAccepted} of them on deliveries already answered 202`;
}

/** The numbers as a Markdown table, for the log and docs/benchmarks.md. */
function writeCounts(standIn: GitHubStandIn): LoadResult["writes"] {
  const writes = standIn.requests.filter((request) => request.method !== "GET");
  const records = writes.filter(
    (request) => request.path === "/graphql" || request.path.includes("/contents/records"),
  ).length;
  return { records, refused: standIn.refusedWrites, other: writes.length - records };
}

function followUps(check: FollowUpCheck): string {
  return `${check.expected} / ${check.done} / ${check.missing.length} / ${check.twice.length}`;
}

export function summaryTable(result: LoadResult): string {
  const answers = result.attempts.map((attempt) => attempt.ms);
  const handlerMs = result.handlers.map((run) => run.ms);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const { faults } = result;
  const statuses = new Map<number, number>();
  for (const attempt of result.attempts)
    statuses.set(attempt.status, (statuses.get(attempt.status) ?? 0) + 1);
  const rows: [string, string][] = [
    [
      `deliveries sent (${result.processes} App processes, ${result.concurrency} in flight)`,
      String(result.deliveries),
    ],
    ["of which duplicates (same delivery id again)", String(result.duplicates)],
    [
      "App processes killed (kill -9) mid-burst; started again before the certification",
      `${result.killed}; ${result.restarted}`,
    ],
    ["redeliveries by the App's sweep", String(result.redeliveries)],
    ["exercise check runs expected / created / missing / twice", followUps(result.checkRuns)],
    ["replies (commands, forms) expected / posted / missing / twice", followUps(result.replies)],
    [
      "issues closed (graded knowledge checks) expected / closed / missing / twice",
      followUps(result.closes),
    ],
    [
      "certificate in the registry / credential written",
      `${result.certification.registered.join(", ") || "none"} / ${result.certification.credential ?? "none"}`,
    ],
    [
      "answers by status",
      [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, count]) => `${status === 0 ? "none" : status}: ${count}`)
        .join(", "),
    ],
    [
      "faults injected",
      `${faults.conflict} conflicts (409 or STALE_DATA), ${faults.serverError} server errors (5xx; ${faults.lostAnswer} of these and the unanswered after the write was applied), ${faults.secondaryRateLimit} secondary rate limits (403), ${faults.slow} slow answers (${s(faults.slowMs)} in all), ${faults.hang} never answered, ${faults.configHang} config reads held past the answer guard`,
    ],
    ["handler runs failed", failedRuns(result)],
    ["record commits", String(result.commits)],
    [
      "record writes sent / refused (another writer first) / other writes",
      `${result.writes.records} / ${result.writes.refused} / ${result.writes.other}`,
    ],
    ["API calls", String(result.apiCalls)],
    [
      "facts expected / recorded / missing, unexpected or twice",
      `${result.expectedFacts} / ${result.recordedFacts} / ${result.factProblems.length}`,
    ],
    [
      "answer time p50 / p95 / max",
      `${s(percentile(answers, 0.5))} / ${s(percentile(answers, 0.95))} / ${s(Math.max(0, ...answers))}`,
    ],
    [
      "handler time p50 / p95 / max",
      `${s(percentile(handlerMs, 0.5))} / ${s(percentile(handlerMs, 0.95))} / ${s(Math.max(0, ...handlerMs))}`,
    ],
    ["wall time", s(result.wallMs)],
  ];
  return [
    "| measure | result |",
    "| --- | --- |",
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
  ].join("\n");
}
