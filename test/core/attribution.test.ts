/**
 * Who a fact belongs to and when it happened (anti-gaming): approvals, dismissals, pushes,
 * PR body edits, bots, and facts dated after their delivery. Every payload is one of
 * GitHub's examples with the fields under test changed.
 */
import { describe, expect, it } from "vitest";
import { evidenceFromEvent, type WebhookEvent } from "../../src/core/events.js";
import { makeConfig } from "../support/builders.js";
import {
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewDismissedEvent,
  reviewEvent,
} from "../support/webhooks.js";

const config = makeConfig({
  roster: [
    { login: "alice", role: "backend", start: "2026-11-23" },
    { login: "bob", role: "frontend", start: "2026-11-23" },
  ],
  managers: ["dev-manager"],
});
const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const AT = "2026-11-24T10:00:00Z";
const CITING = "use context7 for the retry options";
const facts = (event: WebhookEvent) =>
  evidenceFromEvent(config, event).map(({ login, evidence }) => ({ login, ...evidence }));

describe("approvals of a submission", () => {
  const approvalBy = (reviewer: string) =>
    reviewEvent({
      reviewer,
      author: "alice",
      repo: TRAINING,
      number: 11,
      prBody: "Exercise: backend-2",
      body: "",
      state: "approved",
      reviewId: 77,
      at: AT,
    });

  it("counts an approval by a roster member or by a manager who is not on the roster", () => {
    for (const reviewer of ["bob", "dev-manager"]) {
      expect(facts(approvalBy(reviewer))).toEqual([
        expect.objectContaining({ login: "alice", id: "approval-77", by: reviewer }),
      ]);
    }
  });

  it("records no approval by the author, a bot, or an account off the roster", () => {
    expect(facts(approvalBy("alice"))).toEqual([]);
    expect(facts(approvalBy("mallory"))).toEqual([]);
    expect(facts(approvalBy("renovate[bot]"))).toEqual([]);
    // A bot account is a bot by its type too, whatever its login.
    const typedBot = approvalBy("bob");
    (typedBot.payload as { review: { user: { type: string } } }).review.user.type = "Bot";
    expect(facts(typedBot)).toEqual([]);
  });

  it("records a dismissal for the submission's author, keyed by the review id", () => {
    const dismissed = reviewDismissedEvent({
      reviewer: "bob",
      author: "alice",
      repo: TRAINING,
      number: 11,
      prBody: "Exercise: backend-2",
      body: "",
      reviewId: 77,
      at: AT,
      dismissedBy: "dev-manager",
    });
    const receivedAt = "2026-11-25T08:00:00Z";
    const recorded = facts({ ...dismissed, receivedAt });
    expect(recorded).toEqual([
      {
        login: "alice",
        id: "dismissal-77",
        kind: "exercise-dismissal",
        at: receivedAt,
        exercise: "backend-2",
        repo: TRAINING,
        pr: 11,
        review: 77,
        by: "dev-manager",
        url: `https://github.com/${TRAINING}/pull/11#pullrequestreview-77`,
      },
    ]);
    // A redelivery is the same fact; a dismissal outside the training repo is nothing.
    expect(facts({ ...structuredClone(dismissed), receivedAt })).toEqual(recorded);
    const elsewhere = structuredClone(dismissed);
    (elsewhere.payload as { repository: { full_name: string } }).repository.full_name = GAME;
    expect(facts(elsewhere)).toEqual([]);
  });
});

