/**
 * Writes test/fixtures/scenario/events.ndjson: two weeks of a four-developer programme as
 * webhook deliveries, built from GitHub's example payloads (`npx tsx scripts/make-scenario.ts`).
 * The expected outcome at Friday 2026-12-04 17:00 UTC (Day 12) is in the scenario test.
 *
 * It also writes test/fixtures/scenario/kpi-facts/: the facts the scheduled run fetches
 * for the KPIs (alice's and bob's baseline PRs, the library-usage bugs in records/_team.yml),
 * as it would have recorded them on Day 1.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { parseConfig } from "../src/core/config.js";
import type { WebhookEvent } from "../src/core/events.js";
import type { Evidence } from "../src/core/evidence.js";
import { evaluate } from "../src/core/gates.js";
import { trackerIssueBody } from "../src/core/plan-trackers.js";
import { serializeRecord } from "../src/core/records.js";
import type { DeveloperStatus } from "../src/core/status.js";
import { issueEditedEvent, issueOpenedEvent } from "../test/support/issue-events.js";
import {
  COMPLETE_CONFIRMATION,
  readIssueForm,
  renderSubmittedForm,
} from "../test/support/issue-forms.js";
import { renderScenarioReport, SCENARIO_REPORT } from "../test/support/scenario-report.js";
import {
  discussionEvent,
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewCommentEvent,
  reviewEvent,
  submissionBody,
} from "../test/support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const events: WebhookEvent[] = [];
let reviewId = 8000;
let commentId = 9000;
let sha = 0;
const nextSha = () => (++sha).toString(16).padStart(40, "0");

const WEEK1 = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"];
const WEEK2 = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"];

function command(body: string, at: string, author = "dev-manager", issueNumber = 1) {
  events.push(
    issueCommentEvent({ author, repo: TRAINING, body, at, commentId: ++commentId, issueNumber }),
  );
}

/** A passed submission: opened, approved by the manager, merged. */
function passedSubmission(
  author: string,
  exercise: [string, string, string, string],
  pr: number,
  day: string,
  changesRequestedFirst = false,
) {
  const body = submissionBody(...exercise);
  if (changesRequestedFirst) {
    events.push(
      reviewEvent({
        reviewer: "dev-manager",
        author,
        repo: TRAINING,
        number: pr,
        prBody: body,
        body: "Please pin the version you looked up.",
        state: "changes_requested",
        reviewId: ++reviewId,
        at: `${day}T10:00:00Z`,
      }),
    );
  }
  events.push(
    pullRequestEvent({
      action: "opened",
      author,
      repo: TRAINING,
      number: pr,
      body,
      at: `${day}T08:00:00Z`,
    }),
  );
  events.push(
    reviewEvent({
      reviewer: "dev-manager",
      author,
      repo: TRAINING,
      number: pr,
      prBody: body,
      body: "Looks good.",
      state: "approved",
      reviewId: ++reviewId,
      at: `${day}T12:00:00Z`,
    }),
  );
  events.push(
    pullRequestEvent({
      action: "closed",
      author,
      repo: TRAINING,
      number: pr,
      body,
      merged: true,
      at: `${day}T13:00:00Z`,
    }),
  );
}

// alice: a review citing Context7 every workday, three passed exercises, a real-world PR,
// a discovery, a knowledge check of 92 and a final score of 90.
[...WEEK1, ...WEEK2].forEach((day, index) => {
  const id = ++reviewId;
  events.push(
    reviewCommentEvent({
      reviewer: "alice",
      author: "bob",
      repo: GAME,
      number: 400 + index,
      body: `Per query-docs "/facebook/react" topic: "hooks", this effect needs a cleanup.${index % 3 === 0 ? "\n\nContext7 saved: 45m" : ""}`,
      reviewId: id,
      commentId: ++commentId,
      at: `${day}T09:30:00Z`,
    }),
  );
});
command("/context7 knowledge @alice 92", "2026-11-24T14:00:00Z");
passedSubmission(
  "alice",
  ["backend-1", "hathora", "/hathora/server-sdk", "lobby-advanced"],
  11,
  "2026-11-25",
);
passedSubmission(
  "alice",
  ["backend-2", "ws", "/websockets/ws", "production-patterns"],
  12,
  "2026-11-26",
);
passedSubmission("alice", ["backend-3", "node", "/nodejs/node", "performance"], 13, "2026-11-27");
events.push(
  pullRequestEvent({
    action: "closed",
    author: "alice",
    repo: GAME,
    number: 501,
    body: "Lobby regions, built with mcp__context7__query-docs on /hathora/server-sdk.",
    merged: true,
    at: "2026-11-27T16:00:00Z",
  }),
);
events.push(
  discussionEvent({
    author: "alice",
    repo: TRAINING,
    title: "A narrow topic beats a broad one",
    body: 'query-docs "/websockets/ws" topic: "heartbeat" answers in one page.',
    category: "Context7 Discoveries",
    at: "2026-11-26T15:00:00Z",
    id: 4001,
  }),
);
command("/context7 final @alice 90", "2026-12-03T15:00:00Z");
// alice ticks "training guide read" in the tracker issue the scheduled run opened on Day 1,
// confirms her commitments with the form on Thursday, and is certified on Friday.
const sample = parseConfig(readFileSync("test/fixtures/sample-team/config.yml", "utf8"));
if (!sample.ok) throw new Error("the sample config is invalid");
const aliceOnDay1 = evaluate(sample.value, [], "2026-11-23T06:00:00Z")
  .developers[0] as DeveloperStatus;
