import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { evaluate } from "../../src/core/gates.js";
import { trackerIssueBody } from "../../src/core/plan-trackers.js";
import { parseAnswerKey, QUIZ_QUESTIONS } from "../../src/core/quiz.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import { issueEditedEvent, issueOpenedEvent } from "../support/issue-events.js";
import {
  COMPLETE_CONFIRMATION,
  fieldsOf,
  readIssueForm,
  renderSubmittedForm,
} from "../support/issue-forms.js";
import { type Harness, replyText, SAMPLE_CONFIG, startHarness } from "../support/offline.js";

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
    .map((request) => replyText((request.body as { body: string }).body));

describe("the confirmation form", () => {
  const form = readIssueForm("context7-confirmation.yml");

  it("records the commitments and answers once with what certification still needs", async () => {
    harness = await startHarness();
    const event = issueOpenedEvent({
      author: "alice",
      repo: TRAINING,
      number: 21,
      title: "[Context7 confirmation] Alice",
      body: renderSubmittedForm(form, { ...COMPLETE_CONFIRMATION, "code-review": false }),
      at: AT,
    });
    await harness.receive(event);
    expect(harness.record("alice")?.evidence).toEqual([
      expect.objectContaining({
        id: "confirmation-I_kwDO21",
        kind: "confirmation",
        issue: 21,
        commitments: { dailyUsage: true, knowledgeSharing: true, codeReview: false },
        feedback: {
          difficulty: 3,
          workedWell: "The exercises.",
          improve: "More frontend examples.",
        },
      }),
    ]);
    const [reply] = replies();
    expect(reply).toContain("Thanks @alice, your confirmation is recorded.");
    expect(reply).toContain("- a ticked box for the code review integration commitment");
    expect(reply).toContain("- a confirmation with all three commitments ticked");
    expect(reply).toContain("- Gate 1 (Knowledge Foundation) passed");
    await harness.receive(event);
    expect(replies()).toHaveLength(1);
  });

  it("records the developer's edit, the latest version counting, without another reply", async () => {
    harness = await startHarness();
    const unticked = renderSubmittedForm(form, { ...COMPLETE_CONFIRMATION, "code-review": false });
    await harness.receive(
      issueOpenedEvent({ author: "alice", repo: TRAINING, number: 21, body: unticked, at: AT }),
    );
    await harness.receive(
      issueEditedEvent({
        author: "alice",
        repo: TRAINING,
        number: 21,
        body: renderSubmittedForm(form, COMPLETE_CONFIRMATION),
        previousBody: unticked,
        at: "2026-11-25T11:00:00Z",
      }),
    );
    const config = parseConfig(SAMPLE_CONFIG);
    if (!config.ok) throw new Error("sample config");
    const record = harness.record("alice");
    const alice = evaluate(config.value, record ? [record] : [], "2026-11-25T12:00:00Z")
      .developers[0] as DeveloperStatus;
    expect(alice.confirmed).toBe(true);
    expect(replies()).toHaveLength(1);
  });

  it("tells someone off the roster that nothing was recorded", async () => {
    harness = await startHarness();
    await harness.receive(
      issueOpenedEvent({
        author: "mallory",
        repo: TRAINING,
        body: renderSubmittedForm(form, COMPLETE_CONFIRMATION),
        at: AT,
      }),
    );
    expect(replies()[0]).toContain("@mallory is not on the programme's roster");
    expect(harness.files()).toEqual([]);
  });

  it("ignores an ordinary issue and a form opened in another repo", async () => {
    harness = await startHarness();
    await harness.receive(
      issueOpenedEvent({ author: "alice", repo: TRAINING, body: "The build is red.", at: AT }),
    );
    await harness.receive(
      issueOpenedEvent({
        author: "alice",
        repo: "acme/game",
        body: renderSubmittedForm(form, COMPLETE_CONFIRMATION),
        at: AT,
      }),
    );
    expect(harness.standIn.requests).toEqual([]);
  });
});