describe("usage in a push", () => {
  const commit = (author: string, message: string, at: string, sha = "a") => ({
    sha: sha.repeat(40),
    author,
    message,
    at,
  });

  it("belongs to the sender, never to the commit's author, even another roster member", () => {
    const push = pushEvent({
      repo: GAME,
      sender: "bob",
      pushedAt: AT,
      commits: [commit("alice", `fix: ${CITING}`, AT)],
    });
    expect(facts(push)).toEqual([
      expect.objectContaining({ login: "bob", kind: "usage", source: "commit", at: AT }),
    ]);
  });

  it("earns nothing when the sender is off the roster, whoever the commit names", () => {
    const push = pushEvent({
      repo: GAME,
      sender: "mallory",
      pushedAt: AT,
      commits: [commit("alice", `fix: ${CITING}`, AT)],
    });
    expect(facts(push)).toEqual([]);
  });

  it("is dated by when GitHub received the push, not by the commit's (future) author date", () => {
    const push = pushEvent({
      repo: GAME,
      sender: "alice",
      pushedAt: "2026-11-24T18:00:00Z",
      commits: [commit("alice", `fix: ${CITING}`, "2030-01-01T00:00:00Z")],
    });
    expect(facts(push).map((fact) => fact.at)).toEqual(["2026-11-24T18:00:00Z"]);
    // Backdated commits do not move it either.
    const backdated = pushEvent({
      repo: GAME,
      sender: "alice",
      pushedAt: "2026-11-24T18:00:00Z",
      commits: [commit("alice", `fix: ${CITING}`, "2026-11-01T00:00:00Z")],
    });
    expect(facts(backdated).map((fact) => fact.at)).toEqual(["2026-11-24T18:00:00Z"]);
  });

  it("without GitHub's push time, is dated by the delivery's receipt, else not recorded", () => {
    const push = pushEvent({
      repo: GAME,
      sender: "alice",
      pushedAt: null,
      commits: [commit("alice", `fix: ${CITING}`, "2030-01-01T00:00:00Z")],
    });
    expect(facts({ ...push, receivedAt: "2026-11-24T18:00:05Z" }).map((f) => f.at)).toEqual([
      "2026-11-24T18:00:05Z",
    ]);
    expect(facts(push)).toEqual([]);
  });

  it("earns nothing for a bot sender", () => {
    const push = pushEvent({
      repo: GAME,
      sender: "dependabot[bot]",
      pushedAt: AT,
      commits: [commit("alice", `fix: ${CITING}`, AT)],
    });
    expect(facts(push)).toEqual([]);
    const typedBot = pushEvent({
      repo: GAME,
      sender: "alice",
      pushedAt: AT,
      commits: [commit("alice", `fix: ${CITING}`, AT)],
    });
    (typedBot.payload as { sender: { type: string } }).sender.type = "Bot";
    expect(facts(typedBot)).toEqual([]);
  });
});

describe("a PR body edit", () => {
  const edit = (sender: string, previousBody: string | undefined, body = CITING) =>
    pullRequestEvent({
      action: "edited",
      author: "alice",
      sender,
      repo: GAME,
      number: 5,
      body,
      previousBody,
      at: AT,
    });

  it("counts for the editor, never for the PR's author", () => {
    expect(facts(edit("bob", "Fixes the retry"))).toEqual([
      expect.objectContaining({ login: "bob", kind: "usage", source: "pull_request", at: AT }),
    ]);
    expect(facts(edit("alice", "Fixes the retry"))).toEqual([
      expect.objectContaining({ login: "alice", kind: "usage" }),
    ]);
  });

  it("earns nothing for an editor off the roster or a bot, even on a roster member's PR", () => {
    expect(facts(edit("mallory", "Fixes the retry"))).toEqual([]);
    expect(facts(edit("github-actions[bot]", "Fixes the retry"))).toEqual([]);
  });

  it("counts only when the body changed and gained a reference it did not have", () => {
    // A title-only edit (no `changes.body`), and a typo fix in a body that already cited.
    expect(facts(edit("bob", undefined))).toEqual([]);
    expect(facts(edit("bob", "use context7 for the retry optons"))).toEqual([]);
    expect(facts(edit("bob", "Fixes the retry", "Fixes the retry, no docs"))).toEqual([]);
  });
});

describe("no fact dated after its delivery", () => {
  it("dates a fact whose own timestamp is ahead of the delivery at the delivery", () => {
    const comment = issueCommentEvent({
      author: "alice",
      repo: GAME,
      body: CITING,
      at: "2026-11-30T10:00:00Z",
    });
    const receivedAt = "2026-11-24T10:00:01Z";
    expect(facts({ ...comment, receivedAt })).toEqual([
      expect.objectContaining({ id: "comment-9000", at: receivedAt }),
    ]);
  });

  it("keeps a timestamp at or before the delivery as it is", () => {
    const comment = issueCommentEvent({ author: "alice", repo: GAME, body: CITING, at: AT });
    expect(facts({ ...comment, receivedAt: AT }).map((fact) => fact.at)).toEqual([AT]);
    expect(facts(comment).map((fact) => fact.at)).toEqual([AT]);
  });

  it("bots never earn evidence: a bot account's comment citing Context7 is nothing", () => {
    const comment = issueCommentEvent({ author: "alice", repo: GAME, body: CITING, at: AT });
    expect(facts(comment)).toHaveLength(1);
    (comment.payload as { comment: { user: { type: string } } }).comment.user.type = "Bot";
    expect(facts(comment)).toEqual([]);
  });
});