const tracker = trackerIssueBody(aliceOnDay1, sample.value, null, "2026-11-23");
events.push(
  issueEditedEvent({
    author: "github-actions[bot]",
    editor: "alice",
    repo: TRAINING,
    number: 50,
    title: "Context7 training tracker: alice",
    previousBody: tracker,
    body: tracker.replace(
      "- [ ] Training guide read and acknowledged",
      "- [x] Training guide read and acknowledged",
    ),
    at: "2026-11-23T15:00:00Z",
    createdAt: "2026-11-23T06:00:00Z",
  }),
);
events.push(
  issueOpenedEvent({
    author: "alice",
    repo: TRAINING,
    number: 60,
    title: "[Context7 confirmation] Alice Schmidt",
    body: renderSubmittedForm(readIssueForm("context7-confirmation.yml"), COMPLETE_CONFIRMATION),
    at: "2026-12-03T16:00:00Z",
  }),
);
command("/context7 certify @alice", "2026-12-04T16:00:00Z", "dev-manager", 60);

// bob: commits citing Context7 until Tuesday of week 2, then silence (two idle workdays).
for (const day of [...WEEK1, "2026-11-30", "2026-12-01"]) {
  events.push(
    pushEvent({
      repo: GAME,
      commits: [
        {
          sha: nextSha(),
          author: "bob",
          message:
            day === "2026-11-24"
              ? "feat: memoised renderer (use context7: /facebook/react)\n\nContext7 saved: 1h30m"
              : day === "2026-12-01"
                ? // The usage bridge's trailers: lookups made in the editor (docs/usage-bridge.md).
                  "feat: memoised list rows\n\nContext7-Used: resolve-library-id react window\nContext7-Used: query-docs /facebook/react memo"
                : "feat: memoised renderer (use context7: /facebook/react)",
          at: `${day}T10:00:00Z`,
        },
      ],
    }),
  );
}
command("/context7 knowledge @bob 88", "2026-11-25T09:00:00Z");
// bob's confirmation form: a second training feedback, with text that must stay plain.
events.push(
  issueOpenedEvent({
    author: "bob",
    repo: TRAINING,
    number: 61,
    title: "[Context7 confirmation] bob",
    body: renderSubmittedForm(readIssueForm("context7-confirmation.yml"), {
      ...COMPLETE_CONFIRMATION,
      "worked-well": "Pairing on the <Profiler> | exercise with @mentor",
      improve: "More TypeScript examples.",
      resources: "A guide to React 19 compiler",
      difficulty: "4 - hard",
    }),
    at: "2026-12-02T16:00:00Z",
  }),
);
passedSubmission(
  "bob",
  ["frontend-1", "react", "/facebook/react", "performance"],
  21,
  "2026-11-24",
);
passedSubmission(
  "bob",
  ["frontend-2", "typescript", "/microsoft/typescript", "advanced-types"],
  22,
  "2026-11-25",
  true,
);
passedSubmission("bob", ["frontend-3", "web-apis", "/mdn/web-docs", "real-time"], 23, "2026-11-26");
events.push(
  pullRequestEvent({
    action: "closed",
    author: "bob",
    repo: GAME,
    number: 510,
    body: "Typed actions, per context7.com/microsoft/typescript",
    merged: true,
    at: "2026-11-26T17:00:00Z",
  }),
);

