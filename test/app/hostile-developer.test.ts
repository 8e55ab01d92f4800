/**
 * A developer on the roster who wants to look better (or make a colleague look worse)
 * without doing the work, and an outsider who wants to forge facts: each attack goes
 * through the App's real handlers on the loopback stand-in, and each test states what the
 * App does about it. docs/security.md's Guarantees list names them.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import type { WebhookEvent } from "../../src/core/events.js";
import type { Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { submissionsOf } from "../../src/core/kpis/submissions.js";
import { parseRecordsKeyring, type RecordsKeyring, signFact } from "../../src/core/proof.js";
import { QUIZ_QUESTIONS } from "../../src/core/quiz.js";
import { RECORDS_CHECK_NAME } from "../../src/core/record-edits.js";
import { serializeRecord } from "../../src/core/records.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import { readyForCertification, record } from "../support/builders.js";
import { issueEditedEvent, issueOpenedEvent } from "../support/issue-events.js";
import {
  COMPLETE_CONFIRMATION,
  readIssueForm,
  renderSubmittedForm,
} from "../support/issue-forms.js";
import { type Harness, SAMPLE_CONFIG, startHarness } from "../support/offline.js";
import {
  configPushEvent,
  deliveryId,
  discussionCommentEvent,
  discussionEvent,
  example,
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewCommentEvent,
  reviewDismissedEvent,
  reviewEvent,
  submissionBody,
} from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
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
/** Check runs created, and updated (a new result for the same head commit updates its run). */
const checkRuns = () =>
  harness.standIn.outbox.filter((request) => /\/check-runs(\/\d+)?$/.test(request.path));
const writes = () => harness.standIn.requests.filter((request) => request.method !== "GET");
const config = (() => {
  const parsed = parseConfig(SAMPLE_CONFIG);
  if (!parsed.ok) throw new Error("sample config");
  return parsed.value;
})();
/** A developer's status from what the App wrote, as of `at`. */
const statusOf = (login: string, at: string): DeveloperStatus => {
  const developer = evaluate(
    config,
    [harness.record(login) ?? record(login, [])],
    at,
  ).developers.find((each) => each.login === login);
  if (developer === undefined) throw new Error(`${login} is not on the roster`);
  return developer;
};
const comment = (author: string, body: string, commentId: number, repo = TRAINING, at = AT) =>
  issueCommentEvent({ author, repo, body, at, commentId });

/** An `issue_comment.edited` delivery: the comment's new body, edited by `editor`. */
function commentEdited(options: {
  author: string;
  editor: string;
  body: string;
  previousBody: string;
  commentId: number;
}): WebhookEvent {
  const payload = example("issue_comment", "edited");
  const created = comment(options.author, options.body, options.commentId)
    .payload as typeof payload;
  payload.repository = created.repository;
  payload.issue = created.issue;
  payload.comment = { ...created.comment, updated_at: "2026-11-25T11:00:00Z" };
  payload.changes = { body: { from: options.previousBody } };
  payload.sender.login = options.editor;
  payload.sender.type = "User";
  return { name: "issue_comment", id: deliveryId(), payload };
}

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

  it("dates a knowledge check by when its answers were set, not by an older creation date", async () => {
    harness = await startHarness(undefined, undefined, { CONTEXT7_QUIZ_KEY: key });
    const body = renderSubmittedForm(quiz, { ...Object.fromEntries(letters), q10: "" });
    // Opened elsewhere on Day 1, answered later and transferred in: it arrives on Day 3.
    const event = issueOpenedEvent({ author: "bob", repo: TRAINING, number: 75, body, at: AT });
    (event.payload as { issue: { created_at: string } }).issue.created_at = "2026-11-23T08:00:00Z";
    await harness.receive(event);
    const scores = (harness.record("bob")?.evidence ?? []).filter(
      (item) => item.kind === "knowledge-score",
    );
    expect(scores.map((item) => item.at)).toEqual([AT]);
  });

  it("keeps a refused attempt refused when it is redelivered after the cap was raised", async () => {
    const env = { CONTEXT7_QUIZ_KEY: key };
    const capped = (attempts: number) =>
      `${SAMPLE_CONFIG}\nthresholds:\n  knowledgeCheckAttempts: ${attempts}\n`;
    harness = await startHarness(capped(1), undefined, env);
    const body = renderSubmittedForm(quiz, { ...Object.fromEntries(letters), q10: "" });
    const first = issueOpenedEvent({ author: "bob", repo: TRAINING, number: 76, body, at: AT });
    const second = issueOpenedEvent({
      author: "bob",
      repo: TRAINING,
      number: 77,
      body,
      at: "2026-11-26T10:00:00Z",
    });
    await harness.receive(first);
    await harness.receive(second);
    // The manager raises the cap; the refused attempt's delivery comes again.
    const raised = await startHarness(capped(3), undefined, env, harness.dir);
    try {
      await raised.receive(second);
      expect(raised.standIn.unexpected).toEqual([]);
    } finally {
      await raised.stop();
    }
    const kinds = (harness.record("bob")?.evidence ?? []).map((item) => item.id.split("-I_")[0]);
    expect(kinds).toEqual(["quiz", "refused-quiz"]);
  });

  it("grades one of the knowledge checks filed in the same second on two App instances", async () => {
    const env = { CONTEXT7_QUIZ_KEY: key };
    harness = await startHarness(undefined, undefined, env);
    // A second instance behind the same load balancer: the same records, nothing else shared.
    const other = await startHarness(undefined, undefined, env, harness.dir);
    try {
      const body = renderSubmittedForm(quiz, { ...Object.fromEntries(letters), q10: "" });
      await Promise.all(
        [70, 71, 72, 73].map((number) =>
          (number % 2 === 0 ? harness : other).receive(
            issueOpenedEvent({ author: "bob", repo: TRAINING, number, body, at: AT }),
          ),
        ),
      );
      const evidence = harness.record("bob")?.evidence ?? [];
      expect(evidence.filter((item) => item.kind === "knowledge-score")).toHaveLength(1);
      expect(evidence.filter((item) => item.kind === "quiz-refused")).toHaveLength(3);
      const graded = [...harness.standIn.outbox, ...other.standIn.outbox].filter((request) =>
        (request.body as { body?: string }).body?.includes("knowledge check: 90/100"),
      );
      expect(graded).toHaveLength(1);
      expect(other.standIn.unexpected).toEqual([]);
    } finally {
      await other.stop();
    }
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
    expect(checkRuns()[1]?.body).toMatchObject({ conclusion: "success" });
  });
});

