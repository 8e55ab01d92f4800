/**
 * Replays webhook events through the App's own handlers and record store, offline: GitHub
 * is the loopback stand-in, which keeps the training repo's records in a local folder.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import pino from "pino";
import { Probot } from "probot";
import { createApp } from "../app/index.js";
import type { Config } from "../core/config.js";
import type { WebhookEvent } from "../core/events.js";
import type { Parsed, Problem } from "../core/problems.js";
import { trainingOctokit } from "../github/octokit.js";
import { GitHubStandIn, type RecordedRequest } from "./github-standin.js";

export interface ReplayResult {
  outbox: RecordedRequest[];
  reads: number;
  writes: number;
  unexpected: RecordedRequest[];
}

export interface OfflineApp {
  standIn: GitHubStandIn;
  receive(event: WebhookEvent): Promise<void>;
  stop(): Promise<void>;
}

function withLatency(Base: ReturnType<typeof trainingOctokit>, latencyMs: number) {
  if (latencyMs <= 0) return Base;
  return Base.plugin((octokit) => {
    octokit.hook.before("request", () => new Promise((resolve) => setTimeout(resolve, latencyMs)));
  });
}

/** The App's real handlers in a Probot that talks to the loopback stand-in for GitHub. */
export async function startOfflineApp(options: {
  config: Config;
  configText: string;
  recordsDir: string;
  logLevel?: string;
  /** The App's secrets (quiz key, signing key); default: the process environment. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Other repos' files, for the version check: owner/name → { path: text }. */
  repoFiles?: Record<string, Record<string, string>>;
  /** Added to every API call, as GitHub's own latency (the benchmark). */
  latencyMs?: number;
  /** The App's write coalescing (default on). */
  coalesce?: boolean;
  /**
   * The App's clock, for deliveries taken as arriving now (facts held to their arrival);
   * without it they are recorded deliveries played again.
   */
  clock?: () => number;
}): Promise<OfflineApp> {
  const standIn = new GitHubStandIn({
    trainingRepo: options.config.trainingRepo,
    recordsDir: options.recordsDir,
    configText: options.configText,
    repoFiles: options.repoFiles,
  });
  const baseUrl = await standIn.start();
  const probot = new Probot({
    githubToken: "offline-replay",
    baseUrl,
    Octokit: withLatency(trainingOctokit({ throttle: false, retries: 0 }), options.latencyMs ?? 0),
    log: pino({ level: options.logLevel ?? "warn" }, pino.destination(2)),
  });
  await probot.load(
    createApp({
      trainingRepo: options.config.trainingRepo,
      store: { backoffMs: 1 },
      // Recorded deliveries: when GitHub sent them is not known here.
      recordedDeliveries: options.clock === undefined,
      ...(options.clock === undefined ? {} : { clock: options.clock }),
      // Throttling is off here, so nothing spaces the writes.
      writeSpacingMs: 0,
      ...(options.env === undefined ? {} : { env: options.env }),
      ...(options.coalesce === undefined ? {} : { coalesce: options.coalesce }),
    }),
  );
  return {
    standIn,
    receive: (event) => probot.receive(event as Parameters<Probot["receive"]>[0]),
    stop: () => standIn.stop(),
  };
}

/** Runs the events in order; a failing handler stops the replay with its error. */
export async function replayEvents(options: {
  config: Config;
  configText: string;
  recordsDir: string;
  events: readonly WebhookEvent[];
}): Promise<ReplayResult> {
  const app = await startOfflineApp(options);
  try {
    for (const event of options.events) await app.receive(event);
    const { standIn } = app;
    return { outbox: standIn.outbox, ...standIn.counts(), unexpected: standIn.unexpected };
  } finally {
    await app.stop();
  }
}

/**
 * Reads events from JSON files `{ name, id, payload }`, folders of them (in file-name
 * order) and `.ndjson` files. Every problem in every file is reported before any replay.
 */
export async function readEvents(
  paths: readonly string[],
  cwd = process.cwd(),
): Promise<Parsed<WebhookEvent[]>> {
  const events: WebhookEvent[] = [];
  const problems: Problem[] = [];
  for (const path of paths) {
    let files: string[];
    try {
      files = (await stat(resolve(cwd, path))).isDirectory()
        ? (await readdir(resolve(cwd, path)))
            .filter((name) => name.endsWith(".json") || name.endsWith(".ndjson"))
            .sort()
            .map((name) => join(path, name))
        : [path];
    } catch (error) {
      problems.push({
        file: path,
        path: "",
        message: `cannot be read (${(error as NodeJS.ErrnoException).code}); pass event files or folders`,
      });
      continue;
    }
    for (const file of files) {
      const text = await readFile(resolve(cwd, file), "utf8");
      const chunks = file.endsWith(".ndjson")
        ? text
            .split("\n")
            .map((line, index) => ({ line: index + 1, text: line }))
            .filter((chunk) => chunk.text.trim() !== "")
        : [{ line: 1, text }];
      for (const chunk of chunks) {
        const event = parseEvent(chunk.text);
        if (typeof event === "string")
          problems.push({ file, path: "", line: chunk.line, message: event });
        else events.push(event);
      }
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: events };
}

function parseEvent(text: string): WebhookEvent | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return `is not valid JSON (${(error as Error).message})`;
  }
  const event = value as Partial<WebhookEvent> | null;
  if (
    event === null ||
    typeof event !== "object" ||
    typeof event.name !== "string" ||
    typeof event.id !== "string"
  ) {
    return 'must be an object { "name": "<x-github-event>", "id": "<x-github-delivery>", "payload": {…} }';
  }
  if (event.payload === null || typeof event.payload !== "object")
    return `event ${event.id}: "payload" must be an object`;
  return { name: event.name, id: event.id, payload: event.payload };
}
