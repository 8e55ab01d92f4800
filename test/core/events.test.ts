import { describe, expect, it } from "vitest";
import { evidenceFromEvent, exerciseIdOf } from "../../src/core/events.js";
import { mergeEvidence } from "../../src/core/records.js";
import { makeConfig } from "../support/builders.js";
import {
  discussionCommentEvent,
  discussionEvent,
  example,
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewCommentEvent,
  reviewEvent,
} from "../support/webhooks.js";

const config = makeConfig({
  roster: [
    { login: "alice", role: "backend", start: "2026-11-23" },
    { login: "bob", role: "frontend", start: "2026-11-23" },
  ],
});
const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const CITING = 'Checked with query-docs: "/websockets/ws", topic: "heartbeat".';
const AT = "2026-11-24T10:00:00Z";

describe("exerciseIdOf", () => {
  it("reads an Exercise: line, bold or not, or a [id] title", () => {
    expect(exerciseIdOf({ title: "x", body: "Exercise: backend-2\n\nMore" })).toBe("backend-2");
    expect(exerciseIdOf({ title: "x", body: "**Exercise:** `Frontend-1`" })).toBe("frontend-1");
    expect(exerciseIdOf({ title: "[qa-playwright] Visual tests", body: null })).toBe(
      "qa-playwright",
    );
    expect(exerciseIdOf({ title: "Fix", body: "no exercise here" })).toBeNull();
  });
});