describe("forging evidence for someone else, through text", () => {
  it("credits only the author of a PR, discussion or review that names a colleague", async () => {
    harness = await startHarness();
    const naming =
      "Paired with @bob (Co-authored-by: bob <bob@acme.dev>): use context7 for /vercel/next.js";
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: GAME,
        number: 5,
        body: naming,
        at: AT,
      }),
    );
    await harness.receive(
      discussionEvent({
        author: "alice",
        repo: GAME,
        title: "@bob found this",
        body: naming,
        category: "General",
        at: AT,
      }),
    );
    await harness.receive(
      reviewEvent({
        reviewer: "alice",
        author: "carol",
        repo: GAME,
        number: 6,
        body: naming,
        at: AT,
      }),
    );
    expect(harness.files()).toEqual(["alice.yml"]);
  });

  it("refuses a non-manager's command once, and reads none hidden in a code block, a quote or an HTML comment", async () => {
    harness = await startHarness();
    await harness.receive(comment("bob", "/context7 knowledge @bob 100", 1));
    for (const [index, hidden] of [
      "```\n/context7 final @bob 100\n```",
      "~~~\n/context7 certify @bob\n~~~",
      "> /context7 final @bob 100",
      "<!--\n/context7 final @bob 100\n-->",
      "Done: /context7 final @bob 100",
    ].entries())
      await harness.receive(comment("bob", hidden, 10 + index));
    // A manager quoting bob's command runs nothing either.
    await harness.receive(comment("dev-manager", "> /context7 final @bob 100\n\nNo.", 20));
    expect(replies()).toHaveLength(1);
    expect(replies()[0]).toContain("@bob is not one of them. Nothing was recorded");
    // The managers are named, not mentioned: a developer's refused commands page no one.
    expect(replies()[0]).toContain("ask a manager (`dev-manager`)");
    expect(replies()[0]).not.toMatch(/@dev-manager/);
    expect(writes().filter((request) => request.path.includes("/contents/"))).toEqual([]);
  });

  it("looks for its earlier reply among the comments since the command only, however long the thread", async () => {
    harness = await startHarness();
    await harness.receive(comment("bob", "/context7 knowledge @bob 100", 30));
    const listings = harness.standIn.requests.filter(
      (request) => request.method === "GET" && request.path.endsWith("/comments"),
    );
    expect(listings.map((request) => new URLSearchParams(request.query).get("since"))).toEqual([
      AT,
    ]);
  });

  it("runs no manager command written in a PR body, a review, a review comment or a discussion comment", async () => {
    harness = await startHarness();
    const commands =
      "/context7 final @bob 100\n/context7 knowledge @bob 100\n/context7 certify @bob";
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "bob",
        repo: TRAINING,
        number: 8,
        body: commands,
        at: AT,
      }),
    );
    for (const event of [
      reviewEvent({
        reviewer: "dev-manager",
        author: "bob",
        repo: TRAINING,
        number: 8,
        body: commands,
        at: AT,
      }),
      reviewCommentEvent({
        reviewer: "dev-manager",
        author: "bob",
        repo: TRAINING,
        number: 8,
        body: commands,
        at: AT,
      }),
      discussionCommentEvent({ author: "dev-manager", repo: TRAINING, body: commands, at: AT }),
    ])
      await harness.receive(event);
    expect(harness.files()).toEqual([]);
    expect(replies()).toEqual([]);
  });

  it("changes nothing when a manager's command comment is edited afterwards", async () => {
    harness = await startHarness();
    await harness.receive(comment("dev-manager", "/context7 knowledge @bob 60", 30));
    await harness.receive(
      commentEdited({
        author: "dev-manager",
        editor: "bob",
        body: "/context7 knowledge @bob 100",
        previousBody: "/context7 knowledge @bob 60",
        commentId: 30,
      }),
    );
    expect(
      harness.record("bob")?.evidence.map((item) => (item as { score?: number }).score),
    ).toEqual([60]);
    expect(replies()).toHaveLength(1);
  });
});

