/**
 * Replays webhook events through the App's own handlers and record store, offline: GitHub
 * is the loopback stand-in, which keeps the training repo's records in a local folder.
 */

import { readdir, readFile, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import pino from "pino";
import { Probot } from "probot";
import { createApp } from "../app/index.js";
import { payloadProblems } from "../app/payloads.js";
import type { Config } from "../core/config.js";
import type { WebhookEvent } from "../core/events.js";
import type { Parsed, Problem } from "../core/problems.js";
import { trainingOctokit } from "../github/octokit.js";
import { GitHubStandIn, type RecordedRequest } from "./github-standin.js";

interface ReplayResult {
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

/**
 * Runs the events in order. A failing handler stops the replay with its error, unless
 * `onFailure` is given: then it is told, and the replay goes on with the next event.
 */
export async function replayEvents(options: {
  config: Config;
  configText: string;
  recordsDir: string;
  events: readonly WebhookEvent[];
  onFailure?: (index: number, error: unknown) => void;
}): Promise<ReplayResult> {
  // With `onFailure`, each failure is told there in one line: the log's stack traces stay out.
  const app = await startOfflineApp({
    ...options,
    ...(options.onFailure === undefined ? {} : { logLevel: "fatal" }),
  });
  try {
    for (const [index, event] of options.events.entries()) {
      if (options.onFailure === undefined) await app.receive(event);
      else await app.receive(event).catch((error: unknown) => options.onFailure?.(index, error));
    }
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
  const { events, problems } = await readEventFiles(paths, cwd);
  return problems.length > 0
    ? { ok: false, problems }
    : { ok: true, value: events.map((entry) => entry.event) };
}

/** An event with where it was read: its file, and its line in an `.ndjson` file. */
export interface SourcedEvent {
  event: WebhookEvent;
  file: string;
  line?: number;
}

/**
 * Like `readEvents`, but keeps the events that are well formed next to the problems of
 * those that are not (a payload lacking a field the App reads is one), each with its source.
 */
export async function readEventFiles(
  paths: readonly string[],
  cwd = process.cwd(),
): Promise<{ events: SourcedEvent[]; problems: Problem[] }> {
  const events: SourcedEvent[] = [];
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
      let text: string;
      try {
        text = await readFile(resolve(cwd, file), "utf8");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push({ file, path: "", message: `cannot be read (${code}); check the file` });
        continue;
      }
      const chunks: { line?: number; text: string }[] = file.endsWith(".ndjson")
        ? text
            .split("\n")
            .map((line, index) => ({ line: index + 1, text: line }))
            .filter((chunk) => chunk.text.trim() !== "")
        : [{ text }];
      for (const chunk of chunks) {
        const event = parseEvent(chunk.text);
        // The App's own payload check: the first field it would refuse, in one line.
        const problem =
          typeof event === "string"
            ? event
            : (payloadProblems(event.name, event.payload)?.[0] ?? null);
        if (problem !== null)
          problems.push({
            file,
            path: "",
            ...(chunk.line === undefined ? {} : { line: chunk.line }),
            message: problem,
          });
        else
          events.push({
            event: event as WebhookEvent,
            file,
            ...(chunk.line === undefined ? {} : { line: chunk.line }),
          });
      }
    }
  }
  return { events, problems };
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
