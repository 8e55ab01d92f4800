import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import nock from "nock";
import pino from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/index.js";
import type { WebhookEvent } from "../../src/core/events.js";
import { QUIZ_QUESTIONS } from "../../src/core/quiz.js";
import { trainingOctokit } from "../../src/github/octokit.js";
import { issueOpenedEvent } from "../support/issue-events.js";
import { readIssueForm, renderSubmittedForm } from "../support/issue-forms.js";
import { SAMPLE_CONFIG } from "../support/offline.js";
import { issueCommentEvent, reviewEvent } from "../support/webhooks.js";

const SECRET = "webhook-secret";
const API = "https://api.github.com";
const REPO = "/repos/acme/context7-training";
/** The guard, shortened from 8 s so that a read "hangs" past it in seconds; margins a loaded machine keeps. */
const ANSWER_DUE_MS = 1_000;
const HANG_MS = 2_500;
const servers: Server[] = [];

beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
});
afterEach(() => nock.cleanAll());
afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  nock.enableNetConnect();
});

/** A fresh App (no config cached) behind Probot's HTTP middleware; returns its webhook URL. */
async function startApp(env?: Record<string, string>): Promise<string> {
  const probot = new Probot({
    githubToken: "test-token",
    secret: SECRET,
    Octokit: trainingOctokit({ throttle: false, retries: 0 }),
    log: pino({ level: "silent" }),
  });
  const middleware = await createNodeMiddleware(
    createApp({
      trainingRepo: "acme/context7-training",
      answerDueMs: ANSWER_DUE_MS,
      ...(env === undefined ? {} : { env }),
    }),
    { probot },
  );
  const server = createServer((request, response) => {
    void middleware(request, response, () => {
      response.writeHead(404);
      response.end();
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
}

async function deliver(url: string, event: WebhookEvent) {
  const body = JSON.stringify(event.payload);
  const response = await fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": event.name,
      "x-github-delivery": event.id,
      "x-hub-signature-256": `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`,
    },
    body,
  });
  return response.status;
}

const config = (delayMs = 0) =>
  nock(API)
    .get(`${REPO}/contents/.github%2Fcontext7-training.yml`)
    .delay(delayMs)
    .reply(200, { type: "file", sha: "c", content: Buffer.from(SAMPLE_CONFIG).toString("base64") });

/** Every write the handler could make for these deliveries: none may be made late. */
function writes() {
  return [
    nock(API)
      .put(/\/contents\/records/)
      .reply(201, { commit: { sha: "x" } }),
    nock(API)
      .post(/\/graphql$/)
      .reply(200, {}),
    nock(API)
      .post(/\/comments$/)
      .reply(201, {}),
  ];
}

const review = () =>
  reviewEvent({
    reviewer: "alice",
    author: "bob",
    repo: "acme/game",
    body: 'Checked query-docs "/facebook/react" topic: "hooks".',
    at: "2026-11-24T10:00:00Z",
  });

describe("the answer guard covers the whole handler", () => {
  it("records a delivery whose reads are quick, and answers 200", async () => {
    const url = await startApp();
    config();
    nock(API).get(`${REPO}/contents/records%2Falice.yml`).reply(404, {});
    const [put] = writes();
    expect(await deliver(url, review())).toBe(200);
    expect(put?.isDone()).toBe(true);
  });

  it("answers 5xx when the config read hangs past it, and writes nothing when the read returns", async () => {
    const url = await startApp();
    const read = config(HANG_MS);
    nock(API).get(`${REPO}/contents/records%2Falice.yml`).reply(404, {});
    const scopes = writes();
    const started = Date.now();
    const status = await deliver(url, review());
    expect(status).toBeGreaterThanOrEqual(500);
    expect(Date.now() - started).toBeLessThan(HANG_MS);
    // The read comes back after the answer; the handler goes on, but writes nothing.
    await sleep(HANG_MS + 300);
    expect(read.isDone()).toBe(true);
    for (const scope of scopes) expect(scope.isDone()).toBe(false);
  });

  it("answers 5xx when a record read hangs past it (a manager's command), and neither records nor replies", async () => {
    const url = await startApp();
    config();
    const read = nock(API)
      .get(`${REPO}/contents/records%2Falice.yml`)
      .delay(HANG_MS)
      .reply(404, {});
    const scopes = writes();
    const command = issueCommentEvent({
      author: "dev-manager",
      repo: "acme/context7-training",
      body: "/context7 reviewed @alice",
      at: "2026-11-24T10:00:00Z",
    });
    expect(await deliver(url, command)).toBeGreaterThanOrEqual(500);
    await sleep(HANG_MS + 300);
    expect(read.isDone()).toBe(true);
    for (const scope of scopes) expect(scope.isDone()).toBe(false);
  });

  it("answers 5xx when the record read of a knowledge check hangs past it, and grades nothing", async () => {
    const letters = QUIZ_QUESTIONS.filter((question) => question.letters !== null).map(
      (question) => [question.id, "A"] as const,
    );
    const url = await startApp({
      CONTEXT7_QUIZ_KEY: letters.map(([id, letter]) => `${id}=${letter}`).join(","),
    });
    config();
    const read = nock(API)
      .get(`${REPO}/contents/records%2Falice.yml`)
      .delay(HANG_MS)
      .reply(404, {});
    const scopes = writes();
    const quiz = issueOpenedEvent({
      author: "alice",
      repo: "acme/context7-training",
      number: 9,
      body: renderSubmittedForm(readIssueForm("context7-knowledge-check.yml"), {
        ...Object.fromEntries(letters),
      }),
      at: "2026-11-24T10:00:00Z",
    });
    expect(await deliver(url, quiz)).toBeGreaterThanOrEqual(500);
    await sleep(HANG_MS + 300);
    expect(read.isDone()).toBe(true);
    for (const scope of scopes) expect(scope.isDone()).toBe(false);
  });
});