describe("the knowledge-check quiz", () => {
  const quiz = readIssueForm("context7-knowledge-check.yml");
  const choices = QUIZ_QUESTIONS.filter((question) => question.letters !== null);
  // A made-up key: the real one lives only in the App's environment.
  const letters = new Map(choices.map((q, index) => [q.id, "DCBA"[index % 4] as string]));
  const key = [...letters].map(([id, letter]) => `${id}=${letter}`).join(",");
  const useCases = [
    "Lobby regions: /hathora/server-sdk",
    "Reconnects: /websockets/ws",
    "Renderer: /facebook/react",
    "Typed actions: /microsoft/typescript",
    "Screenshots: /microsoft/playwright",
  ].join("\n");
  const optionText = (id: string, letter: string) =>
    ((fieldsOf(quiz).find((f) => f.id === id)?.attributes.options ?? []) as string[]).find(
      (option) => option.startsWith(`${letter})`),
    ) as string;

  it("grades an attempt with wrong answers, records the score and never shows a right answer", async () => {
    harness = await startHarness(undefined, undefined, { CONTEXT7_QUIZ_KEY: key });
    const [first, second] = choices;
    const answers = {
      ...Object.fromEntries(letters),
      [first?.id as string]: letters.get(first?.id as string) === "A" ? "B" : "A",
      [second?.id as string]: letters.get(second?.id as string) === "A" ? "B" : "A",
      q10: useCases,
    };
    await harness.receive(
      issueOpenedEvent({
        author: "bob",
        repo: TRAINING,
        number: 30,
        body: renderSubmittedForm(quiz, answers),
        at: AT,
      }),
    );
    expect(harness.record("bob")?.evidence).toEqual([
      expect.objectContaining({
        id: "quiz-I_kwDO30",
        kind: "knowledge-score",
        score: 80,
        source: "quiz",
        by: "bob",
        issue: 30,
      }),
    ]);
    const [reply] = replies();
    expect(reply).toContain("**Context7 knowledge check: 80/100.**");
    expect(reply).toContain("Retakes: 2 more attempts");
    // The total only: not even the topic of a missed question.
    expect(reply).not.toContain(`- ${first?.topic}`);
    expect(reply).not.toContain(key);
    for (const question of choices) {
      expect(reply).not.toContain(optionText(question.id, letters.get(question.id) as string));
    }
    // The graded issue is closed and its answers taken out.
    const update = harness.standIn.outbox.find((request) => request.method === "PATCH");
    expect(update).toMatchObject({
      path: `/repos/${TRAINING}/issues/30`,
      body: { state: "closed" },
    });
    expect(JSON.stringify(update?.body)).not.toContain("Lobby regions");
  });

  it("lets the developer retake it on another day: the best score counts", async () => {
    harness = await startHarness(undefined, undefined, { CONTEXT7_QUIZ_KEY: key });
    const perfect = { ...Object.fromEntries(letters), q10: useCases };
    for (const [number, answers, at] of [
      [31, { ...perfect, q10: "" }, AT],
      [32, perfect, "2026-11-26T10:00:00Z"],
    ] as const) {
      await harness.receive(
        issueOpenedEvent({
          author: "bob",
          repo: TRAINING,
          number,
          body: renderSubmittedForm(quiz, answers),
          at,
        }),
      );
    }
    const scores = harness.record("bob")?.evidence.map((item) => (item as { score: number }).score);
    expect(scores).toEqual([90, 100]);
  });

  it("refuses a second attempt the same day and any after the third, recording them as refused, not scored", async () => {
    harness = await startHarness(undefined, undefined, { CONTEXT7_QUIZ_KEY: key });
    const body = renderSubmittedForm(quiz, { ...Object.fromEntries(letters), q10: "" });
    const attempt = (number: number, at: string) =>
      harness.receive(issueOpenedEvent({ author: "bob", repo: TRAINING, number, body, at }));
    await attempt(40, "2026-11-24T09:00:00Z");
    // Sample team's timezone is Europe/Berlin: 22:30 UTC is the 24th there still.
    await attempt(41, "2026-11-24T22:30:00Z");
    await attempt(42, "2026-11-25T09:00:00Z");
    await attempt(43, "2026-11-26T09:00:00Z");
    await attempt(44, "2026-11-27T09:00:00Z");
    const evidence = harness.record("bob")?.evidence ?? [];
    expect(evidence.map((item) => [item.kind, (item as { reason?: string }).reason])).toEqual([
      ["knowledge-score", undefined],
      ["quiz-refused", "same-day"],
      ["knowledge-score", undefined],
      ["knowledge-score", undefined],
      ["quiz-refused", "attempts-used"],
    ]);
    const answers = replies();
    expect(answers[1]).toMatch(
      /^This knowledge check was not graded: one attempt a day \(Europe\/Berlin\)/,
    );
    expect(answers[1]).toContain("Open the form again on 2026-11-25 or later; 2 attempts are left");
    expect(answers[3]).toContain("That was your last graded attempt");
    expect(answers[4]).toMatch(
      /^This knowledge check was not graded: all 3 attempts are used, and your best score, 90\/100, counts/,
    );
    const closed = harness.standIn.outbox.filter((request) => request.method === "PATCH");
    expect(
      closed.map((request) => (request.body as { state_reason: string }).state_reason),
    ).toEqual(["completed", "not_planned", "completed", "completed", "not_planned"]);
    // A redelivered refusal is answered once.
    await attempt(44, "2026-11-27T09:00:00Z");
    expect(replies()).toHaveLength(5);
  });

  it("records nothing and says what to set when the key is missing from the environment", async () => {
    harness = await startHarness();
    await harness.receive(
      issueOpenedEvent({
        author: "bob",
        repo: TRAINING,
        body: renderSubmittedForm(quiz, { ...Object.fromEntries(letters), q10: useCases }),
        at: AT,
      }),
    );
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toMatch(/^This knowledge check was not graded: the answer key is not set/);
    expect(replies()[0]).toContain("CONTEXT7_QUIZ_KEY");
    expect(harness.files()).toEqual([]);
  });

  it("says the key is invalid without echoing it", async () => {
    expect(parseAnswerKey("q1=Z").ok).toBe(false);
    harness = await startHarness(undefined, undefined, { CONTEXT7_QUIZ_KEY: "q1=Z,q2=Q" });
    await harness.receive(
      issueOpenedEvent({
        author: "bob",
        repo: TRAINING,
        body: renderSubmittedForm(quiz, {}),
        at: AT,
      }),
    );
    expect(replies()[0]).toMatch(/^This knowledge check was not graded/);
    expect(replies()[0]).not.toContain("q1=Z");
    expect(harness.files()).toEqual([]);
  });
});

