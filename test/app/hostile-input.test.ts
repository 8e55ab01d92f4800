import { afterEach, describe, expect, it } from "vitest";
import { MAX_LIBRARIES_PER_USAGE } from "../../src/core/events.js";
import { type Harness, startHarness } from "../support/offline.js";
import { issueCommentEvent, pullRequestEvent, reviewEvent } from "../support/webhooks.js";

const GAME = "acme/game";
const AT = "2026-11-24T10:00:00Z";
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

describe("odd and hostile bodies", () => {
  it("records one usage for a 1 MB body, with at most 20 library IDs however many it names", async () => {
    harness = await startHarness();
    const ids = Array.from({ length: 10_000 }, (_, i) => `query-docs /org${i}/lib${i}`).join("\n");
    const body = `${ids}\n${"filler ".repeat(1_048_576 / 7)}`;
    await harness.receive(
      issueCommentEvent({ author: "alice", repo: GAME, body, at: AT, commentId: 1 }),
    );
    const [usage] = harness.record("alice")?.evidence ?? [];
    expect(usage).toMatchObject({ kind: "usage", id: "comment-1" });
    expect((usage as { libraries: string[] }).libraries).toHaveLength(MAX_LIBRARIES_PER_USAGE);
  });

  it("takes NUL bytes, right-to-left text and emoji in stride", async () => {
    harness = await startHarness();
    const body = "\u0000\u202eمرحبا 🦄 use context7 \u0000 /vercel/next.js 🦄\u202c";
    await harness.receive(
      issueCommentEvent({ author: "alice", repo: GAME, body, at: AT, commentId: 2 }),
    );
    expect(harness.record("alice")?.evidence).toHaveLength(1);
  });

  it("ignores a review with no body and a PR with a null body", async () => {
    harness = await startHarness();
    const review = reviewEvent({ reviewer: "alice", author: "bob", repo: GAME, body: "", at: AT });
    (review.payload as { review: { body: string | null } }).review.body = null;
    await harness.receive(review);
    const pr = pullRequestEvent({ action: "opened", author: "alice", repo: GAME, at: AT });
    (pr.payload as { pull_request: { body: string | null } }).pull_request.body = null;
    await harness.receive(pr);
    expect(harness.standIn.requests).toEqual([]);
  });

  it("records nothing for a submission PR from a fork by someone off the roster, and checks a roster member's", async () => {
    harness = await startHarness();
    // A running App knows the config already.
    await harness.receive(
      issueCommentEvent({
        author: "alice",
        repo: GAME,
        body: "use context7",
        at: AT,
        commentId: 3,
      }),
    );
    const warm = harness.standIn.requests.length;
    const fork = pullRequestEvent({
      action: "opened",
      author: "stranger",
      repo: "acme/context7-training",
      body: "Exercise: backend-1",
      at: AT,
    });
    await harness.receive(fork);
    // Nothing recorded and no check: one read only, the records guard listing its files.
    expect(harness.standIn.requests.slice(warm).map((r) => `${r.method} ${r.path}`)).toEqual([
      "GET /repos/acme/context7-training/pulls/1/files",
    ]);
    const own = pullRequestEvent({
      action: "opened",
      author: "alice",
      repo: "acme/context7-training",
      number: 2,
      body: "Exercise: backend-1",
      at: AT,
    });
    (
      own.payload as { pull_request: { head: { repo: { full_name: string } } } }
    ).pull_request.head.repo.full_name = "alice/context7-training";
    await harness.receive(own);
    expect(harness.standIn.outbox.map((request) => request.path)).toEqual([
      "/repos/acme/context7-training/check-runs",
    ]);
  });
});