describe("evidenceFromEvent", () => {
  it("records a PR body citing Context7 as one usage, dated by the PR", () => {
    const event = pullRequestEvent({
      action: "opened",
      author: "alice",
      repo: GAME,
      body: CITING,
      at: AT,
    });
    expect(evidenceFromEvent(config, event)).toEqual([
      {
        login: "alice",
        evidence: {
          id: `pull_request-1000001-${Date.parse(AT)}`,
          kind: "usage",
          at: AT,
          source: "pull_request",
          repo: GAME,
          libraries: ["/websockets/ws"],
          referenceKinds: ["docs-query"],
          url: `https://github.com/${GAME}/pull/1`,
        },
      },
    ]);
  });

  it("ignores events by people not on the roster, by bots, and without Context7", () => {
    expect(
      evidenceFromEvent(
        config,
        pullRequestEvent({ action: "opened", author: "mallory", repo: GAME, body: CITING, at: AT }),
      ),
    ).toEqual([]);
    expect(
      evidenceFromEvent(
        config,
        issueCommentEvent({ author: "alice[bot]", repo: GAME, body: CITING, at: AT }),
      ),
    ).toEqual([]);
    expect(
      evidenceFromEvent(
        config,
        issueCommentEvent({ author: "alice", repo: GAME, body: "LGTM, see /src/app", at: AT }),
      ),
    ).toEqual([]);
    expect(
      evidenceFromEvent(config, { name: "star", id: "1", payload: example("star", "created") }),
    ).toEqual([]);
  });

  it("turns a review citing Context7 on someone else's PR into usage and a review reference", () => {
    const event = reviewEvent({
      reviewer: "bob",
      author: "alice",
      repo: GAME,
      body: CITING,
      reviewId: 42,
      at: AT,
    });
    expect(
      evidenceFromEvent(config, event).map(({ login, evidence }) => [login, evidence.id]),
    ).toEqual([
      ["bob", "review-42"],
      ["bob", "review-reference-42"],
    ]);
  });

  it("gives no review reference for a review of one's own PR", () => {
    const event = reviewEvent({
      reviewer: "alice",
      author: "alice",
      repo: GAME,
      body: CITING,
      at: AT,
    });
    expect(evidenceFromEvent(config, event).map(({ evidence }) => evidence.kind)).toEqual([
      "usage",
    ]);
  });

  it("records the same review once, whether seen through the review or its inline comments", () => {
    const viaReview = evidenceFromEvent(
      config,
      reviewEvent({
        reviewer: "bob",
        author: "alice",
        repo: GAME,
        body: CITING,
        reviewId: 42,
        at: AT,
      }),
    );
    const viaComments = [7001, 7002].flatMap((commentId) =>
      evidenceFromEvent(
        config,
        reviewCommentEvent({
          reviewer: "bob",
          author: "alice",
          repo: GAME,
          body: CITING,
          reviewId: 42,
          commentId,
          at: AT,
        }),
      ),
    );
    const references = mergeEvidence(
      viaReview.map((item) => item.evidence),
      viaComments.map((item) => item.evidence),
    ).filter((item) => item.kind === "review-reference");
    expect(references.map((item) => item.id)).toEqual(["review-reference-42"]);
  });

  it("records an approval of an exercise submission for its author, by anyone but the author", () => {
    const approval = reviewEvent({
      reviewer: "dev-manager",
      author: "alice",
      repo: TRAINING,
      number: 11,
      prBody: "Exercise: backend-2",
      body: "Nice",
      state: "approved",
      reviewId: 77,
      at: AT,
    });
    expect(evidenceFromEvent(config, approval)).toEqual([
      {
        login: "alice",
        evidence: {
          id: "approval-77",
          kind: "exercise-approval",
          at: AT,
          exercise: "backend-2",
          repo: TRAINING,
          pr: 11,
          by: "dev-manager",
          url: `https://github.com/${TRAINING}/pull/11#pullrequestreview-77`,
        },
      },
    ]);
    const selfApproval = reviewEvent({
      reviewer: "alice",
      author: "alice",
      repo: TRAINING,
      prBody: "Exercise: backend-2",
      body: "",
      state: "approved",
      at: AT,
    });
    expect(evidenceFromEvent(config, selfApproval)).toEqual([]);
    const elsewhere = reviewEvent({
      reviewer: "bob",
      author: "alice",
      repo: GAME,
      prBody: "Exercise: backend-2",
      body: "",
      state: "approved",
      at: AT,
    });
    expect(evidenceFromEvent(config, elsewhere)).toEqual([]);
  });

  it("records a submission's merge, and its close without merge as a failed attempt", () => {
    const merged = pullRequestEvent({
      action: "closed",
      author: "alice",
      repo: TRAINING,
      number: 12,
      body: "Exercise: backend-1",
      merged: true,
      at: AT,
    });
    const closed = pullRequestEvent({
      action: "closed",
      author: "alice",
      repo: TRAINING,
      number: 13,
      title: "[backend-1] retry",
      at: AT,
    });
    const unknown = pullRequestEvent({
      action: "closed",
      author: "alice",
      repo: TRAINING,
      number: 14,
      body: "Exercise: backend-9",
      merged: true,
      at: AT,
    });
    expect(
      evidenceFromEvent(config, merged).map(({ evidence }) => [evidence.id, evidence.kind]),
    ).toEqual([["merged-PR_kwDO12", "exercise-merged"]]);
    expect(
      evidenceFromEvent(config, closed).map(({ evidence }) => [evidence.id, evidence.kind]),
    ).toEqual([["closed-PR_kwDO13", "exercise-closed"]]);
    expect(evidenceFromEvent(config, unknown)).toEqual([]);
  });

  it("records a merged PR citing Context7 outside the training repo as a real-world application", () => {
    const merged = pullRequestEvent({
      action: "closed",
      author: "alice",
      repo: GAME,
      number: 501,
      body: CITING,
      merged: true,
      at: AT,
    });
    expect(evidenceFromEvent(config, merged)).toEqual([
      {
        login: "alice",
        evidence: {
          id: "realworld-PR_kwDO501",
          kind: "real-world",
          at: AT,
          repo: GAME,
          pr: 501,
          url: `https://github.com/${GAME}/pull/501`,
        },
      },
    ]);
    const unmerged = pullRequestEvent({
      action: "closed",
      author: "alice",
      repo: GAME,
      number: 502,
      body: CITING,
      at: AT,
    });
    expect(evidenceFromEvent(config, unmerged)).toEqual([]);
  });

  it("records a discussion in the discoveries category as a discovery", () => {
    const discovery = discussionEvent({
      author: "bob",
      repo: TRAINING,
      title: "Narrow topics help",
      body: "use context7 with a topic",
      category: "Context7 Discoveries",
      at: AT,
    });
    expect(evidenceFromEvent(config, discovery).map(({ evidence }) => evidence.kind)).toEqual([
      "usage",
      "discovery",
    ]);
    const general = discussionEvent({
      author: "bob",
      repo: TRAINING,
      title: "Lunch",
      body: "pizza?",
      category: "General",
      at: AT,
    });
    expect(evidenceFromEvent(config, general)).toEqual([]);
  });

  it("records discussion comments and issue comments citing Context7", () => {
    expect(
      evidenceFromEvent(
        config,
        discussionCommentEvent({ author: "bob", repo: TRAINING, body: CITING, at: AT }),
      )[0]?.evidence,
    ).toMatchObject({
      kind: "usage",
      source: "discussion_comment",
    });
    expect(
      evidenceFromEvent(
        config,
        issueCommentEvent({ author: "bob", repo: GAME, body: CITING, at: AT }),
      )[0]?.evidence,
    ).toMatchObject({
      kind: "usage",
      source: "comment",
      at: AT,
    });
  });

  it("records one usage per push for its sender, keyed by the last citing commit", () => {
    const push = pushEvent({
      repo: GAME,
      sender: "alice",
      pushedAt: "2026-11-24T12:30:00Z",
      commits: [
        {
          sha: "a".repeat(40),
          author: "alice",
          message: "fix: retry per /websockets/ws docs (query-docs)",
          at: "2026-11-24T09:00:00Z",
        },
        {
          sha: "b".repeat(40),
          author: "alice",
          message: "feat: ctx7 docs /vercel/next.js caching",
          at: "2026-11-24T11:00:00Z",
        },
        {
          sha: "c".repeat(40),
          author: "bob",
          message: "chore: bump deps",
          at: "2026-11-24T12:00:00Z",
        },
        { sha: "d".repeat(40), author: null, message: "chore: tidy", at: "2026-11-24T12:00:00Z" },
      ],
    });
    expect(
      evidenceFromEvent(config, push).map(({ login, evidence }) => [
        login,
        evidence.id,
        evidence.at,
      ]),
    ).toEqual([["alice", `commit-${"b".repeat(40)}`, "2026-11-24T12:30:00Z"]]);
  });

  it("counts Context7-Used trailers in a push as its sender's usage, with each kind of reference", () => {
    const push = pushEvent({
      repo: GAME,
      commits: [
        {
          sha: "e".repeat(40),
          author: "alice",
          message:
            "fix: retry\n\nSee https://context7.com/websockets/ws\nContext7-Used: resolve-library-id ws\nContext7-Used: query-docs /websockets/ws heartbeat",
          at: "2026-11-24T09:00:00Z",
        },
        {
          sha: "f".repeat(40),
          author: "bob",
          message: "chore: tidy\n\nContext7-Used: query-docs /vercel/next.js",
          at: "2026-11-24T10:00:00Z",
        },
      ],
    });
    expect(
      evidenceFromEvent(config, push).map(({ login, evidence }) => ({
        login,
        ...(evidence.kind === "usage"
          ? { kinds: evidence.referenceKinds, libraries: evidence.libraries }
          : {}),
      })),
    ).toEqual([
      // One usage for the push's sender, whoever authored each commit, with every
      // citing commit's references.
      {
        login: "alice",
        kinds: ["url", "trailer"],
        libraries: ["/vercel/next.js", "/websockets/ws"],
      },
    ]);
  });

  it("gives the same evidence for the same delivery twice", () => {
    const event = reviewEvent({
      reviewer: "bob",
      author: "alice",
      repo: GAME,
      body: CITING,
      at: AT,
    });
    expect(evidenceFromEvent(config, event)).toEqual(
      evidenceFromEvent(config, structuredClone(event)),
    );
  });
});

describe("hidden text", () => {
  it("does not count a reference inside an HTML comment, nor an Exercise line there", () => {
    const hidden = issueCommentEvent({
      author: "alice",
      repo: GAME,
      body: "Done.\n<!-- use context7 -->",
      at: AT,
    });
    expect(evidenceFromEvent(config, hidden)).toEqual([]);
    expect(exerciseIdOf({ title: "x", body: "<!--\nExercise: backend-1\n-->" })).toBeNull();
    const unterminated = issueCommentEvent({
      author: "alice",
      repo: GAME,
      body: "ok <!-- use context7",
      at: AT,
    });
    expect(evidenceFromEvent(config, unterminated)).toEqual([]);
  });
});