// carol: on leave Thursday and Friday of week 1, which moves her Day 7 to Tuesday; her
// knowledge check (80) missed Day 3; one submission names an exercise that does not exist.
command("/context7 leave @carol 2026-11-26 2026-11-27", "2026-11-24T16:00:00Z");
command("/context7 knowledge @carol 80", "2026-11-24T15:00:00Z");
for (const day of ["2026-11-23", "2026-11-24", "2026-11-25", ...WEEK2]) {
  events.push(
    issueCommentEvent({
      author: "carol",
      repo: GAME,
      body: "Checked with use context7 before changing the Playwright config.",
      at: `${day}T11:00:00Z`,
      commentId: ++commentId,
    }),
  );
}
passedSubmission(
  "carol",
  ["qa-playwright", "playwright", "/microsoft/playwright", "visual-testing"],
  31,
  "2026-11-25",
);
events.push(
  pullRequestEvent({
    action: "opened",
    author: "carol",
    repo: TRAINING,
    number: 30,
    body: "Exercise: qa-cypress",
    at: "2026-11-25T07:00:00Z",
  }),
);
passedSubmission(
  "carol",
  ["frontend-1", "react", "/facebook/react", "performance"],
  32,
  "2026-11-30",
);
passedSubmission(
  "carol",
  ["frontend-2", "typescript", "/microsoft/typescript", "advanced-types"],
  33,
  "2026-12-01",
);
events.push(
  pullRequestEvent({
    action: "closed",
    author: "carol",
    repo: GAME,
    number: 520,
    body: "Screenshot diffs per get-library-docs /microsoft/playwright",
    merged: true,
    at: "2026-11-30T16:00:00Z",
  }),
);

// dave: two failed attempts at backend-1 use up his retest; his 23:30 UTC commit on Tuesday
// is Wednesday in Berlin; then silence.
command("/context7 knowledge @dave 90", "2026-11-23T16:00:00Z");
events.push(
  issueCommentEvent({
    author: "dave",
    repo: GAME,
    body: "context7.com/prisma/prisma says so",
    at: "2026-11-23T12:00:00Z",
    commentId: ++commentId,
  }),
);
events.push(
  issueCommentEvent({
    author: "dave",
    repo: GAME,
    body: "use context7",
    at: "2026-11-24T10:00:00Z",
    commentId: ++commentId,
  }),
);
events.push(
  pushEvent({
    repo: GAME,
    commits: [
      {
        sha: nextSha(),
        author: "dave",
        message: "fix: per ctx7 docs /prisma/prisma",
        at: "2026-11-24T23:30:00Z",
      },
    ],
  }),
);
for (const [pr, day] of [
  [41, "2026-11-25"],
  [42, "2026-11-27"],
] as const) {
  const body = 'Exercise: backend-1\n\nresolve-library-id: "hathora"';
  events.push(
    pullRequestEvent({
      action: "opened",
      author: "dave",
      repo: TRAINING,
      number: pr,
      body,
      at: `${day}T08:00:00Z`,
    }),
  );
  events.push(
    pullRequestEvent({
      action: "closed",
      author: "dave",
      repo: TRAINING,
      number: pr,
      body,
      at: `${day}T10:00:00Z`,
    }),
  );
}

// Someone not on the roster: ignored, and refused when trying a command.
events.push(
  issueCommentEvent({
    author: "mallory",
    repo: GAME,
    body: "use context7",
    at: "2026-11-24T12:00:00Z",
    commentId: ++commentId,
  }),
);
command("/context7 knowledge @mallory 100", "2026-11-24T12:05:00Z", "mallory");

// Merged PRs outside the training repo: lead times from their opening (review rounds come
// from the stand-in, which keeps no reviews: none).
const OPENED: Record<number, string> = {
  501: "2026-11-26T09:00:00Z",
  510: "2026-11-25T15:00:00Z",
  520: "2026-11-27T10:00:00Z",
};
for (const event of events) {
  // biome-ignore lint/suspicious/noExplicitAny: a GitHub payload.
  const pr = (event.payload as any).pull_request;
  if (event.name === "pull_request" && OPENED[pr?.number] !== undefined)
    pr.created_at = OPENED[pr.number];
}
for (const [author, number, opened, merged] of [
  ["alice", 502, "2026-11-30T09:00:00Z", "2026-12-01T11:00:00Z"],
  ["alice", 503, "2026-12-02T09:00:00Z", "2026-12-02T17:00:00Z"],
  ["bob", 511, "2026-11-23T10:00:00Z", "2026-11-24T12:00:00Z"],
  ["bob", 512, "2026-11-30T09:00:00Z", "2026-12-01T09:00:00Z"],
] as const) {
  const event = pullRequestEvent({
    action: "closed",
    author,
    repo: GAME,
    number,
    body: "Refactor the lobby timers.",
    merged: true,
    at: merged,
  });
  // biome-ignore lint/suspicious/noExplicitAny: a GitHub payload.
  (event.payload as any).pull_request.created_at = opened;
  events.push(event);
}