describe("inflating your own numbers, more", () => {
  it("one usage per comment however often it cites, and many comments in a day are one workday", async () => {
    harness = await startHarness();
    await harness.receive(comment("alice", "use context7 /facebook/react ".repeat(500), 40, GAME));
    expect(kinds("alice")).toEqual(["usage"]);
    for (let id = 41; id < 70; id++)
      await harness.receive(comment("alice", "use context7", id, GAME));
    await harness.receive(comment("carol", "use context7", 70, GAME));
    const [spammer, honest] = [
      statusOf("alice", "2026-11-26T12:00:00Z"),
      statusOf("carol", "2026-11-26T12:00:00Z"),
    ];
    expect(spammer.usageEvents).toBe(30);
    // Gates, colour and consistency count workdays with usage, not uses.
    expect(spammer.usageWorkdays).toBe(honest.usageWorkdays);
    expect(spammer.consistency).toBe(honest.consistency);
    expect(spammer.longestStreak).toBe(honest.longestStreak);
    expect(spammer.status).toBe(honest.status);
    expect(spammer.gates.integration).toEqual(honest.gates.integration);
  });

  it("records no approval of a submission by its author, a second account off the roster, or a bot", async () => {
    harness = await startHarness();
    const prBody = "Exercise: backend-1";
    for (const [index, reviewer] of ["alice", "ALICE", "alice-alt", "dependabot[bot]"].entries())
      await harness.receive(
        reviewEvent({
          reviewer,
          author: "alice",
          repo: TRAINING,
          number: 9,
          prBody,
          body: "LGTM",
          state: "approved",
          reviewId: 900 + index,
          at: AT,
        }),
      );
    expect(kinds("alice")).toEqual([]);
  });

  it("records one merge for a submission merged, reopened and merged again", async () => {
    harness = await startHarness();
    const body = "Exercise: backend-1";
    for (const at of [AT, "2026-11-25T12:00:00Z"])
      await harness.receive(
        pullRequestEvent({
          action: "closed",
          merged: true,
          author: "alice",
          repo: TRAINING,
          number: 11,
          body,
          at,
        }),
      );
    expect(kinds("alice")).toEqual(["exercise-merged"]);
  });

  it("counts an unknown exercise nowhere, and another role's exercise not for the developer's role", async () => {
    harness = await startHarness();
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        merged: true,
        author: "alice",
        repo: TRAINING,
        number: 12,
        body: "Exercise: backend-99",
        at: AT,
      }),
    );
    expect(kinds("alice")).toEqual([]);
    const frontend = submissionBody("frontend-1", "react", "/facebook/react", "hooks");
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 13,
        body: frontend,
        at: AT,
      }),
    );
    await harness.receive(
      reviewEvent({
        reviewer: "bob",
        author: "alice",
        repo: TRAINING,
        number: 13,
        prBody: frontend,
        body: "ok",
        state: "approved",
        reviewId: 1300,
        at: "2026-11-25T10:30:00Z",
      }),
    );
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        merged: true,
        author: "alice",
        repo: TRAINING,
        number: 13,
        body: frontend,
        at: "2026-11-25T11:00:00Z",
      }),
    );
    const alice = statusOf("alice", "2026-11-26T12:00:00Z");
    expect(alice.exercisesCompleted).toBe(0);
    expect(alice.gates.practical.state).toBe("pending");
  });

  it("treats a title [backend-1] outside the training repo as an ordinary PR", async () => {
    harness = await startHarness();
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: GAME,
        number: 14,
        title: "[backend-1] ws",
        body: "Exercise: backend-1",
        at: AT,
      }),
    );
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        merged: true,
        author: "alice",
        repo: GAME,
        number: 14,
        title: "[backend-1] ws",
        body: "Exercise: backend-1",
        at: AT,
      }),
    );
    expect(kinds("alice")).toEqual(["merged-pr"]);
    expect(checkRuns()).toEqual([]);
  });
});

describe("forms filed or edited by someone else", () => {
  const confirmationForm = readIssueForm("context7-confirmation.yml");
  const quiz = readIssueForm("context7-knowledge-check.yml");
  const choices = QUIZ_QUESTIONS.filter((question) => question.letters !== null);
  const letters = new Map(choices.map((q, index) => [q.id, "DCBA"[index % 4] as string]));
  const key = [...letters].map(([id, letter]) => `${id}=${letter}`).join(",");

  it("records a confirmation for whoever filed it, and takes no one else's ticks on it", async () => {
    harness = await startHarness();
    const complete = renderSubmittedForm(confirmationForm, COMPLETE_CONFIRMATION);
    await harness.receive(
      issueOpenedEvent({
        author: "bob",
        repo: TRAINING,
        number: 50,
        title: "Confirmation for @alice",
        body: `@alice\n\n${complete}`,
        at: AT,
      }),
    );
    const unticked = renderSubmittedForm(confirmationForm, {
      ...COMPLETE_CONFIRMATION,
      "code-review": false,
    });
    await harness.receive(
      issueOpenedEvent({ author: "alice", repo: TRAINING, number: 51, body: unticked, at: AT }),
    );
    await harness.receive(
      issueEditedEvent({
        author: "alice",
        editor: "bob",
        repo: TRAINING,
        number: 51,
        body: complete,
        previousBody: unticked,
        at: "2026-11-25T11:00:00Z",
      }),
    );
    await harness.receive(
      issueEditedEvent({
        author: "alice",
        editor: "dev-manager",
        repo: TRAINING,
        number: 51,
        body: complete,
        previousBody: unticked,
        at: "2026-11-25T11:00:00Z",
      }),
    );
    expect(kinds("bob")).toEqual(["confirmation"]);
    expect(kinds("alice")).toEqual(["confirmation"]);
    expect(statusOf("alice", "2026-11-25T12:00:00Z").confirmed).toBe(false);
  });

  it("grades a knowledge check for whoever filed it, and nothing when the graded issue is edited", async () => {
    harness = await startHarness(undefined, undefined, { CONTEXT7_QUIZ_KEY: key });
    const answers = renderSubmittedForm(quiz, { ...Object.fromEntries(letters), q10: "" });
    await harness.receive(
      issueOpenedEvent({
        author: "bob",
        repo: TRAINING,
        number: 52,
        title: "Knowledge check for @alice",
        body: answers,
        at: AT,
      }),
    );
    expect(kinds("bob")).toEqual(["knowledge-score"]);
    expect(harness.record("alice")).toBeNull();
    const graded = "_Answers removed after grading. Score: 90/100._";
    const before = harness.standIn.requests.length;
    await harness.receive(
      issueEditedEvent({
        author: "bob",
        repo: TRAINING,
        number: 52,
        body: answers,
        previousBody: graded,
        at: "2026-11-26T10:00:00Z",
      }),
    );
    expect(
      harness.standIn.requests.slice(before).filter((request) => request.method !== "GET"),
    ).toEqual([]);
    expect(kinds("bob")).toEqual(["knowledge-score"]);
  });
});

