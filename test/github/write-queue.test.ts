import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import { parseRecordsKeyring, proofProblem } from "../../src/core/proof.js";
import { commitRecords, FRESH_READ_MS } from "../../src/github/records-commit.js";
import { AnswerDueError, MULTI_FILE_RECORDS, WriteQueue } from "../../src/github/write-queue.js";
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
  return { api: { repos: octokit.rest.repos, graphql: octokit.graphql }, dir, writes };
}

type Api = Awaited<ReturnType<typeof github>>["api"];

/** `api` whose GraphQL calls each run `before` first, told how many calls came before. */
function beforeGraphql(api: Api, before: (call: number) => Promise<void>): Api {
  let calls = 0;
  const graphql: Api["graphql"] = Object.assign(async (...args: Parameters<Api["graphql"]>) => {
    await before(calls++);
    return api.graphql(...args);
  }, api.graphql);
  return { ...api, graphql };
}

/** Lets the queue take what was stored so far into a write: what comes after waits for it. */
const started = () => new Promise((resolve) => setImmediate(resolve));

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
      items.map(async (item, index) => {
        if (index > 0) await started();
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

  it(`commits a batch of ${MULTI_FILE_RECORDS} or more records at once in one GraphQL commit`, async () => {
    const { api, dir, writes } = await github();
    const queue = new WriteQueue();
    const logins = ["alice", "bob", "carol", "dave", "erin"];
    const first = queue.store(api, target, "zed", facts(1));
    await started();
    const burst = logins.map((login) => queue.store(api, target, login, facts(2)));
    await Promise.all([first, ...burst]);
    expect(readdirSync(dir).sort()).toEqual([...logins, "zed"].map((l) => `${l}.yml`).sort());
    expect(await idsIn(dir)).toHaveLength(11);
    expect(queue.stats).toMatchObject({ batches: 2, multiRecordCommits: 1, retries: 0 });
    // One record alone (1 PUT), then one createCommitOnBranch for the five.
    expect(writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      "PUT /repos/acme/context7-training/contents/records%2Fzed.yml",
      "POST /graphql",
    ]);
    expect(standIn.commits).toBe(2);
  });

  it("reads and commits a multi-record batch again when the branch moved under it", async () => {
    const { api, dir, writes } = await github();
    const queue = new WriteQueue({ backoffMs: 1 });
    const other = new WriteQueue();
    // Another App instance commits between this batch's read and its commit.
    const racing = beforeGraphql(api, async (call) => {
      if (call === 0) await other.store(api, target, "alice", facts(1));
    });
    const zed = queue.store(racing, target, "zed", facts(1));
    await started();
    await Promise.all(
      ["alice", "bob", "carol", "dave"].map((login) =>
        queue.store(racing, target, login, facts(1)),
      ),
    );
    await zed;
    // alice's record kept the other instance's fact: the batch was read again.
    expect(await idsIn(dir)).toHaveLength(6);
    expect(queue.stats).toMatchObject({ batches: 3, multiRecordCommits: 2, retries: 1 });
    const graphqlCalls = writes().filter((request) => request.path === "/graphql");
    expect(graphqlCalls).toHaveLength(2);
    expect(standIn.commits).toBe(3);
  });

  it("fails every delivery of a batch with GitHub's error when the commit is refused for another reason", async () => {
    const { api, dir } = await github();
    const queue = new WriteQueue();
    // What GitHub answers an App without `contents: write` (as Octokit throws it).
    const refused = Object.assign(new Error("Resource not accessible by integration"), {
      name: "GraphqlResponseError",
      errors: [{ type: "FORBIDDEN", message: "Resource not accessible by integration" }],
    });
    const forbidden = {
      ...api,
      graphql: async () => {
        throw refused;
      },
    };
    const zed = queue.store(forbidden, target, "zed", facts(1));
    await started();
    const results = await Promise.allSettled([
      zed,
      ...["alice", "bob"].map((login) => queue.store(forbidden, target, login, facts(1))),
    ]);
    // zed's record went alone, through the Contents API; the two after it were refused.
    expect(results.map((result) => result.status)).toEqual(["fulfilled", "rejected", "rejected"]);
    expect(results.slice(1)).toEqual([
      { status: "rejected", reason: refused },
      { status: "rejected", reason: refused },
    ]);
    expect(queue.stats.retries).toBe(0);
    expect(readdirSync(dir)).toEqual(["zed.yml"]);
  });

  it("waits for its next write slot before reading, and takes in what arrived meanwhile", async () => {
    const { api, dir, writes } = await github(5);
    let now = 0;
    const sleeps: number[] = [];
    const queue = new WriteQueue({
      writeSpacingMs: 1_000,
      clock: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        // Facts that come while the queue waits for the slot.
        if (late.length === 0) late.push(queue.store(api, target, "dave", facts(1)));
        await new Promise((resolve) => setTimeout(resolve, 20));
        now += ms;
      },
    });
    const late: Promise<unknown>[] = [];
    const first = queue.store(api, target, "alice", facts(1));
    await started();
    const during = ["bob", "carol"].map((login) => queue.store(api, target, login, facts(1)));
    await Promise.all([first, ...during]);
    await Promise.all(late);
    // The first write went at once; the second waited the whole spacing, once.
    expect(sleeps).toEqual([1_000]);
    expect(queue.stats).toMatchObject({ batches: 2, multiRecordCommits: 1 });
    expect(writes().map((request) => request.method)).toEqual(["PUT", "POST"]);
    expect(await idsIn(dir)).toHaveLength(4);
  });

  it("takes the facts that came during a refused attempt into its retry, in one commit", async () => {
    const { api, dir, writes } = await github();
    const queue = new WriteQueue({ backoffMs: 1 });
    const other = new WriteQueue();
    const late: Promise<unknown>[] = [];
    const racing: Api = beforeGraphql(api, async (call) => {
      if (call > 0) return;
      // Another instance commits first, and two more deliveries come meanwhile.
      await other.store(api, target, "alice", facts(1));
      late.push(queue.store(racing, target, "erin", facts(1)));
      late.push(queue.store(racing, target, "bob", facts(1)));
    });
    const first = queue.store(racing, target, "zed", facts(1));
    await started();
    await Promise.all(
      ["alice", "bob"].map((login) => queue.store(racing, target, login, facts(1))),
    );
    await Promise.all([first, ...late]);
    // zed, alice (2, one the other instance's), bob (2), erin.
    expect(await idsIn(dir)).toHaveLength(6);
    // zed alone, the refused pair, then one commit with the pair and the two that came.
    expect(queue.stats).toMatchObject({ batches: 3, retries: 1 });
    expect(writes().filter((request) => request.path === "/graphql")).toHaveLength(2);
    expect(standIn.commits).toBe(3);
  });

  it("drops deliveries that ran out of time from a refused batch, and goes on with the rest", async () => {
    const { api, dir } = await github();
    // Margins of a second, so a loaded machine cannot run carol's own time out.
    const queue = new WriteQueue({ backoffMs: 1, answerDueMs: 1000 });
    const other = new WriteQueue();
    let fresh: Promise<unknown> = Promise.resolve();
    const racing: Api = beforeGraphql(api, async (call) => {
      if (call > 0) return;
      // Another instance commits first, and GitHub is slow to say so: the pair's time
      // runs out meanwhile. carol's fact comes just then.
      await other.store(api, target, "alice", facts(1));
      await new Promise((resolve) => setTimeout(resolve, 1200));
      fresh = queue.store(racing, target, "carol", facts(1));
    });
    // zed's goes alone; the pair waits for it, then goes as one commit.
    const zed = queue.store(racing, target, "zed", facts(1));
    await started();
    const pair = await Promise.allSettled(
      ["alice", "bob"].map((login) => queue.store(racing, target, login, facts(1))),
    );
    await zed;
    expect(pair.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect((pair[1] as PromiseRejectedResult).reason).toBeInstanceOf(AnswerDueError);
    // The slow refusal comes back after the pair failed; carol's fact goes next, alone.
    await vi.waitFor(() => expect(queue.stats.retries).toBe(1));
    await fresh;
    expect(queue.stats.retries).toBe(1);
    // zed's, the other instance's and carol's; nothing of the pair, which was refused.
    expect(await idsIn(dir)).toHaveLength(3);
    expect(readdirSync(dir).sort()).toEqual(["alice.yml", "carol.yml", "zed.yml"]);
  });

  it("fails a delivery not confirmed before its answer is due, even mid-write; its redelivery is answered as the first", async () => {
    const { api, dir } = await github();
    const queue = new WriteQueue({ answerDueMs: 400 });
    // A commit that GitHub answers late.
    const slow = beforeGraphql(api, () => new Promise((resolve) => setTimeout(resolve, 1500)));
    await queue.store(slow, target, "zed", facts(1));
    const aliceFacts = facts(1);
    const begin = performance.now();
    const results = await Promise.allSettled([
      queue.store(slow, target, "alice", aliceFacts),
      queue.store(slow, target, "bob", facts(1)),
    ]);
    expect(performance.now() - begin).toBeLessThan(1400);
    expect(results.map((result) => result.status)).toEqual(["rejected", "rejected"]);
    expect((results[0] as PromiseRejectedResult).reason).toBeInstanceOf(AnswerDueError);
    expect(String((results[0] as PromiseRejectedResult).reason)).toMatch(
      /facts for alice in acme\/context7-training was not confirmed within 0.4 s.*redeliver it, which records them once either way/,
    );
    // The commit was under way: it lands.
    await vi.waitFor(async () => expect(await idsIn(dir)).toHaveLength(3), { timeout: 5000 });
    // Its redelivery finds the facts there, yet counts them as added (its follow-ups, such
    // as a reply, never happened); a further one does not.
    const redelivery = await queue.store(slow, target, "alice", aliceFacts);
    expect(redelivery.added.map((item) => item.id)).toEqual(aliceFacts.map((item) => item.id));
    expect((await queue.store(slow, target, "alice", aliceFacts)).added).toEqual([]);
    expect(await idsIn(dir)).toHaveLength(3);
  });

  it("puts what one delivery stores for several developers at once into one commit, even when idle", async () => {
    const { api, writes } = await github();
    const queue = new WriteQueue();
    await Promise.all(["alice", "bob"].map((login) => queue.store(api, target, login, facts(1))));
    expect(writes().map((request) => request.path)).toEqual(["/graphql"]);
  });

  it("reads the head again after a slow read, and the records with it when it moved, instead of a refused commit", async () => {
    const { api, dir, writes } = await github();
    let now = 0;
    const other = new WriteQueue();
    let branchReads = 0;
    let intruded = false;
    const repos = {
      ...api.repos,
      get: api.repos.get,
      getBranch: async (params: Parameters<typeof api.repos.getBranch>[0]) => {
        branchReads++;
        const answer = await api.repos.getBranch(params);
        now += FRESH_READ_MS + 50; // every read of the head is slow
        return answer;
      },
      getContent: async (params: Parameters<typeof api.repos.getContent>[0]) => {
        if (!intruded) {
          intruded = true;
          await other.store(api, target, "alice", facts(1));
        }
        return api.repos.getContent(params);
      },
      createOrUpdateFileContents: api.repos.createOrUpdateFileContents,
    };
    const results = await commitRecords(
      { repos, graphql: api.graphql },
      target,
      "main",
      new Map([
        ["alice", facts(1)],
        ["bob", facts(1)],
      ]),
      { clock: () => now },
    );
    expect([...results.values()].map((result) => result.attempts)).toEqual([1, 1]);
    // Read, read again (moved: the records too), read again (still there): then one commit.
    expect(branchReads).toBe(3);
    expect(standIn.refusedWrites).toBe(0);
    expect(writes().filter((request) => request.path === "/graphql")).toHaveLength(1);
    expect(await idsIn(dir)).toHaveLength(3);
  });

  it("signs every record's new facts in a multi-record commit", async () => {
    const { api, dir } = await github(0);
    const ring = parseRecordsKeyring(`k1:${"q".repeat(32)}`, "test");
    const keyring = ring.ok ? ring.keyring : null;
    if (keyring === null) throw new Error("test key ring does not parse");
    await commitRecords(
      api,
      target,
      "main",
      new Map([
        ["alice", facts(1)],
        ["bob", facts(1)],
      ]),
      { keyring },
    );
    const records = await loadRecords(dir);
    const written = records.ok ? records.value : [];
    expect(written.map((record) => record.login).sort()).toEqual(["alice", "bob"]);
    for (const record of written)
      for (const fact of record.evidence)
        expect(proofProblem(keyring, record.login, fact)).toBeNull();
  });

  it("fails only the deliveries of a broken record in a batch, and commits the rest without it", async () => {
    const { api, dir } = await github();
    const broken = "version: 1\nlogin: alice\nevidence: [\n";
    writeFileSync(join(dir, "alice.yml"), broken);
    const queue = new WriteQueue();
    const [alice, bob] = await Promise.allSettled([
      queue.store(api, target, "alice", facts(1)),
      queue.store(api, target, "bob", facts(1)),
    ]);
    expect(alice?.status).toBe("rejected");
    expect(String((alice as PromiseRejectedResult).reason)).toMatch(
      /BrokenRecordError: acme\/context7-training: records\/alice\.yml.*fix the file/,
    );
    expect(bob?.status).toBe("fulfilled");
    expect(readFileSync(join(dir, "alice.yml"), "utf8")).toBe(broken);
    expect(readdirSync(dir).sort()).toEqual(["alice.yml", "bob.yml"]);
  });
});
