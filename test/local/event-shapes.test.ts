import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { payloadShapeProblem } from "../../src/local/event-shapes.js";
import { pushEvent, reviewEvent } from "../support/webhooks.js";

const HANDLED = [
  "pull_request",
  "pull_request_review",
  "pull_request_review_comment",
  "issue_comment",
  "issues",
  "discussion",
  "discussion_comment",
  "push",
];
const groups = createRequire(import.meta.url)("@octokit/webhooks-examples") as {
  name: string;
  examples: Record<string, unknown>[];
}[];

describe("the payload shapes replay checks", () => {
  it("accept every GitHub example payload of the events the App handles", () => {
    const checked = groups
      .filter((group) => HANDLED.includes(group.name))
      .flatMap((group) =>
        group.examples.map((payload) => ({
          event: `${group.name}.${String(payload.action ?? "")}`,
          problem: payloadShapeProblem(group.name, payload),
        })),
      );
    expect(checked.length).toBeGreaterThan(50);
    expect(checked.filter((entry) => entry.problem !== null)).toEqual([]);
  });

  it("name the first field a handler would trip on, with what it found", () => {
    const review = reviewEvent({
      reviewer: "bob",
      author: "alice",
      repo: "acme/app",
      body: "use context7",
      at: "2026-11-24T10:00:00Z",
    }).payload as { review: { user: unknown } };
    review.review.user = null;
    expect(payloadShapeProblem("pull_request_review", review)).toBe(
      "payload.review.user: expected object, received null",
    );
    const push = pushEvent({
      repo: "acme/app",
      commits: [
        { sha: "a1", author: "alice", message: "use context7", at: "2026-11-24T10:00:00Z" },
      ],
    }).payload as { commits: { message?: string }[] };
    delete push.commits[0]?.message;
    expect(payloadShapeProblem("push", push)).toBe(
      "payload.commits[0].message: expected string, received nothing",
    );
    expect(payloadShapeProblem("issue_comment", {})).toBe(
      "payload.action: expected string, received nothing",
    );
  });

  it("leave events the App does not handle alone", () => {
    expect(payloadShapeProblem("star", null)).toBeNull();
  });
});