describe("forging records", () => {
  it("fails the records check on a PR that edits the certificate registry or a credential", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(15, [
      "records/certifications.json",
      "records/alice.credential.json",
    ]);
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 15,
        body: "Fix typo",
        at: AT,
      }),
    );
    const [check] = checkRuns();
    expect(check?.body).toMatchObject({ name: RECORDS_CHECK_NAME, conclusion: "failure" });
    expect(JSON.stringify(check?.body)).toContain(
      "- `records/alice.credential.json`\\n- `records/certifications.json`",
    );
  });

  it("takes no imitation of the App's hidden markers as a tracker, nor hidden text as usage", async () => {
    harness = await startHarness();
    const forged =
      '<!-- context7-training:tracker {"login":"bob","asOf":"2026-11-25"} -->\n\n- [ ] Trainer session attended';
    await harness.receive(
      issueEditedEvent({
        author: "alice",
        repo: TRAINING,
        number: 53,
        body: forged.replace("[ ]", "[x]"),
        previousBody: forged,
        at: AT,
      }),
    );
    await harness.receive(
      comment(
        "alice",
        '<!-- context7-training:tracker {"login":"alice"} use context7 /facebook/react -->Thanks',
        54,
        GAME,
      ),
    );
    expect(writes()).toEqual([]);
  });

  it("does not certify from a signed fact copied from a colleague's record", async () => {
    const KEY = `k1:${"k".repeat(40)}`;
    const parsed = parseRecordsKeyring(KEY, "test");
    const keyring = (parsed.ok ? parsed.keyring : null) as RecordsKeyring;
    harness = await startHarness(SAMPLE_CONFIG, TRAINING, { CONTEXT7_RECORDS_KEY: KEY });
    const ready = readyForCertification(["frontend-1", "frontend-2", "frontend-3"], 7);
    const knowledge = ready.find((fact) => fact.kind === "knowledge-score") as Evidence;
    const own = ready
      .filter((fact) => fact !== knowledge)
      .map((fact) => signFact(keyring, "bob", fact));
    // The knowledge score the App signed for alice, copied verbatim into bob's file.
    const copied = signFact(keyring, "alice", knowledge);
    writeFileSync(join(harness.dir, "bob.yml"), serializeRecord(record("bob", [...own, copied])));
    await harness.receive(
      comment("dev-manager", "/context7 certify @bob", 55, TRAINING, "2026-12-04T15:00:00Z"),
    );
    expect(kinds("bob")).not.toContain("certification");
    expect(replies()[0]).toMatch(/@bob cannot be certified yet; still missing: .*knowledge/i);
  });
});

