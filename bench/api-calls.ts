/**
 * API calls the App makes per delivery, by event type (reads are GETs, writes the rest),
 * counted on the loopback stand-in once the config is cached. Irrelevant events cost none.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/core/config.js";
import type { WebhookEvent } from "../src/core/events.js";
import { QUIZ_QUESTIONS } from "../src/core/quiz.js";
import { serializeRecord } from "../src/core/records.js";
import { startOfflineApp } from "../src/local/replay.js";
import { readyForCertification, record } from "../test/support/builders.js";
import { issueEditedEvent, issueOpenedEvent } from "../test/support/issue-events.js";
import {
  COMPLETE_CONFIRMATION,
  readIssueForm,
  renderSubmittedForm,
} from "../test/support/issue-forms.js";
import {
  discussionEvent,
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewCommentEvent,
  reviewEvent,
} from "../test/support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const CITING = 'Per query-docs "/facebook/react" topic: "hooks".';
const AT = "2026-11-24T10:00:00Z";
const SUBMISSION = `Exercise: backend-2\nresolve-library-id: "ws"\nquery-docs: "/websockets/ws", topic: "production-patterns"\n## Best practices\n- a\n- b\n- c\n## Tests\nyes`;

const CASES: [string, WebhookEvent][] = [
  [
    "review citing Context7 (usage + review reference)",
    reviewEvent({
      reviewer: "alice",
      author: "bob",
      repo: GAME,
      body: CITING,
      reviewId: 1,
      at: AT,
    }),
  ],
  [
    "review comment citing Context7",
    reviewCommentEvent({
      reviewer: "alice",
      author: "bob",
      repo: GAME,
      body: CITING,
      reviewId: 2,
      commentId: 2,
      at: AT,
    }),
  ],
  [
    "issue comment citing Context7",
    issueCommentEvent({ author: "bob", repo: GAME, body: CITING, at: AT, commentId: 3 }),
  ],
  [
    "commit citing Context7 (push)",
    pushEvent({
      repo: GAME,
      commits: [{ sha: "a".repeat(40), author: "bob", message: "use context7", at: AT }],
    }),
  ],
  [
    "exercise submission opened (usage + check run; its files listed for the records guard)",
    pullRequestEvent({
      action: "opened",
      author: "carol",
      repo: TRAINING,
      number: 5,
      body: SUBMISSION,
      at: AT,
    }),
  ],
  [
    "PR in the training repo editing records/ by hand (Context7 records check)",
    pullRequestEvent({ action: "opened", author: "bob", repo: TRAINING, number: 9, at: AT }),
  ],
  [
    "submission approved",
    reviewEvent({
      reviewer: "dev-manager",
      author: "carol",
      repo: TRAINING,
      number: 5,
      prBody: SUBMISSION,
      body: "",
      state: "approved",
      reviewId: 4,
      at: AT,
    }),
  ],
  [
    "submission merged",
    pullRequestEvent({
      action: "closed",
      author: "carol",
      repo: TRAINING,
      number: 5,
      body: SUBMISSION,
      merged: true,
      at: AT,
    }),
  ],
  [
    "PR merged elsewhere by a developer (review rounds and lead time for the KPIs)",
    pullRequestEvent({
      action: "closed",
      author: "bob",
      repo: GAME,
      number: 77,
      body: "Faster renderer.",
      merged: true,
      at: AT,
    }),
  ],
  [
    "discovery discussion",
    discussionEvent({
      author: "dave",
      repo: TRAINING,
      title: "Tip",
      body: "topics",
      category: "Context7 Discoveries",
      at: AT,
      id: 6,
    }),
  ],
  [
    "manager command (record + reply)",
    issueCommentEvent({
      author: "dev-manager",
      repo: TRAINING,
      body: "/context7 knowledge @dave 90",
      at: AT,
      commentId: 7,
    }),
  ],
  [
    "confirmation form opened (record + reply)",
    issueOpenedEvent({
      author: "bob",
      repo: TRAINING,
      number: 20,
      body: renderSubmittedForm(readIssueForm("context7-confirmation.yml"), COMPLETE_CONFIRMATION),
      at: AT,
    }),
  ],
  [
    "knowledge-check quiz graded (record + reply + close)",
    issueOpenedEvent({
      author: "bob",
      repo: TRAINING,
      number: 21,
      body: renderSubmittedForm(readIssueForm("context7-knowledge-check.yml"), { q1: "A" }),
      at: AT,
    }),
  ],
  [
    "tracker box ticked by its developer",
    issueEditedEvent({
      author: "github-actions[bot]",
      editor: "bob",
      repo: TRAINING,
      number: 22,
      previousBody:
        '- [ ] Trainer session attended\n<!-- context7-training:tracker {"login":"bob"} -->',
      body: '- [x] Trainer session attended\n<!-- context7-training:tracker {"login":"bob"} -->',
      at: AT,
    }),
  ],
  [
    "certify (status read, registry, record, credential, reply, confirmation closed)",
    issueCommentEvent({
      author: "dev-manager",
      repo: TRAINING,
      body: "/context7 certify @alice",
      at: "2026-12-04T15:00:00Z",
      commentId: 10,
    }),
  ],
  [
    "the same review delivered again",
    reviewEvent({
      reviewer: "alice",
      author: "bob",
      repo: GAME,
      body: CITING,
      reviewId: 1,
      at: AT,
    }),
  ],
  [
    "comment without Context7 (irrelevant)",
    issueCommentEvent({ author: "bob", repo: GAME, body: "LGTM", at: AT, commentId: 8 }),
  ],
  [
    "comment by someone off the roster",
    issueCommentEvent({ author: "mallory", repo: GAME, body: CITING, at: AT, commentId: 9 }),
  ],
  ["star, label and other events", { name: "star", id: "x", payload: { action: "created" } }],
];

export async function apiCallsPerEvent(): Promise<
  { event: string; reads: number; writes: number }[]
> {
  const configText = readFileSync("test/fixtures/sample-team/config.yml", "utf8");
  const parsed = parseConfig(configText);
  if (!parsed.ok) throw new Error("sample config does not parse");
  const recordsDir = mkdtempSync(join(tmpdir(), "c7-bench-"));
  // alice meets every prerequisite of certification, so the certify case issues one.
  writeFileSync(
    join(recordsDir, "alice.yml"),
    serializeRecord(
      record("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7)),
    ),
  );
  // A made-up answer key, so the quiz is graded as in production.
  const quizKey = QUIZ_QUESTIONS.filter((question) => question.letters !== null)
    .map((question) => `${question.id}=A`)
    .join(",");
  const app = await startOfflineApp({
    config: parsed.value,
    configText,
    recordsDir,
    logLevel: "silent",
    env: { CONTEXT7_QUIZ_KEY: quizKey },
  });
  // The hand edit's PR changes a record (the stand-in lists these files for it).
  app.standIn.pullFiles.set(9, ["records/bob.yml"]);
  try {
    // Warm the config cache, as a running App has it.
    await app.receive(
      issueCommentEvent({ author: "erin", repo: GAME, body: CITING, at: AT, commentId: 1 }),
    );
    const rows = [];
    for (const [event, delivery] of CASES) {
      const before = app.standIn.counts();
      await app.receive(delivery);
      const after = app.standIn.counts();
      rows.push({ event, reads: after.reads - before.reads, writes: after.writes - before.writes });
    }
    return rows;
  } finally {
    await app.stop();
  }
}