events.sort((a, b) => eventTime(a).localeCompare(eventTime(b)));
// GitHub may deliver twice: the second delivery of alice's first review comment.
events.push(
  structuredClone(
    events.find((event) => event.name === "pull_request_review_comment") as WebhookEvent,
  ),
);

function eventTime(event: WebhookEvent): string {
  // biome-ignore lint/suspicious/noExplicitAny: payload fields differ by event.
  const p = event.payload as any;
  return (
    p.review?.submitted_at ??
    p.comment?.created_at ??
    p.discussion?.created_at ??
    p.head_commit?.timestamp ??
    (p.action === "closed" ? p.pull_request?.closed_at : p.pull_request?.updated_at) ??
    p.issue?.updated_at ??
    ""
  );
}

writeFileSync(
  "test/fixtures/scenario/events.ndjson",
  `${events.map((event) => JSON.stringify(event)).join("\n")}\n`,
);
console.log(`wrote ${events.length} events to test/fixtures/scenario/events.ndjson`);

// The scheduled run's facts on Day 1 (2026-11-23 06:00 UTC): baselines of the four weeks
// before Day 1 (2026-10-26 to 2026-11-22), and the library-usage bugs since then.
const FETCHED_AT = "2026-11-23T06:00:00Z";
const baselinePr = (login: string, n: number, opened: string, hours: number, rounds: number) => ({
  id: `merged-pr-PR_base_${login}_${n}`,
  kind: "merged-pr" as const,
  at: new Date(Date.parse(opened) + hours * 3_600_000).toISOString().replace(".000Z", "Z"),
  repo: GAME,
  pr: n,
  opened,
  changesRequested: rounds,
  url: `https://github.com/${GAME}/pull/${n}`,
});
const baselineFact = (login: string, count: number) => ({
  id: `baseline-${login}-2026-10-26`,
  kind: "baseline" as const,
  at: FETCHED_AT,
  from: "2026-10-26",
  to: "2026-11-22",
  pullRequests: count,
  truncated: false,
});
const kpiFacts: Record<string, Evidence[]> = {
  alice: [
    baselinePr("alice", 301, "2026-10-27T09:00:00Z", 50, 2),
    baselinePr("alice", 305, "2026-11-03T09:00:00Z", 30, 1),
    baselinePr("alice", 312, "2026-11-12T09:00:00Z", 40, 1),
    baselineFact("alice", 3),
  ],
  bob: [
    baselinePr("bob", 302, "2026-10-28T10:00:00Z", 28, 1),
    baselinePr("bob", 308, "2026-11-05T10:00:00Z", 56, 2),
    baselinePr("bob", 315, "2026-11-17T10:00:00Z", 26, 0),
    baselineFact("bob", 3),
  ],
  carol: [baselineFact("carol", 0)],
  dave: [baselineFact("dave", 0)],
  _team: [
    {
      id: "bug-search-library-usage-2026-10-26",
      kind: "bug-search",
      at: FETCHED_AT,
      from: "2026-10-26",
      label: "library-usage",
    },
    ...[
      "2026-10-27T08:00:00Z",
      "2026-10-29T13:00:00Z",
      "2026-11-02T09:30:00Z",
      "2026-11-06T16:00:00Z",
      "2026-11-10T11:00:00Z",
      "2026-11-13T10:00:00Z",
      "2026-11-18T15:00:00Z",
      "2026-11-20T09:00:00Z",
      // The programme's one bug so far.
      "2026-12-01T14:00:00Z",
    ].map((at, index) => ({
      id: `library-bug-I_bug_${index + 1}`,
      kind: "library-bug" as const,
      at,
      repo: GAME,
      issue: 600 + index,
      label: "library-usage",
      url: `https://github.com/${GAME}/issues/${600 + index}`,
    })),
  ],
};
mkdirSync("test/fixtures/scenario/kpi-facts", { recursive: true });
for (const [login, evidence] of Object.entries(kpiFacts)) {
  writeFileSync(
    `test/fixtures/scenario/kpi-facts/${login}.yml`,
    serializeRecord({ version: 1, login, evidence }),
  );
}
console.log("wrote the scheduled run's KPI facts to test/fixtures/scenario/kpi-facts/");

// The weekly report of Friday 2026-12-04 for the replayed scenario: the committed example.
writeFileSync(SCENARIO_REPORT, await renderScenarioReport());
console.log(`wrote ${SCENARIO_REPORT}`);
