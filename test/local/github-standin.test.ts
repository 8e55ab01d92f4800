import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type FaultPlan, GitHubStandIn } from "../../src/local/github-standin.js";
import { SAMPLE_CONFIG } from "../support/offline.js";

const started: { standIn: GitHubStandIn; dir: string }[] = [];

async function start(faults?: FaultPlan) {
  const dir = mkdtempSync(join(tmpdir(), "c7-standin-"));
  const standIn = new GitHubStandIn({
    trainingRepo: "acme/context7-training",
    recordsDir: dir,
    configText: SAMPLE_CONFIG,
    ...(faults === undefined ? {} : { faults }),
  });
  const url = await standIn.start();
  started.push({ standIn, dir });
  return { standIn, dir, url };
}

afterEach(async () => {
  for (const { standIn, dir } of started.splice(0)) {
    await standIn.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

const RECORD = "/repos/acme/context7-training/contents/records%2Falice.yml";
const CONFIG = "/repos/acme/context7-training/contents/.github%2Fcontext7-training.yml";
const put = (url: string, signal?: AbortSignal) =>
  fetch(`${url}${RECORD}`, {
    method: "PUT",
    body: JSON.stringify({
      message: "Record 1 fact for alice",
      content: Buffer.from("version: 1\nlogin: alice\nevidence: []\n").toString("base64"),
    }),
    ...(signal === undefined ? {} : { signal }),
  });

describe("the stand-in's fault plan", () => {
  it("injects nothing without a plan, and counts the commits", async () => {
    const { standIn, url } = await start();
    expect((await fetch(`${url}${CONFIG}`)).status).toBe(200);
    expect((await put(url)).status).toBe(201);
    expect(standIn.faults).toEqual({
      conflict: 0,
      serverError: 0,
      hang: 0,
      lostAnswer: 0,
      secondaryRateLimit: 0,
      slow: 0,
      slowMs: 0,
      configHang: 0,
    });
    expect(standIn.commits).toBe(1);
  });

  it("answers a secondary rate limit as GitHub does: 403, retry-after 1, its message", async () => {
    const { standIn, url } = await start({ seed: 1, secondaryRateLimits: 1 });
    const response = await fetch(`${url}${CONFIG}`);
    expect(response.status).toBe(403);
    expect(response.headers.get("retry-after")).toBe("1");
    expect(((await response.json()) as { message: string }).message).toMatch(
      /^You have exceeded a secondary rate limit/,
    );
    expect(standIn.faults.secondaryRateLimit).toBe(1);
  });

  it("refuses a current write as a conflict, and leaves reads alone", async () => {
    const { standIn, dir, url } = await start({ seed: 1, conflicts: 1 });
    expect((await fetch(`${url}${CONFIG}`)).status).toBe(200);
    expect((await put(url)).status).toBe(409);
    expect(() => readFileSync(join(dir, "alice.yml"))).toThrow();
    expect(standIn.faults.conflict).toBe(1);
    expect(standIn.commits).toBe(0);
  });

  it("injects at least the kinds asked for, once each, even when the sequence draws none", async () => {
    const { standIn, url } = await start({
      seed: 1,
      atLeast: { conflict: 1, "secondary-rate-limit": 1 },
    });
    // A read cannot be a conflict: it gets the rate limit; the first write, the conflict.
    expect((await fetch(`${url}${CONFIG}`)).status).toBe(403);
    expect((await put(url)).status).toBe(409);
    expect((await fetch(`${url}${CONFIG}`)).status).toBe(200);
    expect((await put(url)).status).toBe(201);
    expect(standIn.faults).toMatchObject({ conflict: 1, secondaryRateLimit: 1 });
  });

  it("loses the answer of a write that landed: 5xx, yet the file is written", async () => {
    const { standIn, dir, url } = await start({ seed: 1, serverErrors: 1, lostAnswers: 1 });
    expect((await put(url)).status).toBeGreaterThanOrEqual(500);
    expect(readFileSync(join(dir, "alice.yml"), "utf8")).toContain("login: alice");
    expect(standIn.faults).toMatchObject({ serverError: 1, lostAnswer: 1 });
    expect(standIn.commits).toBe(1);
  });

  it("never answers a hung request: the client gives up, and the stand-in still stops", async () => {
    const { standIn, dir, url } = await start({ seed: 1, hangs: 1 });
    const hung = fetch(`${url}${RECORD}`, { signal: AbortSignal.timeout(100) });
    await expect(hung).rejects.toMatchObject({ name: "TimeoutError" });
    const held = put(url).catch((error: unknown) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await standIn.stop();
    expect(await held).toBeInstanceOf(Error);
    expect(() => readFileSync(join(dir, "alice.yml"))).toThrow();
    expect(standIn.faults).toMatchObject({ hang: 2, lostAnswer: 0 });
    expect(standIn.commits).toBe(0);
  });

  it("applies a hung record write before holding its answer, when the plan says so", async () => {
    const { standIn, dir, url } = await start({ seed: 1, hangs: 1, lostAnswers: 1 });
    await expect(put(url, AbortSignal.timeout(100))).rejects.toMatchObject({
      name: "TimeoutError",
    });
    expect(readFileSync(join(dir, "alice.yml"), "utf8")).toContain("login: alice");
    expect(standIn.faults).toMatchObject({ hang: 1, lostAnswer: 1 });
    expect(standIn.commits).toBe(1);
  });

  it("holds the first config reads the plan names, then answers the config as usual", async () => {
    const { standIn, url } = await start({ seed: 1, configReadHangs: 2 });
    const read = () => fetch(`${url}${CONFIG}`, { signal: AbortSignal.timeout(100) });
    // Other files and record reads are not held.
    expect((await fetch(`${url}${RECORD}`)).status).toBe(404);
    await expect(read()).rejects.toMatchObject({ name: "TimeoutError" });
    await expect(read()).rejects.toMatchObject({ name: "TimeoutError" });
    const third = await read();
    expect(third.status).toBe(200);
    expect(standIn.faults).toMatchObject({ configHang: 2, hang: 0 });
  });

  it("answers late by the planned delay", async () => {
    const { standIn, url } = await start({ seed: 1, slow: 1, slowMs: [60, 60] });
    const begin = performance.now();
    expect((await fetch(`${url}${CONFIG}`)).status).toBe(200);
    expect(performance.now() - begin).toBeGreaterThanOrEqual(55);
    expect(standIn.faults).toMatchObject({ slow: 1, slowMs: 60 });
  });

  it("makes the same decisions for the same seed and the same requests", async () => {
    const plan: FaultPlan = { seed: 42, serverErrors: 0.3, secondaryRateLimits: 0.2 };
    const statuses = async () => {
      const { url } = await start(plan);
      const seen: number[] = [];
      for (let index = 0; index < 30; index++) seen.push((await fetch(`${url}${CONFIG}`)).status);
      return seen;
    };
    const first = await statuses();
    expect(await statuses()).toEqual(first);
    expect(first).toContain(200);
    expect(first).toContain(403);
    expect(first.some((status) => status >= 500)).toBe(true);
  });
});

describe("the stand-in's createCommitOnBranch", () => {
  const BRANCH = "/repos/acme/context7-training/branches/main";
  const head = async (url: string) =>
    ((await (await fetch(`${url}${BRANCH}`)).json()) as { commit: { sha: string } }).commit.sha;
  const commit = (url: string, expectedHeadOid: string) =>
    fetch(`${url}/graphql`, {
      method: "POST",
      body: JSON.stringify({
        query:
          "mutation ($input: CreateCommitOnBranchInput!) { createCommitOnBranch(input: $input) { commit { oid } } }",
        variables: {
          input: {
            branch: { repositoryNameWithOwner: "acme/context7-training", branchName: "main" },
            expectedHeadOid,
            message: { headline: "Record 2 facts for 2 developers" },
            fileChanges: {
              additions: ["alice", "bob"].map((login) => ({
                path: `records/${login}.yml`,
                contents: Buffer.from(`version: 1\nlogin: ${login}\nevidence: []\n`).toString(
                  "base64",
                ),
              })),
            },
          },
        },
      }),
    });
  const body = async (response: Response) =>
    (await response.json()) as {
      data: { createCommitOnBranch: { commit: { oid: string } } | null };
      errors?: { type: string; message: string }[];
    };

  it("lands at the expected head, writing every file and moving the branch", async () => {
    const { standIn, dir, url } = await start();
    const before = await head(url);
    const landed = await body(await commit(url, before));
    expect(landed.errors).toBeUndefined();
    expect(landed.data.createCommitOnBranch?.commit.oid).toBe(await head(url));
    expect(readFileSync(join(dir, "bob.yml"), "utf8")).toContain("login: bob");
    expect(standIn.commits).toBe(1);
  });

  it("refuses a commit whose head moved with GitHub's STALE_DATA error, writing nothing", async () => {
    const { standIn, dir, url } = await start();
    const stale = await head(url);
    expect((await put(url)).status).toBe(201);
    const refused = await commit(url, stale);
    expect(refused.status).toBe(200);
    expect((await body(refused)).errors).toEqual([
      expect.objectContaining({
        type: "STALE_DATA",
        message: `Expected branch to point to "${stale}" but it did not. Pull and try again.`,
      }),
    ]);
    expect(() => readFileSync(join(dir, "bob.yml"))).toThrow();
    expect(standIn.commits).toBe(1);
  });

  it("injects conflicts and lost answers into commits as into Contents writes", async () => {
    const conflicted = await start({ seed: 1, conflicts: 1 });
    const refused = await body(await commit(conflicted.url, await head(conflicted.url)));
    expect(refused.errors?.[0]?.type).toBe("STALE_DATA");
    expect(conflicted.standIn.commits).toBe(0);

    const lost = await start({ seed: 1, serverErrors: 1, lostAnswers: 1 });
    const expected = "0".repeat(40);
    expect((await commit(lost.url, expected)).status).toBeGreaterThanOrEqual(500);
    expect(readFileSync(join(lost.dir, "alice.yml"), "utf8")).toContain("login: alice");
    expect(lost.standIn.faults).toMatchObject({ serverError: 1, lostAnswer: 1 });
    expect(lost.standIn.commits).toBe(1);
  });
});
