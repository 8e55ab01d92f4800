import { createHmac } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import nock from "nock";
import pino from "pino";
import { createNodeMiddleware, Probot } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/index.js";
import { trainingOctokit } from "../../src/github/octokit.js";
import { SAMPLE_CONFIG } from "../support/offline.js";
import { reviewEvent } from "../support/webhooks.js";

const SECRET = "webhook-secret";
const API = "https://api.github.com";
let server: Server;
let url: string;

beforeAll(async () => {
  nock.disableNetConnect();
  nock.enableNetConnect("127.0.0.1");
  const probot = new Probot({
    githubToken: "test-token",
    secret: SECRET,
    Octokit: trainingOctokit({ throttle: false, retries: 0 }),
    log: pino({ level: "silent" }),
  });
  const middleware = await createNodeMiddleware(
    createApp({ trainingRepo: "acme/context7-training" }),
    { probot },
  );
  server = createServer((request, response) => {
    void middleware(request, response, () => {
      response.writeHead(404);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/github/webhooks`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  nock.enableNetConnect();
});

afterEach(() => nock.cleanAll());

function deliver(body: string, signature: string | undefined) {
  return fetch(url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-github-event": "pull_request_review",
      "x-github-delivery": "11111111-2222-4333-8444-555555555555",
      ...(signature === undefined ? {} : { "x-hub-signature-256": signature }),
    },
    body,
  });
}

const sign = (body: string, secret = SECRET) =>
  `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

function githubWithEmptyRecords() {
  const config = nock(API)
    .get("/repos/acme/context7-training/contents/.github%2Fcontext7-training.yml")
    .reply(200, { type: "file", sha: "c", content: Buffer.from(SAMPLE_CONFIG).toString("base64") });
  const read = nock(API)
    .get("/repos/acme/context7-training/contents/records%2Falice.yml")
    .reply(404, {});
  const write = nock(API)
    .put("/repos/acme/context7-training/contents/records%2Falice.yml")
    .reply(201, { commit: { sha: "x" } });
  return [config, read, write];
}

describe("a delivery through Probot's HTTP middleware", () => {
  const { payload } = reviewEvent({
    reviewer: "alice",
    author: "bob",
    repo: "acme/game",
    body: 'Checked query-docs "/facebook/react" topic: "hooks".',
    at: "2026-11-24T10:00:00Z",
  });
  const body = JSON.stringify(payload);

  it("is recorded when its signature is right", async () => {
    const scopes = githubWithEmptyRecords();
    const response = await deliver(body, sign(body));
    expect(response.status).toBe(200);
    for (const scope of scopes) expect(scope.isDone()).toBe(true);
  });

  it("is refused with 400 and writes nothing when its signature is forged or missing", async () => {
    const scopes = githubWithEmptyRecords();
    expect((await deliver(body, sign(body, "guessed-secret"))).status).toBe(400);
    expect((await deliver(body, "")).status).toBe(400);
    for (const scope of scopes) expect(scope.isDone()).toBe(false);
  });

  it("is refused with 400, saying why, and writes nothing when the body was changed after signing or the signature is malformed", async () => {
    const scopes = githubWithEmptyRecords();
    // A genuine signature of the original body on a body edited in transit (a forged review).
    const forged = body.replace("alice", "bob");
    const answers = [
      await deliver(forged, sign(body)),
      await deliver(body, sign(body).replace("sha256=", "sha1=")),
      await deliver(body, "sha256=not-hex"),
      await deliver(body, `${sign(body)}00`),
    ];
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(await answer.text()).toContain("signature does not match event payload and secret");
    }
    // No signature header at all: the sender is told which header is missing.
    const unsigned = await deliver(body, undefined);
    expect(unsigned.status).toBe(400);
    expect(await unsigned.text()).toContain("x-hub-signature-256");
    for (const scope of scopes) expect(scope.isDone()).toBe(false);
  });
});
