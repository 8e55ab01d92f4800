/**
 * The stand-in's webhook deliveries and the App's deliveries API over them, driven by the
 * App's real sweep (redeliverFailed through Octokit).
 */
import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import { redeliverFailed } from "../../src/app/redeliver.js";
import { GitHubStandIn } from "../../src/local/github-standin.js";
import { SAMPLE_CONFIG } from "../support/offline.js";

const SECRET = "standin-secret";
const cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** A webhook receiver answering the statuses given, in turn (then 200); notes what came. */
async function receiver(statuses: number[]) {
  const received: { guid: string; valid: boolean }[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      const expected = `sha256=${createHmac("sha256", SECRET).update(body).digest("hex")}`;
      received.push({
        guid: String(request.headers["x-github-delivery"]),
        valid: request.headers["x-hub-signature-256"] === expected,
      });
      response.writeHead(statuses.shift() ?? 200);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return { url, received, close };
}

async function standIn() {
  const dir = mkdtempSync(join(tmpdir(), "c7-deliveries-"));
  const stand = new GitHubStandIn({
    trainingRepo: "acme/context7-training",
    recordsDir: dir,
    configText: SAMPLE_CONFIG,
  });
  const baseUrl = await stand.start();
  cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanup.push(() => stand.stop());
  return { stand, apps: new Octokit({ baseUrl, auth: "app-jwt" }).rest.apps };
}

const event = (id: string) => ({
  name: "issue_comment",
  id,
  payload: { action: "created", comment: { body: id } },
});
const SINCE = new Date(Date.now() - 60_000);

describe("the stand-in's deliveries", () => {
  it("lists what it delivered, newest first, and the real sweep redelivers the failed one once", async () => {
    const hook = await receiver([500]);
    cleanup.push(hook.close);
    const { stand, apps } = await standIn();
    stand.useWebhooks([hook.url], SECRET);
    expect((await stand.deliver(event("a"))).status).toBe("Invalid HTTP Response: 500");
    expect((await stand.deliver(event("b"))).status).toBe("OK");

    const listed = await apps.listWebhookDeliveries({ per_page: 100 });
    expect(listed.data.map((item) => [item.guid, item.status])).toEqual([
      ["b", "OK"],
      ["a", "Invalid HTTP Response: 500"],
    ]);

    const sweep = await redeliverFailed(apps, SINCE);
    expect(sweep.redelivered.map((item) => item.guid)).toEqual(["a"]);
    await stand.settled();
    expect(hook.received).toEqual([
      { guid: "a", valid: true },
      { guid: "b", valid: true },
      { guid: "a", valid: true },
    ]);
    expect(stand.deliveryAttempts.at(-1)).toMatchObject({
      guid: "a",
      redelivery: true,
      status: "OK",
    });
    // Settled: a second sweep (any instance) finds nothing to do.
    expect((await redeliverFailed(apps, SINCE)).redelivered).toEqual([]);
  });

  it("pages the list by cursor, as GitHub's Link header gives it", async () => {
    const hook = await receiver([]);
    cleanup.push(hook.close);
    const { stand, apps } = await standIn();
    stand.useWebhooks([hook.url], SECRET);
    for (const id of ["p1", "p2", "p3"]) await stand.deliver(event(id));
    const first = await apps.listWebhookDeliveries({ per_page: 2 });
    expect(first.data.map((item) => item.guid)).toEqual(["p3", "p2"]);
    const cursor = /cursor=(\d+)/.exec(first.headers.link ?? "")?.[1];
    const second = await apps.listWebhookDeliveries({ per_page: 2, cursor: cursor as string });
    expect(second.data.map((item) => item.guid)).toEqual(["p1"]);
    expect(second.headers.link).toBeUndefined();
  });

  it("takes a process that refuses connections out of the turn, its attempt failed as a 502", async () => {
    const alive = await receiver([]);
    cleanup.push(alive.close);
    const gone = await receiver([]);
    await gone.close();
    const { stand } = await standIn();
    stand.useWebhooks([gone.url, alive.url], SECRET);
    expect((await stand.deliver(event("x"))).status_code).toBe(502);
    expect((await stand.deliver(event("y"))).status).toBe("OK");
    expect((await stand.deliver(event("z"))).url).toBe(alive.url);
  });
});