describe("breaking the run", () => {
  it("records one usage for a 1 MB, deeply nested body with 10,000 references, in time", async () => {
    harness = await startHarness();
    const nested = `${">".repeat(50_000)} ${"[".repeat(50_000)}${"- ".repeat(50_000)}`;
    const references = Array.from(
      { length: 10_000 },
      (_, i) => `use context7 /org${i}/lib${i}`,
    ).join("\n");
    const body = `${nested}\n${references}\n${"x".repeat(1_048_576 - nested.length - references.length)}`;
    const started = Date.now();
    await harness.receive(
      pullRequestEvent({ action: "opened", author: "alice", repo: GAME, number: 16, body, at: AT }),
    );
    await harness.receive(
      comment("dev-manager", `${nested}\n${"/context7 final @bob 90\n".repeat(10_000)}`, 56),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(kinds("alice")).toEqual(["usage"]);
    expect(harness.record("bob")).toBeNull();
    expect(replies()).toEqual([expect.stringContaining("one comment may hold at most 100")]);
  });

  it("takes no lookalike of context7, /context7 or a roster login for the real one", async () => {
    harness = await startHarness();
    await harness.receive(comment("alice", "use \u0441ontext7 /facebook/react", 57, GAME));
    await harness.receive(comment("\u0430lice", "use context7 /facebook/react", 58, GAME));
    await harness.receive(comment("dev-manager", "/c\u200bontext7 final @bob 90", 59));
    await harness.receive(comment("dev-manager", "/context7 final @b\u043eb 90", 60));
    expect(harness.files()).toEqual([]);
    expect(replies()).toEqual([expect.stringContaining("is not an @login")]);
  });

  it("files a login differing only in case under the roster's spelling", async () => {
    harness = await startHarness();
    await harness.receive(comment("ALICE", "use context7", 61, GAME));
    await harness.receive(comment("DEV-Manager", "/context7 final @Bob 90", 62));
    await harness.receive(comment("BOB", "/context7 final @bob 100", 63));
    expect(harness.files()).toEqual(["alice.yml", "bob.yml"]);
    expect(
      harness.record("bob")?.evidence.map((item) => (item as { score?: number }).score),
    ).toEqual([90]);
  });

  it("reads nothing and writes nothing for a payload with a null user", async () => {
    harness = await startHarness();
    const nullComment = comment("alice", "use context7", 64, GAME);
    (nullComment.payload as { comment: { user: null } }).comment.user = null;
    const nullReview = reviewEvent({
      reviewer: "bob",
      author: "alice",
      repo: TRAINING,
      prBody: "Exercise: backend-1",
      body: "ok",
      state: "approved",
      at: AT,
    });
    (nullReview.payload as { review: { user: null } }).review.user = null;
    const nullIssue = issueOpenedEvent({ author: "alice", repo: TRAINING, body: "x", at: AT });
    (nullIssue.payload as { issue: { user: null } }).issue.user = null;
    for (const event of [nullComment, nullReview, nullIssue]) await harness.receive(event);
    expect(harness.standIn.requests).toEqual([]);
  });
});

describe("making a colleague look worse", () => {
  it("records no changes requested on a submission by someone off the roster or a bot", async () => {
    harness = await startHarness();
    const prBody = "Exercise: backend-1";
    for (const [index, reviewer] of ["troll", "dependabot[bot]", "bob"].entries())
      await harness.receive(
        reviewEvent({
          reviewer,
          author: "alice",
          repo: TRAINING,
          number: 19,
          prBody,
          body: "No.",
          state: "changes_requested",
          reviewId: 1900 + index,
          at: AT,
        }),
      );
    expect(
      harness.record("alice")?.evidence.map((item) => [item.kind, (item as { by?: string }).by]),
    ).toEqual([["exercise-changes-requested", "bob"]]);
    // One recorded before this rule (or by hand) does not spoil the quality score either.
    const troll = { ...(harness.record("alice")?.evidence[0] as Evidence), id: "x", by: "troll" };
    const [submission] = submissionsOf(config, [troll as Evidence], "alice");
    expect(submission?.changesRequested).toBe(false);
  });

  it("counts a submission closed by a colleague as no failed attempt; by its author or a manager, as one", async () => {
    harness = await startHarness();
    const body = "Exercise: backend-1";
    const close = (number: number, sender: string) =>
      harness.receive(
        pullRequestEvent({
          action: "closed",
          author: "alice",
          sender,
          repo: TRAINING,
          number,
          body,
          at: AT,
        }),
      );
    await close(20, "bob");
    await close(21, "bob");
    expect(kinds("alice")).toEqual([]);
    expect(statusOf("alice", "2026-11-26T12:00:00Z").retestExhausted).toEqual([]);
    await close(22, "alice");
    await close(23, "dev-manager");
    expect(kinds("alice")).toEqual(["exercise-closed", "exercise-closed"]);
    expect(statusOf("alice", "2026-11-26T12:00:00Z").retestExhausted).toEqual(["backend-1"]);
  });
});

describe("taking a colleague's pass back", () => {
  it("revokes an approval only on a dismissal by its reviewer, the author or a manager", async () => {
    harness = await startHarness();
    const body = submissionBody("backend-2", "ws", "/websockets/ws", "production-patterns");
    const review = {
      reviewer: "bob",
      author: "alice",
      repo: TRAINING,
      number: 24,
      prBody: body,
      body: "",
    };
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 24,
        body,
        at: AT,
      }),
    );
    await harness.receive(reviewEvent({ ...review, state: "approved", reviewId: 2400, at: AT }));
    await harness.receive(
      pullRequestEvent({
        action: "closed",
        merged: true,
        author: "alice",
        repo: TRAINING,
        number: 24,
        body,
        at: "2026-11-25T11:00:00Z",
      }),
    );
    const passedOn = () => statusOf("alice", "2026-11-26T12:00:00Z").exercises[0]?.passedOn;
    expect(passedOn()).toBe("2026-11-25");
    // carol, with write access, dismisses bob's approval after the merge: nothing changes.
    await harness.receive(
      reviewDismissedEvent({ ...review, reviewId: 2400, at: AT, dismissedBy: "carol" }),
    );
    expect(kinds("alice")).not.toContain("exercise-dismissal");
    expect(passedOn()).toBe("2026-11-25");
    await harness.receive(
      reviewDismissedEvent({ ...review, reviewId: 2400, at: AT, dismissedBy: "dev-manager" }),
    );
    expect(kinds("alice")).toContain("exercise-dismissal");
    expect(passedOn()).toBeNull();
  });
});