describe("the tracker issue's self-reported boxes", () => {
  const config = parseConfig(SAMPLE_CONFIG);
  if (!config.ok) throw new Error("sample config");
  const alice = evaluate(config.value, [], AT).developers[0] as DeveloperStatus;
  const before = trackerIssueBody(alice, config.value, null, "2026-11-25");
  const after = before.replace("- [ ] Trainer session attended", "- [x] Trainer session attended");

  it("records the developer's own tick as self-reported evidence", async () => {
    harness = await startHarness();
    await harness.receive(
      issueEditedEvent({
        author: "github-actions[bot]",
        editor: "alice",
        repo: TRAINING,
        number: 12,
        body: after,
        previousBody: before,
        at: AT,
      }),
    );
    expect(harness.record("alice")?.evidence).toEqual([
      expect.objectContaining({
        kind: "self-report",
        item: "trainer-session",
        done: true,
        issue: 12,
      }),
    ]);
  });

  it("does not take anyone else's tick as the developer's word", async () => {
    harness = await startHarness();
    await harness.receive(
      issueEditedEvent({
        author: "github-actions[bot]",
        editor: "bob",
        repo: TRAINING,
        number: 12,
        body: after,
        previousBody: before,
        at: AT,
      }),
    );
    expect(harness.standIn.requests).toEqual([]);
  });
});
