import { afterEach, describe, expect, it } from "vitest";
import { type Harness, startHarness } from "../support/offline.js";
import { issueCommentEvent, pullRequestEvent, reviewEvent } from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

const facts = (login: string) => harness.record(login)?.evidence ?? [];

const SUBMISSION = `Exercise: backend-2

1. resolve-library-id: "ws"
2. query-docs: "/websockets/ws", topic: "production-patterns"

## Best practices
- Send heartbeats every 30 s
- Close idle sockets
<!-- - a template example, not counted -->

## Tests
Integration tests cover reconnects.`;

describe("the App records the facts of the KPIs", () => {
  it("records a merged PR's lead time and review rounds with one call listing its reviews", async () => {
    harness = await startHarness();
    harness.standIn.pullRequestReviews.set("acme/game#77", [
      { state: "CHANGES_REQUESTED", submitted_at: "2026-11-24T09:00:00Z" },
      { state: "COMMENTED", submitted_at: "2026-11-24T10:00:00Z" },
      { state: "CHANGES_REQUESTED", submitted_at: "2026-11-24T11:00:00Z" },
      { state: "APPROVED", submitted_at: "2026-11-24T12:00:00Z" },
      // After the merge: not a round before it.
      { state: "CHANGES_REQUESTED", submitted_at: "2026-11-25T12:00:00Z" },
    ]);
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        author: "alice",
        repo: GAME,
        number: 77,
        body: "No Context7 here.",
        merged: true,
        at: "2026-11-24T14:00:00Z",
      }),
    );
    expect(facts("alice")).toEqual([
      expect.objectContaining({
        id: "merged-pr-PR_kwDO77",
        kind: "merged-pr",
        at: "2026-11-24T14:00:00Z",
        opened: "2026-11-20T08:00:00Z",
        changesRequested: 2,
        repo: GAME,
        pr: 77,
      }),
    ]);
    // config, reviews, record; one commit.
    expect(harness.standIn.counts()).toEqual({ reads: 3, writes: 1 });
  });

  it("makes no call for a merged PR off the roster or a closed one not merged", async () => {
    harness = await startHarness();
    await harness.receive(
      issueCommentEvent({
        author: "alice",
        repo: GAME,
        body: "use context7",
        at: "2026-11-24T09:00:00Z",
      }),
    );
    const before = harness.standIn.requests.length;
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        author: "mallory",
        repo: GAME,
        merged: true,
        at: "2026-11-24T14:00:00Z",
      }),
    );
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        author: "alice",
        repo: GAME,
        merged: false,
        at: "2026-11-24T14:00:00Z",
      }),
    );
    expect(harness.standIn.requests.length).toBe(before);
  });

  it("records a submission's check (items done, best practices) and a changes-requested review", async () => {
    harness = await startHarness();
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 12,
        body: SUBMISSION,
        at: "2026-11-25T08:00:00Z",
      }),
    );
    await harness.receive(
      reviewEvent({
        reviewer: "dev-manager",
        author: "alice",
        repo: TRAINING,
        number: 12,
        prBody: SUBMISSION,
        body: "Add a third practice.",
        state: "changes_requested",
        reviewId: 9101,
        at: "2026-11-25T09:00:00Z",
      }),
    );
    const kinds = facts("alice").map((item) => item.kind);
    expect(kinds).toEqual(["exercise-check", "usage", "exercise-changes-requested"]);
    expect(facts("alice")[0]).toMatchObject({
      id: `check-PR_kwDO12-${Date.parse("2026-11-25T08:00:00Z")}`,
      exercise: "backend-2",
      done: 3,
      total: 4,
      bestPractices: ["Send heartbeats every 30 s", "Close idle sockets"],
    });
    expect(facts("alice")[2]).toMatchObject({
      id: "changes-requested-9101",
      by: "dev-manager",
      pr: 12,
    });
  });

  it("records a `Context7 saved:` line with the usage", async () => {
    harness = await startHarness();
    await harness.receive(
      issueCommentEvent({
        author: "alice",
        repo: GAME,
        body: "Found it with use context7.\n\nContext7 saved: 1h30m",
        at: "2026-11-24T09:00:00Z",
      }),
    );
    expect(facts("alice")[0]).toMatchObject({ kind: "usage", savedMinutes: 90 });
  });
});
