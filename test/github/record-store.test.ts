import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import { parseRecordsKeyring, proofProblem } from "../../src/core/proof.js";
import { parseRecord, serializeRecord } from "../../src/core/records.js";
import {
  BrokenRecordError,
  ConflictRetriesExhaustedError,
  commitMessage,
  storeDecision,
  storeEvidence,
} from "../../src/github/record-store.js";
import { knowledge, record, reviewRef, usage } from "../support/builders.js";

const API = "https://api.github.com";
const FILE = "/repos/acme/context7-training/contents/records%2Falice.yml";
const target = { owner: "acme", repo: "context7-training" };
const noWait = { sleep: async () => {}, random: () => 0 };

function api() {
  const quiet = () => {};
  const log = { debug: quiet, info: quiet, warn: quiet, error: quiet };
  return new Octokit({ auth: "test-token", log }).rest.repos;
}

function fileResponse(evidence: Evidence[], sha: string) {
  const text = serializeRecord(record("alice", evidence));
  return {
    type: "file",
    encoding: "base64",
    sha,
    path: "records/alice.yml",
    content: Buffer.from(text).toString("base64"),
  };
}

/** The evidence ids in a PUT body's record. */
function idsIn(body: { content: string }): string[] {
  const parsed = parseRecord(
    Buffer.from(body.content, "base64").toString("utf8"),
    "records/alice.yml",
  );
  if (!parsed.ok) throw new Error("the store wrote an invalid record");
  return parsed.value.evidence.map((item) => item.id).sort();
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("storeEvidence", () => {
  const first = usage("2026-11-24");
  const second = reviewRef("2026-11-24", 4);

  it("creates a developer's record with one commit", async () => {
    let written: { message: string; content: string; sha?: string } | undefined;
    nock(API).get(FILE).reply(404, { message: "Not Found" });
    nock(API)
      .put(FILE, (body) => {
        written = body;
        return true;
      })
      .reply(201, { commit: { sha: "c1" } });
    const result = await storeEvidence(api(), target, "alice", [first], noWait);
    expect(result).toMatchObject({ added: [first], attempts: 1 });
    expect(written?.sha).toBeUndefined();
    expect(written?.message).toBe("Record 1 fact for alice: usage (review)");
    expect(idsIn(written as { content: string })).toEqual([first.id]);
  });

  it("signs the facts it writes with the key ring, never a fact already in the file", async () => {
    const parsedRing = parseRecordsKeyring(`k1:${"s".repeat(32)}`, "test");
    const keyring = parsedRing.ok ? parsedRing.keyring : null;
    if (keyring === null) throw new Error("test key ring does not parse");
    const handAdded = knowledge("2026-11-24", 100);
    let written = "";
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([handAdded], "blob-1"));
    nock(API)
      .put(FILE, (body) => {
        written = Buffer.from(body.content, "base64").toString("utf8");
        return true;
      })
      .reply(200, {});
    await storeEvidence(api(), target, "alice", [first], { ...noWait, keyring });
    const parsed = parseRecord(written, "records/alice.yml");
    const byId = new Map(parsed.ok ? parsed.value.evidence.map((item) => [item.id, item]) : []);
    expect(proofProblem(keyring, "alice", byId.get(first.id) as Evidence)).toBeNull();
    expect(byId.get(handAdded.id)?.proof).toBeUndefined();
  });

  it("adds to an existing record, compare-and-swap on the sha it read", async () => {
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([first], "blob-1"));
    nock(API)
      .put(
        FILE,
        (body) =>
          body.sha === "blob-1" && idsIn(body).join() === [first.id, second.id].sort().join(),
      )
      .reply(200, { commit: { sha: "c2" } });
    expect((await storeEvidence(api(), target, "alice", [second], noWait)).added).toEqual([second]);
  });

  it("adds to a record over 1 MB, which the Contents API gives without its content", async () => {
    const text = serializeRecord(record("alice", [first]));
    nock(API).get(FILE).reply(200, {
      type: "file",
      encoding: "none",
      content: "",
      sha: "blob-big",
      size: 1_500_000,
      path: "records/alice.yml",
    });
    nock(API)
      .get(FILE)
      .matchHeader("accept", /raw/)
      .reply(200, text, { "content-type": "application/vnd.github.raw" });
    nock(API)
      .put(
        FILE,
        (body) =>
          body.sha === "blob-big" && idsIn(body).join() === [first.id, second.id].sort().join(),
      )
      .reply(200, {});
    expect((await storeEvidence(api(), target, "alice", [second], noWait)).added).toEqual([second]);
  });

  it("makes no commit when every fact is already recorded", async () => {
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([first, second], "blob-1"));
    expect(await storeEvidence(api(), target, "alice", [second, first], noWait)).toMatchObject({
      added: [],
      attempts: 1,
    });
  });

  it("re-reads and re-merges on a 409, so the other writer's fact survives", async () => {
    const other = knowledge("2026-11-24", 90);
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([first], "blob-1"));
    nock(API)
      .put(FILE, (body) => body.sha === "blob-1")
      .reply(409, { message: "is at blob-2 but expected blob-1" });
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([first, other], "blob-2"));
    nock(API)
      .put(
        FILE,
        (body) =>
          body.sha === "blob-2" &&
          idsIn(body).join() === [first.id, other.id, second.id].sort().join(),
      )
      .reply(200, { commit: { sha: "c3" } });
    expect(await storeEvidence(api(), target, "alice", [second], noWait)).toMatchObject({
      added: [second],
      attempts: 2,
    });
  });

  it("treats a 422 for a file created meanwhile as a conflict too, and backs off between tries", async () => {
    const waits: number[] = [];
    nock(API).get(FILE).reply(404, { message: "Not Found" });
    nock(API).put(FILE).reply(422, { message: '"sha" wasn\'t supplied.' });
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([second], "blob-9"));
    nock(API)
      .put(FILE, (body) => body.sha === "blob-9")
      .reply(200, { commit: { sha: "c4" } });
    await storeEvidence(api(), target, "alice", [first], {
      sleep: async (ms) => void waits.push(ms),
      random: () => 0.5,
    });
    expect(waits).toEqual([300]);
  });

  it("gives up after its attempts with an error that says nothing was lost", async () => {
    for (let attempt = 0; attempt < 3; attempt++) {
      nock(API)
        .get(FILE)
        .reply(200, fileResponse([], `blob-${attempt}`));
      nock(API).put(FILE).reply(409, { message: "conflict" });
    }
    await expect(
      storeEvidence(api(), target, "alice", [first], { ...noWait, maxAttempts: 3 }),
    ).rejects.toThrow(ConflictRetriesExhaustedError);
  });

  it("refuses to overwrite a broken record, naming the file and the fix", async () => {
    nock(API)
      .get(FILE)
      .reply(200, {
        type: "file",
        sha: "b",
        content: Buffer.from("login: alice\nevidence: [oops").toString("base64"),
      });
    const attempt = storeEvidence(api(), target, "alice", [first], noWait);
    await expect(attempt).rejects.toThrow(BrokenRecordError);
    await expect(attempt).rejects.toThrow(
      /records\/alice\.yml.*is not valid YAML.*Nothing was written/,
    );
  });

  it("passes other errors on", async () => {
    nock(API).get(FILE).reply(200, fileResponse([], "blob-1"));
    nock(API).put(FILE).reply(403, { message: "Resource not accessible by integration" });
    await expect(storeEvidence(api(), target, "alice", [first], noWait)).rejects.toMatchObject({
      status: 403,
    });
  });
});

