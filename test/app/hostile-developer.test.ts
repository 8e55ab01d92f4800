/**
 * A developer on the roster who wants to look better (or make a colleague look worse)
 * without doing the work, and an outsider who wants to forge facts: each attack goes
 * through the App's real handlers on the loopback stand-in, and each test states what the
 * App does about it. docs/security.md's Guarantees list names them.
 */
import { afterEach, describe, expect, it } from "vitest";
import { QUIZ_QUESTIONS } from "../../src/core/quiz.js";
import { CHECK_NAME } from "../../src/core/submission.js";
import { issueOpenedEvent } from "../support/issue-events.js";
import { readIssueForm, renderSubmittedForm } from "../support/issue-forms.js";
import { type Harness, startHarness } from "../support/offline.js";
import { pullRequestEvent, submissionBody } from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const AT = "2026-11-25T10:00:00Z";
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

const replies = () =>
  harness.standIn.outbox
    .filter((request) => request.path.endsWith("/comments"))
    .map((request) => (request.body as { body: string }).body);
const checkRuns = () =>
  harness.standIn.outbox.filter((request) => request.path.endsWith("/check-runs"));
const kinds = (login: string) => (harness.record(login)?.evidence ?? []).map((item) => item.kind);

describe("inflating your own numbers", () => {
  const quiz = readIssueForm("context7-knowledge-check.yml");
  const choices = QUIZ_QUESTIONS.filter((question) => question.letters !== null);
  const letters = new Map(choices.map((q, index) => [q.id, "DCBA"[index % 4] as string]));
  const key = [...letters].map(([id, letter]) => `${id}=${letter}`).join(",");

  it("grades one of many knowledge checks filed in the same second, refusing the others", async () => {
    harness = await startHarness(undefined, undefined, { CONTEXT7_QUIZ_KEY: key });
    const body = renderSubmittedForm(quiz, { ...Object.fromEntries(letters), q10: "" });
    await Promise.all(
      [60, 61, 62, 63, 64].map((number) =>
        harness.receive(issueOpenedEvent({ author: "bob", repo: TRAINING, number, body, at: AT })),
      ),
    );
    const evidence = harness.record("bob")?.evidence ?? [];
    expect(evidence.filter((item) => item.kind === "knowledge-score")).toHaveLength(1);
    expect(evidence.filter((item) => item.kind === "quiz-refused")).toHaveLength(4);
    expect(replies().filter((reply) => reply.includes("knowledge check: 90/100"))).toHaveLength(1);
  });
});

describe("forging evidence for someone else", () => {
  const failing = "Exercise: backend-2\n\nWork in progress.";
  const passing = submissionBody("backend-2", "ws", "/websockets/ws", "production-patterns");

  it("records no exercise check for the author when a colleague edits their submission", async () => {
    harness = await startHarness();
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 70,
        body: failing,
        at: AT,
      }),
    );
    // bob rewrites alice's body into a passing one (or a passing one into a failing one).
    await harness.receive(
      pullRequestEvent({
        action: "edited",
        author: "alice",
        sender: "bob",
        repo: TRAINING,
        number: 70,
        body: passing,
        previousBody: failing,
        at: "2026-11-25T11:00:00Z",
      }),
    );
    const checks = (harness.record("alice")?.evidence ?? []).filter(
      (item) => item.kind === "exercise-check",
    );
    expect(
      checks.map(
        (item) =>
          (item as { done: number; total: number }).done < (item as { total: number }).total,
      ),
    ).toEqual([true]);
    expect(checkRuns().map((run) => (run.body as { conclusion: string }).conclusion)).toEqual([
      "failure",
    ]);
    // The author's own edit, or a manager's, is checked and recorded.
    await harness.receive(
      pullRequestEvent({
        action: "edited",
        author: "alice",
        sender: "dev-manager",
        repo: TRAINING,
        number: 70,
        body: `${passing}\n`,
        previousBody: passing,
        at: "2026-11-25T12:00:00Z",
      }),
    );
    expect(checkRuns()).toHaveLength(2);
    expect(kinds("alice").filter((kind) => kind === "exercise-check")).toHaveLength(2);
    expect(checkRuns()[1]?.body).toMatchObject({ name: CHECK_NAME, conclusion: "success" });
  });
});
