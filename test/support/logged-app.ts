/** The App on the loopback stand-in, with its log lines kept for the test to read. */
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { Probot } from "probot";
import { type AppOptions, createApp } from "../../src/app/index.js";
import type { WebhookEvent } from "../../src/core/events.js";
import { trainingOctokit } from "../../src/github/octokit.js";
import { GitHubStandIn } from "../../src/local/github-standin.js";
import { SAMPLE_CONFIG } from "./offline.js";

export interface LoggedApp {
  standIn: GitHubStandIn;
  /** The training repo's records/ folder. */
  dir: string;
  /** Each log line: pino's level name and message. */
  lines: { level: string; msg: string }[];
  receive(event: WebhookEvent): Promise<void>;
  stop(): Promise<void>;
}

export async function startLoggedApp(
  options: { configText?: string; servedAs?: string; app?: AppOptions } = {},
): Promise<LoggedApp> {
  const dir = mkdtempSync(join(tmpdir(), "c7-records-"));
  const standIn = new GitHubStandIn({
    trainingRepo: options.servedAs ?? "acme/context7-training",
    recordsDir: dir,
    configText: options.configText ?? SAMPLE_CONFIG,
  });
  const baseUrl = await standIn.start();
  const lines: LoggedApp["lines"] = [];
  const log = pino(
    { level: "info", formatters: { level: (label) => ({ level: label }) } },
    {
      write(line: string) {
        const { level, msg } = JSON.parse(line);
        lines.push({ level, msg });
      },
    },
  );
  const probot = new Probot({
    githubToken: "test",
    baseUrl,
    Octokit: trainingOctokit({ throttle: false, retries: 0 }),
    log,
  });
  await probot.load(
    createApp({
      trainingRepo: "acme/context7-training",
      store: { backoffMs: 1 },
      writeSpacingMs: 0,
      ...options.app,
    }),
  );
  return {
    standIn,
    dir,
    lines,
    receive: (event) => probot.receive(event as Parameters<Probot["receive"]>[0]),
    stop: () => standIn.stop(),
  };
}