describe("slipping a records edit past the records check", () => {
  const recordsPullRequest = (action: "synchronize" | "edited", sender: string) => {
    const event = pullRequestEvent({
      action: "opened",
      author: "dev-manager",
      repo: TRAINING,
      number: 25,
      body: "Fix",
      at: AT,
    });
    const payload = event.payload as {
      action: string;
      sender: { login: string; type: string };
      changes?: object;
    };
    payload.action = action;
    payload.sender.login = sender;
    payload.sender.type = "User";
    if (action === "edited")
      payload.changes = { base: { ref: { from: "scratch" }, sha: { from: "0".repeat(40) } } };
    return event;
  };
  const conclusions = () =>
    checkRuns().map((run) => (run.body as { conclusion: string }).conclusion);

  it("fails the check when a non-manager pushes a records edit onto a manager's pull request", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(25, ["records/alice.yml"]);
    await harness.receive(recordsPullRequest("synchronize", "alice"));
    expect(conclusions()).toEqual(["failure"]);
    expect(JSON.stringify(checkRuns()[0]?.body)).toContain(
      "records/ changed by @alice, who is not a manager",
    );
    await harness.receive(recordsPullRequest("synchronize", "dev-manager"));
    expect(conclusions()).toEqual(["failure", "success"]);
  });

  it("checks a pull request again when its base branch changes", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(25, ["records/alice.yml"]);
    const retargeted = recordsPullRequest("edited", "alice");
    (retargeted.payload as { pull_request: { user: { login: string } } }).pull_request.user.login =
      "alice";
    await harness.receive(retargeted);
    expect(conclusions()).toEqual(["failure"]);
  });
});

describe("forging evidence for someone else, through commits and edits", () => {
  it("credits a push to its sender, whoever the commits name as author, and a body edit to its editor", async () => {
    harness = await startHarness();
    await harness.receive(
      pushEvent({
        repo: GAME,
        sender: "alice",
        commits: [
          {
            sha: "a".repeat(40),
            author: "bob",
            message: "Fix ws\n\nuse context7 /websockets/ws",
            at: AT,
          },
        ],
      }),
    );
    await harness.receive(
      pullRequestEvent({
        action: "edited",
        author: "carol",
        sender: "dave",
        repo: GAME,
        number: 26,
        body: "use context7",
        previousBody: "",
        at: AT,
      }),
    );
    expect(harness.files()).toEqual(["alice.yml", "dave.yml"]);
  });
});

describe("breaking the run, through forms", () => {
  it("reads a 1 MB issue of repeated form headings and nested quotes as one form, in time", async () => {
    harness = await startHarness();
    const confirmation = renderSubmittedForm(
      readIssueForm("context7-confirmation.yml"),
      COMPLETE_CONFIRMATION,
    );
    const filler = `${">".repeat(10_000)}\n${"### Daily usage\n\n- [X] yes\n".repeat(30_000)}`;
    const body = `${confirmation}\n${filler}`.slice(0, 1_048_576);
    const started = Date.now();
    await harness.receive(
      issueOpenedEvent({ author: "alice", repo: TRAINING, number: 27, body, at: AT }),
    );
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(kinds("alice")).toEqual(["confirmation"]);
    expect(replies()).toHaveLength(1);
    expect(replies()[0]?.length).toBeLessThan(65_536);
  });
});

describe("breaking the run with the slowest text found", () => {
  it("checks a 1 MB submission of bare context7.com links and tool names within GitHub's 10 s", async () => {
    harness = await startHarness();
    const half = 524_288;
    const body = `Exercise: backend-2\n${"context7.com/".repeat(half / 13)}${"query-docs ".repeat(half / 11)}`;
    const started = Date.now();
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 28,
        body,
        at: AT,
      }),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(8_000);
    expect(kinds("alice").sort()).toEqual(["exercise-check", "usage"]);
    expect(checkRuns()).toHaveLength(1);
  });
});

describe("a command shown as an example", () => {
  it("runs no command in an indented code block, even a manager's", async () => {
    harness = await startHarness();
    await harness.receive(
      comment(
        "dev-manager",
        "Once the gates pass, a manager runs:\n\n    /context7 certify @alice\n\n\t/context7 final @alice 100",
        80,
      ),
    );
    expect(replies()).toEqual([]);
    expect(harness.files()).toEqual([]);
  });

  it("runs no command inside a fence that a different or shorter fence line seems to close", async () => {
    harness = await startHarness();
    for (const [index, body] of [
      "```\nexample\n~~~\n/context7 final @bob 100\n```",
      "````\n```\n/context7 final @bob 100\n```\n````",
    ].entries())
      await harness.receive(comment("dev-manager", body, 81 + index));
    expect(replies()).toEqual([]);
    expect(harness.files()).toEqual([]);
  });
});

describe("moving a colleague's pass to another exercise", () => {
  it("keeps the exercise a submission was checked for when a colleague rewrites its Exercise line before the merge", async () => {
    harness = await startHarness();
    const passing = submissionBody("backend-2", "ws", "/websockets/ws", "production-patterns");
    const rewritten = passing.replace("Exercise: backend-2", "Exercise: qa-playwright");
    const pr = { author: "alice", repo: TRAINING, number: 85 };
    await harness.receive(pullRequestEvent({ ...pr, action: "opened", body: passing, at: AT }));
    await harness.receive(
      reviewEvent({
        ...pr,
        reviewer: "bob",
        prBody: passing,
        body: "LGTM",
        state: "approved",
        reviewId: 8501,
        at: "2026-11-25T11:00:00Z",
      }),
    );
    // bob (write access) rewrites alice's line; his edit is not checked, so no new check.
    await harness.receive(
      pullRequestEvent({
        ...pr,
        action: "edited",
        sender: "bob",
        body: rewritten,
        previousBody: passing,
        at: "2026-11-25T12:00:00Z",
      }),
    );
    await harness.receive(
      pullRequestEvent({
        ...pr,
        action: "closed",
        merged: true,
        body: rewritten,
        at: "2026-11-25T13:00:00Z",
      }),
    );
    const passed = statusOf("alice", "2026-11-26T10:00:00Z")
      .exercises.filter((exercise) => exercise.passedOn !== null)
      .map((exercise) => exercise.exercise);
    expect(passed).toEqual(["backend-2"]);
  });
});

