/**
 * The App never writes a record it could not read back: before a commit, each
 * `records/<login>.yml` is parsed again with the Action's reader (`parseRecord`).
 */
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import {
  serializeReadable,
  storeEvidence,
  UnreadableRecordError,
} from "../../src/github/record-store.js";
import { MULTI_FILE_RECORDS, WriteQueue } from "../../src/github/write-queue.js";
import { GitHubStandIn } from "../../src/local/github-standin.js";
import { loadRecords } from "../../src/local/workspace.js";
import { record, usage } from "../support/builders.js";
import { type LoggedApp, startLoggedApp } from "../support/logged-app.js";
import { issueCommentEvent } from "../support/webhooks.js";

const target = { owner: "acme", repo: "context7-training" };
const quiet = () => {};
const log = { debug: quiet, info: quiet, warn: quiet, error: quiet };

/** A fact the record format does not take: its link is not a URL. */
const unreadable = (): Evidence => ({ ...usage("2026-11-24"), url: "not a link" });

describe("serializeReadable", () => {
  it("gives the text of a record that reads back as itself", () => {
    const text = serializeReadable(record("alice", [usage("2026-11-24")]), target);
    expect(text).toContain("login: alice");
  });

  it("refuses a record that would not read back, naming the file, the field and why", () => {
    expect(() => serializeReadable(record("alice", [unreadable()]), target)).toThrow(
      UnreadableRecordError,
    );
    expect(() => serializeReadable(record("alice", [unreadable()]), target)).toThrow(
      /^acme\/context7-training: records\/alice\.yml was not written, since it would not read back: records\/alice\.yml:\d+: evidence\[0\]\.url: .*the delivery fails so it can be redelivered once the App is fixed$/,
    );
  });
});

describe("storeEvidence", () => {
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    nock.enableNetConnect();
    expect(pending).toEqual([]);
  });

  it("reads the record and writes nothing when the new record would not read back", async () => {
    nock.disableNetConnect();
    // No PUT interceptor: a write would fail the test with a different error.
    nock("https://api.github.com")
      .get("/repos/acme/context7-training/contents/records%2Falice.yml")
      .reply(404, { message: "Not Found" });
    const repos = new Octokit({ auth: "test-token", log }).rest.repos;
    await expect(storeEvidence(repos, target, "alice", [unreadable()])).rejects.toThrow(
      UnreadableRecordError,
    );
  });
});

describe("a batch of records in one commit", () => {
  let standIn: GitHubStandIn;
  afterEach(async () => {
    expect(standIn.unexpected).toEqual([]);
    await standIn.stop();
  });

  it("fails the deliveries of the unreadable record and commits the others without it", async () => {
    expect(MULTI_FILE_RECORDS).toBeLessThanOrEqual(2);
    const dir = mkdtempSync(join(tmpdir(), "c7-readable-"));
    standIn = new GitHubStandIn({
      trainingRepo: "acme/context7-training",
      recordsDir: dir,
      configText: "trainingRepo: acme/context7-training\n",
    });
    const octokit = new Octokit({ baseUrl: await standIn.start(), log });
    // Some latency, so that both facts join one batch.
    octokit.hook.before("request", () => new Promise((resolve) => setTimeout(resolve, 20)));
    const api = { repos: octokit.rest.repos, graphql: octokit.graphql };
    const queue = new WriteQueue();
    const [alice, bob] = await Promise.allSettled([
      queue.store(api, target, "alice", [unreadable()]),
      queue.store(api, target, "bob", [usage("2026-11-24")]),
    ]);
    expect(alice?.status).toBe("rejected");
    expect((alice as PromiseRejectedResult).reason).toBeInstanceOf(UnreadableRecordError);
    expect(bob?.status).toBe("fulfilled");
    // The batch went the one-commit way (the branch head is read), then bob alone was written.
    expect(standIn.requests.some((request) => request.path.includes("/branches/"))).toBe(true);
    expect(readdirSync(dir)).toEqual(["bob.yml"]);
    const records = await loadRecords(dir);
    expect(records.ok).toBe(true);
  });
});

describe("the App", () => {
  let app: LoggedApp;
  afterEach(async () => {
    expect(app.standIn.unexpected).toEqual([]);
    await app.stop();
  });

  it("fails a delivery whose fact would make an unreadable record, and writes nothing", async () => {
    app = await startLoggedApp();
    const event = issueCommentEvent({
      author: "alice",
      repo: "acme/game",
      body: "use context7",
      at: "2026-11-24T10:00:00Z",
    });
    // Text, so the payload passes the boundary; but evidence links must be URLs.
    (event.payload as { comment: { html_url: string } }).comment.html_url = "not a link";
    await expect(app.receive(event)).rejects.toThrow(/records\/alice\.yml was not written/);
    expect(app.standIn.requests.filter((request) => request.method !== "GET")).toEqual([]);
    expect(existsSync(join(app.dir, "alice.yml"))).toBe(false);
    expect(app.lines).toContainEqual({
      level: "error",
      msg: expect.stringMatching(/records\/alice\.yml was not written, .*evidence\[0\]\.url/),
    });
  });
});
