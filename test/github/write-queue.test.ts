import { mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import { MULTI_FILE_RECORDS, WriteQueue } from "../../src/github/write-queue.js";
import { GitHubStandIn } from "../../src/local/github-standin.js";
import { loadRecords } from "../../src/local/workspace.js";
import { usage } from "../support/builders.js";

const target = { owner: "acme", repo: "context7-training" };
let standIn: GitHubStandIn;

afterEach(async () => {
  expect(standIn.unexpected).toEqual([]);
  await standIn.stop();
});

/** An Octokit on the loopback stand-in, with some latency so that batches can form. */
async function github(latencyMs = 20) {
  const dir = mkdtempSync(join(tmpdir(), "c7-queue-"));
  standIn = new GitHubStandIn({
    trainingRepo: "acme/context7-training",
    recordsDir: dir,
    configText: "trainingRepo: acme/context7-training\n",
  });
  const quiet = () => {};
  const octokit = new Octokit({
    baseUrl: await standIn.start(),
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
  octokit.hook.before("request", () => new Promise((resolve) => setTimeout(resolve, latencyMs)));
  const writes = () => standIn.requests.filter((request) => request.method !== "GET");
  return { api: octokit.rest, dir, writes };
}

const facts = (count: number): Evidence[] =>
  Array.from({ length: count }, () => usage("2026-11-24"));

async function idsIn(dir: string): Promise<string[]> {
  const records = await loadRecords(dir);
  if (!records.ok) throw new Error("invalid records written");
  return records.value.flatMap((record) => record.evidence.map((item) => item.id)).sort();
}

describe("WriteQueue", () => {
  it("puts the facts that arrive during a write into one next commit, each settling after its commit", async () => {
    const { api, dir, writes } = await github();
    const queue = new WriteQueue();
    const items = facts(5);
    const added = await Promise.all(
      items.map(async (item) => {
        const result = await queue.store(api, target, "alice", [item]);
        // When a delivery is answered, its fact is committed.
        expect(await idsIn(dir)).toContain(item.id);
        return result.added.map((fact) => fact.id);
      }),
    );
    expect(await idsIn(dir)).toEqual(items.map((item) => item.id).sort());
    expect(added.flat().sort()).toEqual(items.map((item) => item.id).sort());
    // The first fact alone, then the four that came during its write, together.
    expect(writes()).toHaveLength(2);
    expect(queue.stats).toMatchObject({ requests: 5, batches: 2 });
  });

  it("counts a fact brought twice in one batch as added once", async () => {
    const { api } = await github();
    const queue = new WriteQueue();
    const [first, twice] = facts(2) as [Evidence, Evidence];
    const results = await Promise.all([
      queue.store(api, target, "alice", [first]),
      queue.store(api, target, "alice", [twice]),
      queue.store(api, target, "alice", [twice]),
    ]);
    expect(results.map((result) => result.added.length)).toEqual([1, 1, 0]);
  });

  it(`commits a batch of ${MULTI_FILE_RECORDS} or more records at once in one Git Data commit`, async () => {
    const { api, dir, writes } = await github();
    const queue = new WriteQueue();
    const logins = ["alice", "bob", "carol", "dave", "erin"];
    const first = queue.store(api, target, "zed", facts(1));
    const burst = logins.map((login) => queue.store(api, target, login, facts(2)));
    await Promise.all([first, ...burst]);
    expect(readdirSync(dir).sort()).toEqual([...logins, "zed"].map((l) => `${l}.yml`).sort());
    expect(await idsIn(dir)).toHaveLength(11);
    expect(queue.stats).toMatchObject({ batches: 2, multiRecordCommits: 1 });
    // One record alone (1 PUT), then tree, commit and ref update for the five.
    expect(writes().map((request) => request.method)).toEqual(["PUT", "POST", "POST", "PATCH"]);
  });

  it("writes a multi-record batch record by record when the branch moved under its commit", async () => {
    const { api, dir } = await github();
    const queue = new WriteQueue({ backoffMs: 1 });
    const other = new WriteQueue();
    let intruded = false;
    const createCommit = api.git.createCommit.bind(api.git);
    // Another App instance commits between this batch's read and its ref update.
    api.git.createCommit = Object.assign(
      async (...args: Parameters<typeof api.git.createCommit>) => {
        const created = await createCommit(...args);
        if (!intruded) {
          intruded = true;
          await other.store(api, target, "alice", facts(1));
        }
        return created;
      },
      api.git.createCommit,
    );
    await Promise.all(
      ["zed", "alice", "bob", "carol", "dave"].map((login) =>
        queue.store(api, target, login, facts(1)),
      ),
    );
    expect(await idsIn(dir)).toHaveLength(6);
    // The ref update was not a fast-forward: refused; then one compare-and-swap per record
    // (read fresh, so alice's keeps the other instance's fact), besides that instance's one.
    expect(standIn.requests.filter((r) => r.method === "PATCH")).toHaveLength(1);
    const puts = standIn.requests.filter((r) => r.method === "PUT").map((r) => r.path);
    expect(puts.filter((path) => !path.endsWith("zed.yml"))).toHaveLength(1 + 4);
  });
});
