import { afterEach, describe, expect, it } from "vitest";
import { type Harness, replyText, startHarness } from "../support/offline.js";
import {
  configPushEvent,
  discussionCommentEvent,
  discussionEvent,
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewCommentEvent,
  reviewEvent,
  submissionBody,
} from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const CITING = 'Per query-docs "/facebook/react" topic: "hooks", add a cleanup.';
const AT = "2026-11-24T10:00:00Z";
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

const ids = (login: string) => harness.record(login)?.evidence.map((item) => item.id) ?? [];
const replies = () =>
  harness.standIn.outbox.map((request) => replyText((request.body as { body?: string }).body));
const writes = () => harness.standIn.requests.filter((request) => request.method !== "GET");

describe("the App", () => {
  it("records a review citing Context7 as usage and a review reference, in one commit", async () => {
    harness = await startHarness();
    await harness.receive(
      reviewEvent({
        reviewer: "alice",
        author: "bob",
        repo: GAME,
        body: CITING,
        reviewId: 71,
        at: AT,
      }),
    );
    expect(ids("alice")).toEqual(["review-71", "review-reference-71"]);
    // config, record, commit
    expect(harness.standIn.counts()).toEqual({ reads: 2, writes: 1 });
  });

  it("makes no API call for irrelevant events or people off the roster once it knows the config", async () => {
    harness = await startHarness();
    await harness.receive(issueCommentEvent({ author: "bob", repo: GAME, body: "LGTM", at: AT }));
    expect(harness.standIn.requests).toEqual([]);
    await harness.receive(
      issueCommentEvent({ author: "alice", repo: GAME, body: "use context7", at: AT }),
    );
    const before = harness.standIn.requests.length;
    await harness.receive(
      issueCommentEvent({
        author: "mallory",
        repo: GAME,
        body: "use context7",
        at: AT,
        commentId: 2,
      }),
    );
    await harness.receive(
      pullRequestEvent({ action: "opened", author: "mallory", repo: GAME, body: CITING, at: AT }),
    );
    expect(harness.standIn.requests.length).toBe(before);
  });

  it("records the same delivery twice once, and a review seen through its comments once", async () => {
    harness = await startHarness();
    const review = reviewEvent({
      reviewer: "alice",
      author: "bob",
      repo: GAME,
      body: CITING,
      reviewId: 72,
      at: AT,
    });
    await harness.receive(review);
    await harness.receive(structuredClone(review));
    await harness.receive(
      reviewCommentEvent({
        reviewer: "alice",
        author: "bob",
        repo: GAME,
        body: CITING,
        reviewId: 72,
        commentId: 7201,
        at: AT,
      }),
    );
    expect(ids("alice")).toEqual(["review-72", "review-reference-72", "review_comment-7201"]);
    expect(writes()).toHaveLength(2);
  });

  it("keeps every fact when deliveries race on one record file, in fewer commits", async () => {
    harness = await startHarness();
    await Promise.all([
      harness.receive(
        issueCommentEvent({
          author: "alice",
          repo: GAME,
          body: "use context7",
          at: AT,
          commentId: 501,
        }),
      ),
      harness.receive(
        issueCommentEvent({
          author: "alice",
          repo: GAME,
          body: "ctx7 docs /vercel/next.js",
          at: AT,
          commentId: 502,
        }),
      ),
      harness.receive(
        issueCommentEvent({
          author: "alice",
          repo: GAME,
          body: "query-docs /vercel/next.js",
          at: AT,
          commentId: 503,
        }),
      ),
    ]);
    expect(ids("alice").sort()).toEqual(["comment-501", "comment-502", "comment-503"]);
    // Deliveries that come while a write is under way wait and go into the next commit
    // together: fewer commits than deliveries (between App instances, compare-and-swap
    // keeps the facts: test/github/write-queue.test.ts and the load test).
    expect(writes().length).toBeGreaterThanOrEqual(1);
    expect(writes().length).toBeLessThan(3);
  });

  it("answers a manager's command once and records it; a redelivery writes nothing", async () => {
    harness = await startHarness();
    const command = issueCommentEvent({
      author: "dev-manager",
      repo: TRAINING,
      body: "/context7 knowledge @alice 92",
      at: AT,
    });
    await harness.receive(command);
    await harness.receive(structuredClone(command));
    expect(harness.record("alice")?.evidence).toEqual([
      expect.objectContaining({
        id: `command-${command.id}`,
        kind: "knowledge-score",
        score: 92,
        by: "dev-manager",
      }),
    ]);
    expect(
      harness.standIn.outbox.map((request) => replyText((request.body as { body: string }).body)),
    ).toEqual(["Recorded:\n\n- @alice: knowledge-check score 92"]);
  });

  it("refuses a command from someone who is not a manager, with one reply and no record", async () => {
    harness = await startHarness();
    await harness.receive(
      issueCommentEvent({
        author: "alice",
        repo: TRAINING,
        body: "/context7 knowledge @alice 100",
        at: AT,
      }),
    );
    expect(harness.files()).toEqual([]);
    expect(harness.standIn.outbox).toHaveLength(1);
    expect(replies()[0]).toContain("only the programme's managers");
  });

  it("refuses a command with a bad argument and records none of the comment's commands", async () => {
    harness = await startHarness();
    const body = "/context7 knowledge @alice 92\n/context7 leave @bob 2026-13-01";
    await harness.receive(
      issueCommentEvent({ author: "dev-manager", repo: TRAINING, body, at: AT }),
    );
    expect(harness.files()).toEqual([]);
    expect(replies()[0]).toContain('"2026-13-01" is not a date');
  });

  it("never answers a bot, so replies cannot loop", async () => {
    harness = await startHarness();
    await harness.receive(
      issueCommentEvent({
        author: "context7-training[bot]",
        repo: TRAINING,
        body: "/context7 knowledge @alice 92",
        at: AT,
      }),
    );
    expect(harness.standIn.requests).toEqual([]);
  });

  it("ignores /context7 commands outside the training repo", async () => {
    harness = await startHarness();
    await harness.receive(
      issueCommentEvent({
        author: "dev-manager",
        repo: GAME,
        body: "/context7 knowledge @alice 92",
        at: AT,
      }),
    );
    expect(harness.standIn.requests).toEqual([]);
  });

  it("checks an exercise submission and records its approval and merge", async () => {
    harness = await startHarness();
    const body = submissionBody("backend-2", "ws", "/websockets/ws", "production-patterns");
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
      reviewEvent({
        reviewer: "dev-manager",
        author: "alice",
        repo: TRAINING,
        number: 12,
        prBody: body,
        body: "",
        state: "approved",
        reviewId: 90,
        at: AT,
      }),
    );
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        author: "alice",
        repo: TRAINING,
        number: 12,
        body,
        merged: true,
        at: AT,
      }),
    );
    const [check] = harness.standIn.outbox;
    expect(check?.path).toBe("/repos/acme/context7-training/check-runs");
    expect(check?.body).toMatchObject({
      name: "Context7 exercise",
      conclusion: "success",
      status: "completed",
    });
    expect(
      harness
        .record("alice")
        ?.evidence.map((item) => item.kind)
        .sort(),
    ).toEqual(["exercise-approval", "exercise-check", "exercise-merged", "usage"]);
  });

  it("fails the check of an unknown exercise and lists the valid ids", async () => {
    harness = await startHarness();
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 13,
        body: "Exercise: backend-9",
        at: AT,
      }),
    );
    expect(harness.standIn.outbox[0]?.body).toMatchObject({
      conclusion: "failure",
      output: {
        title: 'Unknown exercise "backend-9"',
        summary: expect.stringContaining("`backend-1`"),
      },
    });
    expect(harness.files()).toEqual([]);
  });

  it("records discussion comments citing Context7, and not those without", async () => {
    harness = await startHarness();
    await harness.receive(
      discussionCommentEvent({
        author: "carol",
        repo: TRAINING,
        body: "try use context7 here",
        at: AT,
      }),
    );
    await harness.receive(
      discussionCommentEvent({ author: "carol", repo: TRAINING, body: "thanks!", at: AT }),
    );
    expect(harness.record("carol")?.evidence).toEqual([
      expect.objectContaining({ kind: "usage", source: "discussion_comment", at: AT }),
    ]);
  });

  it("records discoveries and commit messages", async () => {
    harness = await startHarness();
    await harness.receive(
      discussionEvent({
        author: "bob",
        repo: TRAINING,
        title: "Tip",
        body: "narrow topics",
        category: "Context7 Discoveries",
        at: AT,
        id: 5,
      }),
    );
    await harness.receive(
      pushEvent({
        repo: GAME,
        commits: [{ sha: "f".repeat(40), author: "bob", message: "fix per use context7", at: AT }],
      }),
    );
    expect(ids("bob").sort()).toEqual([`commit-${"f".repeat(40)}`, "discovery-D_kwDO5"]);
  });
});

describe("a broken config", () => {
  const broken =
    "trainingRepo: acme/context7-training\nroster:\n  - login: alice\n    role: backend\n    strat: 2026-11-23\n";

  it("writes nothing and does not fail the delivery", async () => {
    harness = await startHarness(broken);
    await harness.receive(
      issueCommentEvent({ author: "alice", repo: GAME, body: "use context7", at: AT }),
    );
    expect(harness.files()).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it("shows a failing check, with each problem at its line, when it is pushed", async () => {
    harness = await startHarness(broken);
    const push = configPushEvent(TRAINING, "e".repeat(40), AT);
    await harness.receive(push);
    const [check] = harness.standIn.outbox;
    expect(check?.body).toMatchObject({
      name: "Context7 config",
      head_sha: "e".repeat(40),
      conclusion: "failure",
      output: {
        annotations: [
          expect.objectContaining({ start_line: 3, message: "roster[0].start: is required" }),
          expect.objectContaining({
            start_line: 5,
            message: expect.stringContaining('unknown key "strat": did you mean "start"?'),
          }),
        ],
      },
    });
  });
});
