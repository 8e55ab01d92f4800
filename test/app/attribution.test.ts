/**
 * Attribution through the App's real handlers on the loopback stand-in: a dismissed review
 * revokes a submission's approval (and a replay changes nothing), a push and a PR edit
 * count for whoever sent them, and no fact is dated after its delivery arrived.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { evaluate } from "../../src/core/gates.js";
import { parseRecord } from "../../src/core/records.js";
import { type OfflineApp, startOfflineApp } from "../../src/local/replay.js";
import { type Harness, SAMPLE_CONFIG, startHarness } from "../support/offline.js";
import {
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewDismissedEvent,
  reviewEvent,
  submissionBody,
} from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const AT = "2026-11-24T10:00:00Z";
const CITING = "use context7 for the retry options";
let harness: Harness | null = null;
let clocked: OfflineApp | null = null;

afterEach(async () => {
  if (harness !== null) {
    expect(harness.standIn.unexpected).toEqual([]);
    await harness.stop();
    harness = null;
  }
  if (clocked !== null) {
    expect(clocked.standIn.unexpected).toEqual([]);
    await clocked.stop();
    clocked = null;
  }
});

const kinds = (login: string) => harness?.record(login)?.evidence.map((item) => item.kind) ?? [];

describe("the App, on a submission's approval", () => {
  const body = submissionBody("backend-2", "ws", "/websockets/ws", "production-patterns");
  const review = { reviewer: "bob", author: "alice", repo: TRAINING, number: 12, prBody: body };

  it("records a dismissal that revokes the approval, and a redelivery adds nothing", async () => {
    harness = await startHarness();
    const config = (parseConfig(SAMPLE_CONFIG) as { ok: true; value: never }).value;
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 12,
        body,
        at: AT,
      }),
    );
    await harness.receive(
      reviewEvent({ ...review, body: "", state: "approved", reviewId: 90, at: AT }),
    );
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        author: "alice",
        repo: TRAINING,
        number: 12,
        body,
        merged: true,
        at: "2026-11-24T11:00:00Z",
      }),
    );
    const completed = () =>
      evaluate(config, [harness?.record("alice") as never], "2026-11-26T12:00:00Z").developers[0]
        ?.exercises;
    expect(completed()).toEqual([
      { exercise: "backend-2", passedOn: "2026-11-24", failedAttempts: 0 },
    ]);

    const dismissal = reviewDismissedEvent({
      ...review,
      body: "",
      reviewId: 90,
      at: AT,
      dismissedBy: "dev-manager",
    });
    await harness.receive(dismissal);
    expect(kinds("alice")).toContain("exercise-dismissal");
    expect(completed()).toEqual([{ exercise: "backend-2", passedOn: null, failedAttempts: 0 }]);
    const writes = harness.standIn.counts().writes;
    await harness.receive({ ...dismissal, id: "00000000-0000-4000-8000-999999999999" });
    expect(harness.standIn.counts().writes).toBe(writes);

    // A new approval after the dismissal passes the exercise again, on its own date.
    await harness.receive(
      reviewEvent({
        ...review,
        body: "",
        state: "approved",
        reviewId: 91,
        at: "2026-11-25T09:00:00Z",
      }),
    );
    expect(completed()).toEqual([
      { exercise: "backend-2", passedOn: "2026-11-25", failedAttempts: 0 },
    ]);
  });

  it("records no approval from a bot or an account off the roster", async () => {
    harness = await startHarness();
    for (const reviewer of ["renovate[bot]", "mallory"]) {
      await harness.receive(
        reviewEvent({ ...review, reviewer, body: "", state: "approved", reviewId: 92, at: AT }),
      );
    }
    expect(harness.record("alice")).toBeNull();
  });
});

describe("the App, on pushes and PR edits", () => {
  it("records a push for its sender, not for the roster member named as the commit's author", async () => {
    harness = await startHarness();
    await harness.receive(
      pushEvent({
        repo: GAME,
        sender: "bob",
        pushedAt: "2026-11-24T18:00:00Z",
        commits: [
          {
            sha: "f".repeat(40),
            author: "alice",
            message: `fix: ${CITING}`,
            at: "2030-01-01T00:00:00Z",
          },
        ],
      }),
    );
    expect(harness.record("alice")).toBeNull();
    expect(harness.record("bob")?.evidence).toEqual([
      expect.objectContaining({ kind: "usage", source: "commit", at: "2026-11-24T18:00:00Z" }),
    ]);
  });

  it("records a PR body edit for its editor, even on a PR by someone off the roster", async () => {
    harness = await startHarness();
    await harness.receive(
      pullRequestEvent({
        action: "edited",
        author: "mallory",
        sender: "carol",
        repo: GAME,
        number: 8,
        body: CITING,
        previousBody: "Fixes the retry",
        at: AT,
      }),
    );
    expect(harness.files()).toEqual(["carol.yml"]);
    expect(harness.record("carol")?.evidence).toEqual([
      expect.objectContaining({ kind: "usage", source: "pull_request", at: AT }),
    ]);
  });
});

describe("the App, with its own clock", () => {
  it("dates a fact stamped after the delivery arrived at its arrival", async () => {
    const parsed = parseConfig(SAMPLE_CONFIG);
    if (!parsed.ok) throw new Error("the sample config must parse");
    const dir = mkdtempSync(join(tmpdir(), "c7-records-"));
    const arrival = Date.parse("2026-11-24T10:00:00Z");
    clocked = await startOfflineApp({
      config: parsed.value,
      configText: SAMPLE_CONFIG,
      recordsDir: dir,
      logLevel: "silent",
      clock: () => arrival,
    });
    await clocked.receive(
      issueCommentEvent({ author: "alice", repo: GAME, body: CITING, at: "2026-12-24T10:00:00Z" }),
    );
    const record = parseRecord(readFileSync(join(dir, "alice.yml"), "utf8"), "records/alice.yml");
    if (!record.ok) throw new Error("the App wrote an invalid record");
    expect(record.value.evidence.map((item) => item.at)).toEqual(["2026-11-24T10:00:00Z"]);
  });
});