describe("storeDecision", () => {
  const graded = knowledge("2026-11-25", 90);
  const refused = knowledge("2026-11-25", 0);
  /** Grades when the record holds no knowledge score yet, else refuses: a rule over the record. */
  const firstScoreOnly = (record: { evidence: readonly Evidence[] }) =>
    record.evidence.some((item) => item.kind === "knowledge-score")
      ? { items: [refused], decision: "refused" }
      : { items: [graded], decision: "graded" };

  it("decides again on the other writer's record after a 409, and writes that decision", async () => {
    const theirs = knowledge("2026-11-25", 70);
    nock(API).get(FILE).reply(200, fileResponse([], "blob-1"));
    nock(API)
      .put(FILE, (body) => body.sha === "blob-1")
      .reply(409, { message: "conflict" });
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([theirs], "blob-2"));
    nock(API)
      .put(
        FILE,
        (body) =>
          body.sha === "blob-2" && idsIn(body).join() === [theirs.id, refused.id].sort().join(),
      )
      .reply(200, {});
    const result = await storeDecision(api(), target, "alice", firstScoreOnly, noWait);
    expect(result).toMatchObject({ decision: "refused", added: [refused], attempts: 2 });
  });

  it("decides on the App's own facts only: a hand-added score does not count", async () => {
    const parsedRing = parseRecordsKeyring(`k1:${"s".repeat(32)}`, "test");
    const keyring = parsedRing.ok ? parsedRing.keyring : null;
    if (keyring === null) throw new Error("test key ring does not parse");
    nock(API)
      .get(FILE)
      .reply(200, fileResponse([knowledge("2026-11-24", 100)], "blob-1"));
    nock(API).put(FILE).reply(200, {});
    const result = await storeDecision(api(), target, "alice", firstScoreOnly, {
      ...noWait,
      keyring,
    });
    expect(result.decision).toBe("graded");
  });
});

describe("commitMessage", () => {
  it("says what was recorded", () => {
    expect(
      commitMessage("alice", [usage("2026-11-24"), reviewRef("2026-11-24"), usage("2026-11-25")]),
    ).toBe("Record 3 facts for alice: usage (review), review-reference");
  });
});