describe("merging or sharing where it does not count", () => {
  it("records no pass and no real-world application for a merge into a side branch", async () => {
    harness = await startHarness();
    const merge = (repo: string, number: number, body: string) => {
      const event = pullRequestEvent({
        action: "closed",
        merged: true,
        author: "alice",
        repo,
        number,
        body,
        at: AT,
      });
      (event.payload as { pull_request: { base: { ref: string } } }).pull_request.base.ref =
        "scratch";
      return event;
    };
    await harness.receive(merge(TRAINING, 80, "Exercise: backend-1\n\nDone."));
    await harness.receive(merge(GAME, 81, "use context7 for the ws docs"));
    expect(kinds("alice")).not.toContain("exercise-merged");
    expect(kinds("alice")).not.toContain("real-world");
  });

  it("records no discovery from a discoveries category in another repo", async () => {
    harness = await startHarness();
    await harness.receive(
      discussionEvent({
        author: "alice",
        repo: "acme/alice-scratch",
        title: "A discovery",
        body: "Found it.",
        category: "Context7 Discoveries",
        at: AT,
      }),
    );
    expect(kinds("alice")).not.toContain("discovery");
  });
});

describe("making yourself a manager", () => {
  const BEFORE = "b".repeat(40);
  const AFTER = "c".repeat(40);
  /** The sample config with alice made a manager and the knowledge threshold lowered. */
  const promoted = `${SAMPLE_CONFIG.replace(/^managers:.*$/m, "managers: [dev-manager, alice]")}\nthresholds:\n  knowledgeScore: 50\n`;
  /** alice pushes it straight to the default branch; the config before it is the sample's. */
  const push = (pusher: string) => {
    const event = configPushEvent(TRAINING, AFTER, AT);
    const payload = event.payload as { before: string; sender: { login: string } };
    payload.before = BEFORE;
    payload.sender.login = pusher;
    return event;
  };
  const commitComments = () =>
    harness.standIn.outbox.filter((request) => request.path.endsWith(`/commits/${AFTER}/comments`));

  it("fails the config check and puts the change to the managers, once", async () => {
    expect(promoted).toContain("managers: [dev-manager, alice]");
    expect(promoted).toContain("knowledgeScore: 50");
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    const event = push("alice");
    await harness.receive(event);
    // Redelivered: nothing more.
    await harness.receive(event);
    const runs = checkRuns();
    expect(runs).toHaveLength(1);
    const run = runs[0]?.body as {
      conclusion: string;
      output: { title: string; summary: string };
    };
    expect(run.conclusion).toBe("failure");
    expect(run.output.title).toBe("Changed by @alice, who is not a manager");
    expect(run.output.summary).toContain("- manager added: `alice`");
    expect(run.output.summary).toContain("- `thresholds.knowledgeScore`: `85` → `50`");
    const comments = commitComments();
    expect(comments).toHaveLength(1);
    expect((comments[0]?.body as { body?: string } | undefined)?.body).toMatch(
      /^@dev-manager: @alice pushed a change to `\.github\/context7-training\.yml` and is not one of the programme's managers/,
    );
  });

  /** The one config check run's conclusion, title and summary, and the commit comments. */
  const outcome = () => {
    const runs = checkRuns().map(
      (run) => run.body as { conclusion: string; output: { title: string; summary: string } },
    );
    const comments = commitComments().map((request) => (request.body as { body: string }).body);
    return { runs, comments };
  };

  it("judges a deletion, and a repair after it by the last valid config", async () => {
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    harness.standIn.configAtRef.set(AFTER, null);
    const deletion = push("alice");
    const commit = (deletion.payload as { commits: { modified: string[]; removed: string[] }[] })
      .commits[0];
    if (commit === undefined) throw new Error("the push has no commit");
    commit.modified = [];
    commit.removed = [".github/context7-training.yml"];
    await harness.receive(deletion);
    expect(outcome().runs.map((run) => [run.conclusion, run.output.title])).toEqual([
      ["failure", "Changed by @alice, who is not a manager"],
    ]);
    expect(outcome().comments).toHaveLength(1);
    expect(outcome().comments[0]).toContain("is now invalid, a link or gone");

    // Then she puts it back with herself a manager: the config before this push is missing,
    // so the change is judged by the last valid one, before her deletion.
    await harness.stop();
    const REPAIR = "e".repeat(40);
    const EARLIER = "a".repeat(40);
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(AFTER, null);
    harness.standIn.configAtRef.set(EARLIER, SAMPLE_CONFIG);
    harness.standIn.configCommits.push({ sha: AFTER, parents: [{ sha: EARLIER }] });
    const repair = configPushEvent(TRAINING, REPAIR, AT);
    const payload = repair.payload as { before: string; sender: { login: string } };
    payload.before = AFTER;
    payload.sender.login = "alice";
    await harness.receive(repair);
    const { runs, comments } = outcome();
    expect(runs.map((run) => [run.conclusion, run.output.title])).toEqual([
      ["failure", "Changed by @alice, who is not a manager"],
    ]);
    expect(runs[0]?.output.summary).toContain("- manager added: `alice`");
    expect(comments).toEqual([]); // The comment is on the repair's commit:
    expect(
      harness.standIn.outbox.filter((r) => r.path.endsWith(`/commits/${REPAIR}/comments`)),
    ).toHaveLength(1);
    expect(runs[0]?.output.summary).toContain(
      `git checkout ${EARLIER.slice(0, 7)} -- .github/context7-training.yml`,
    );
  });

  it("judges a force push whose commits do not name the config, and leaves one that did not change it", async () => {
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    // Reset to an old commit with her config, plus a commit of her own on top.
    const forced = push("alice");
    const commits = (forced.payload as { commits: { modified: string[] }[] }).commits;
    for (const commit of commits) commit.modified = ["README.md"];
    Object.assign(forced.payload as object, { forced: true });
    await harness.receive(forced);
    expect(outcome().runs.map((run) => run.conclusion)).toEqual(["failure"]);
    expect(outcome().comments).toHaveLength(1);

    // A reset listing no commit at all.
    await harness.stop();
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    const reset = push("alice");
    Object.assign(reset.payload as object, { forced: true, commits: [], head_commit: null });
    await harness.receive(reset);
    expect(outcome().runs.map((run) => run.conclusion)).toEqual(["failure"]);

    await harness.stop();
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(BEFORE, promoted);
    const unchanged = push("alice");
    Object.assign(unchanged.payload as object, { forced: true, commits: [], head_commit: null });
    await harness.receive(unchanged);
    expect(outcome()).toEqual({ runs: [], comments: [] });
  });

  it("still fails the check and tells the managers when the change is padded to hide it", async () => {
    const padding = Array.from(
      { length: 2000 },
      (_, index) => `  - { login: dummy-${index}, role: backend, start: 2026-11-23 }`,
    ).join("\n");
    const padded = promoted.replace(/^roster:\n/m, `roster:\n${padding}\n`);
    harness = await startHarness(padded);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    await harness.receive(push("alice"));
    const { runs, comments } = outcome();
    expect(runs.map((run) => run.conclusion)).toEqual(["failure"]);
    // GitHub refuses a check run summary or a comment over 65,535 characters.
    expect(runs[0]?.output.summary.length).toBeLessThan(65_536);
    expect(comments[0]?.length).toBeLessThan(65_536);
    expect(runs[0]?.output.summary).toContain("- manager added: `alice`");
    expect(runs[0]?.output.summary).toContain("- `thresholds.knowledgeScore`: `85` → `50`");
    expect(runs[0]?.output.summary).toContain("- … and 1980 more developers added (2000 in all)");
  });

  it("fails closed when none of the config's last versions is valid to judge by", async () => {
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(BEFORE, "managers: [");
    // Five pushes of broken versions before: each change's parent holds a broken one too.
    for (let index = 0; index < 5; index++) {
      const sha = String(index).repeat(40);
      const parent = String(index + 1).repeat(40);
      harness.standIn.configCommits.push({ sha, parents: [{ sha: parent }] });
      harness.standIn.configAtRef.set(parent, "managers: [");
    }
    harness.standIn.configAtRef.set("6".repeat(40), SAMPLE_CONFIG);
    await harness.receive(push("alice"));
    const { runs, comments } = outcome();
    expect(runs.map((run) => [run.conclusion, run.output.title])).toEqual([
      ["failure", "Changed by @alice; no valid config before it to judge by"],
    ]);
    // The managers named now are told (alice, who named herself, aside).
    expect(comments[0]).toMatch(/^@dev-manager: @alice pushed a change/);
  });

  it("keeps each problem's annotation short, so a huge key cannot stop the check", async () => {
    harness = await startHarness(`${SAMPLE_CONFIG}\n${"k".repeat(70_000)}: 1\n`);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    await harness.receive(push("alice"));
    const run = checkRuns()[0]?.body as {
      output: { summary: string; annotations: { message: string }[] };
    };
    expect(run.output.annotations.length).toBeGreaterThan(0);
    for (const annotation of run.output.annotations)
      expect(annotation.message.length).toBeLessThanOrEqual(1_000);
    expect(run.output.summary.length).toBeLessThan(65_536);
    expect(outcome().comments).toHaveLength(1);
  });

  it("fails the check for a symbolic link in the config's place, and records nothing while it is there", async () => {
    harness = await startHarness();
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    harness.standIn.configLinks.set(AFTER, "docs/x.yml");
    await harness.receive(push("alice"));
    const { runs, comments } = outcome();
    expect(runs.map((run) => run.conclusion)).toEqual(["failure"]);
    expect(runs[0]?.output.summary).toContain("It points to `docs/x.yml`");
    expect(comments).toHaveLength(1);
    // The default branch's config is the link now: a delivery is answered, nothing recorded.
    harness.standIn.configLinks.set("", "docs/x.yml");
    await harness.receive(
      comment("alice", 'query-docs "/facebook/react" topic: "hooks"', 91, GAME),
    );
    expect(harness.files()).toEqual([]);
  });

  it("names every setting a non-manager changed, not only managers and thresholds", async () => {
    harness = await startHarness(`${SAMPLE_CONFIG}\ndeadlines:\n  knowledge: 5\n`);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    await harness.receive(push("alice"));
    expect(outcome().runs[0]?.output.summary).toContain("- `deadlines.knowledge`: `3` → `5`");
  });

  it("lets a manager of the config before the push change it, without a word to anyone", async () => {
    harness = await startHarness(promoted);
    harness.standIn.configAtRef.set(BEFORE, SAMPLE_CONFIG);
    await harness.receive(push("dev-manager"));
    expect(checkRuns().map((run) => (run.body as { conclusion: string }).conclusion)).toEqual([
      "success",
    ]);
    expect(commitComments()).toEqual([]);
  });
});
