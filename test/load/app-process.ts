/**
 * One App process for the load test, started by it with `child_process.fork`: the App's
 * real handlers in Probot, behind Probot's Node middleware (so every delivery's
 * `X-Hub-Signature-256` is verified with the secret, as in production), with the
 * production Octokit settings (throttling, retries), talking to the stand-in for GitHub.
 *
 * Environment: LOAD_GITHUB_URL (the stand-in), LOAD_WEBHOOK_SECRET, LOAD_TRAINING_REPO,
 * LOAD_SWEEP_MS (the redelivery sweep's interval; 0: off) and LOAD_LOG_LEVEL (default warn;
 * debug lists every API call with its status).
 * It tells its parent `{ type: "listening", port }`, answers `{ type: "handlers" }` with
 * how long each handler run took and how many still run (the middleware answers 202 after
 * 9 s, so the HTTP answer alone does not show it), and exits on `{ type: "stop" }` or when
 * the parent goes away.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import pino from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { createApp } from "../../src/app/index.js";
import { trainingOctokit } from "../../src/github/octokit.js";

export interface HandlerRun {
  delivery: string;
  event: string;
  ms: number;
  error?: string;
}

export type ParentMessage = { type: "handlers" } | { type: "stop" };
export type ChildMessage =
  | { type: "listening"; port: number }
  | { type: "handlers"; runs: HandlerRun[]; inFlight: number };

const baseUrl = process.env.LOAD_GITHUB_URL;
const secret = process.env.LOAD_WEBHOOK_SECRET;
const trainingRepo = process.env.LOAD_TRAINING_REPO;
if (baseUrl === undefined || secret === undefined || trainingRepo === undefined) {
  throw new Error("app-process: LOAD_GITHUB_URL, LOAD_WEBHOOK_SECRET, LOAD_TRAINING_REPO");
}

const runs: HandlerRun[] = [];
/** Handlers started and not yet finished. */
let inFlight = 0;

const probot = new Probot({
  githubToken: "load-test",
  baseUrl,
  secret,
  // The production settings: what `npm start` runs with.
  Octokit: trainingOctokit(),
  log: pino({ level: process.env.LOAD_LOG_LEVEL ?? "warn" }, pino.destination(2)),
});

type Handler = (context: { id: string; name: string }) => Promise<unknown> | unknown;

/** The Probot the App sees, with each handler timed; nothing else changes. */
const timed = new Proxy(probot, {
  get(target, property) {
    if (property === "on") {
      return (names: Parameters<Probot["on"]>[0], handler: Handler) =>
        target.on(names, async (context: { id: string; name: string }) => {
          const start = performance.now();
          inFlight++;
          try {
            await handler(context);
            runs.push({ delivery: context.id, event: context.name, ms: performance.now() - start });
          } catch (error) {
            runs.push({
              delivery: context.id,
              event: context.name,
              ms: performance.now() - start,
              error: `${(error as Error).name}: ${(error as Error).message}`,
            });
            throw error;
          } finally {
            inFlight--;
          }
        });
    }
    const value = Reflect.get(target, property);
    return typeof value === "function" ? value.bind(target) : value;
  },
});

// The App's own redelivery sweep, against the stand-in's deliveries API (every few seconds
// here instead of minutes).
const sweepMs = Number(process.env.LOAD_SWEEP_MS ?? 0);
const app = createApp({ trainingRepo, redeliverEveryMinutes: sweepMs / 60_000 });
const middleware = await createNodeMiddleware((_probot, options) => app(timed, options), {
  probot,
});
const server = createServer((request, response) => {
  void middleware(request, response, () => {
    response.writeHead(404);
    response.end();
  });
});
server.keepAliveTimeout = 30_000;
await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

const send = (message: ChildMessage) => process.send?.(message);
process.on("message", (message: ParentMessage) => {
  if (message.type === "handlers") send({ type: "handlers", runs, inFlight });
  if (message.type === "stop") process.exit(0);
});
// Never outlive the test that started this process.
process.on("disconnect", () => process.exit(0));
send({ type: "listening", port: (server.address() as AddressInfo).port });
