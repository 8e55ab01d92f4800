/**
 * The webhook boundary (src/app/payloads.ts): every payload the App handles is checked
 * before a handler reads it. Bad payloads are GitHub's own examples with one field broken;
 * GitHub is nock with no interceptor at all, so any read or write fails the delivery.
 */
import { createRequire } from "node:module";
import nock from "nock";
import pino from "pino";
import { Probot } from "probot";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/index.js";
import { PAYLOAD_SCHEMAS, payloadProblems } from "../../src/app/payloads.js";
import type { WebhookEvent } from "../../src/core/events.js";
import { trainingOctokit } from "../../src/github/octokit.js";
import { issueOpenedEvent } from "../support/issue-events.js";
import {
  COMPLETE_CONFIRMATION,
  readIssueForm,
  renderSubmittedForm,
} from "../support/issue-forms.js";
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

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const AT = "2026-11-24T10:00:00Z";
const CITING = 'Per query-docs "/facebook/react" topic: "hooks".';
// biome-ignore lint/suspicious/noExplicitAny: payloads are broken field by field.
type Payload = any;

describe("the payload schemas", () => {
  it("accept every one of GitHub's example payloads of the events the App handles", () => {
    const examples = (
      createRequire(import.meta.url)("@octokit/webhooks-examples") as {
        name: string;
        examples: unknown[];
      }[]
    ).filter((group) => group.name in PAYLOAD_SCHEMAS);
    expect(examples.map((group) => group.name).sort()).toEqual(Object.keys(PAYLOAD_SCHEMAS).sort());
    for (const group of examples)
      for (const payload of group.examples) expect(payloadProblems(group.name, payload)).toBeNull();
  });

  it("leave events the App does not handle alone", () => {
    expect(payloadProblems("installation", {})).toBeNull();
  });

  it("report each wrong field with its path and what was wrong", () => {
    const payload = example("pull_request_review", "submitted");
    payload.review.submitted_at = "yesterday";
    payload.review.user = null;
    payload.pull_request.number = "1";
    delete payload.repository;
    expect(payloadProblems("pull_request_review", payload)).toEqual([
      "payload.review.user: expected object, received null",
      'payload.review.submitted_at: must be an ISO 8601 timestamp such as 2026-11-24T10:00:00Z, not "yesterday"',
      "payload.pull_request.number: expected number, received string",
      "payload.repository: expected object, received nothing",
    ]);
  });

  it("refuse timestamps that are not instants, and accept GitHub's offsets and fractions", () => {
    const problem = (at: unknown) => {
      const payload = example("issue_comment", "created");
      payload.comment.created_at = at;
      return payloadProblems("issue_comment", payload);
    };
    for (const at of [
      "2026-11-24",
      "2026-11-24 10:00:00",
      "2026-11-24T25:00:00Z",
      "",
      1_700_000_000,
    ])
      expect(problem(at)?.[0]).toMatch(/^payload\.comment\.created_at: must be .*timestamp/);
    for (const at of [
      "2026-11-24T10:00:00Z",
      "2026-11-24T10:00:00.123Z",
      "2026-11-24T10:00:00-05:00",
    ])
      expect(problem(at)).toBeNull();
  });
});

describe("a delivery whose payload is malformed", () => {
  const lines: { level: string; msg: string }[] = [];
  const attempted: string[] = [];
  let probot: Probot;
  const onNoMatch = (request: { method: string; path: string }) =>
    void attempted.push(`${request.method} ${request.path}`);

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.emitter.on("no match", onNoMatch);
    probot = new Probot({
      githubToken: "test",
      Octokit: trainingOctokit({ throttle: false, retries: 0 }),
      log: pino(
        { level: "info", formatters: { level: (label) => ({ level: label }) } },
        {
          write(line: string) {
            const { level, msg } = JSON.parse(line);
            lines.push({ level, msg });
          },
        },
      ),
    });
    await probot.load(createApp({ trainingRepo: TRAINING, writeSpacingMs: 0 }));
  });
  afterAll(() => {
    nock.emitter.off("no match", onNoMatch);
    nock.enableNetConnect();
  });
  beforeEach(() => {
    lines.length = 0;
    attempted.length = 0;
  });

  const receive = (event: WebhookEvent) =>
    probot.receive(event as Parameters<Probot["receive"]>[0]);

  const confirmation = () =>
    issueOpenedEvent({
      author: "alice",
      repo: TRAINING,
      body: renderSubmittedForm(readIssueForm("context7-confirmation.yml"), COMPLETE_CONFIRMATION),
      at: AT,
    });

  // Each is relevant as built (it cites Context7 or is a form), so the App would read GitHub.
  const cases: [string, () => WebhookEvent, (payload: Payload) => void, string, RegExp][] = [
    [
      "a bad timestamp",
      () => reviewEvent({ reviewer: "alice", author: "bob", repo: GAME, body: CITING, at: AT }),
      (p) => {
        p.review.submitted_at = "last Tuesday";
      },
      "pull_request_review.submitted",
      /payload\.review\.submitted_at: must be an ISO 8601 timestamp .*, not "last Tuesday"/,
    ],
    [
      "a commit timestamp as a number",
      () =>
        pushEvent({
          repo: GAME,
          commits: [{ sha: "a".repeat(40), author: "alice", message: CITING, at: AT }],
        }),
      (p) => {
        p.commits[0].timestamp = 1_700_000_000;
      },
      "push",
      /payload\.commits\[0\]\.timestamp: must be a timestamp, not 1700000000/,
    ],
    [
      "a null user",
      () => issueCommentEvent({ author: "alice", repo: GAME, body: CITING, at: AT }),
      (p) => {
        p.comment.user = null;
      },
      "issue_comment.created",
      /payload\.comment\.user: expected object, received null/,
    ],
    [
      "a null PR author",
      () =>
        pullRequestEvent({ action: "opened", author: "alice", repo: GAME, body: CITING, at: AT }),
      (p) => {
        p.pull_request.user = null;
      },
      "pull_request.opened",
      /payload\.pull_request\.user: expected object, received null/,
    ],
    [
      "a number as a string",
      () =>
        reviewCommentEvent({ reviewer: "alice", author: "bob", repo: GAME, body: CITING, at: AT }),
      (p) => {
        p.comment.id = "7000";
      },
      "pull_request_review_comment.created",
      /payload\.comment\.id: expected number, received string/,
    ],
    [
      "a body that is not text",
      confirmation,
      (p) => {
        p.issue.body = 42;
      },
      "issues.opened",
      /payload\.issue\.body: expected string, received number/,
    ],
    [
      "a category that is not an object",
      () =>
        discussionEvent({
          author: "alice",
          repo: TRAINING,
          title: "Found",
          body: CITING,
          category: "Context7 Discoveries",
          at: AT,
        }),
      (p) => {
        p.discussion.category = "Context7 Discoveries";
      },
      "discussion.created",
      /payload\.discussion\.category: expected object, received string/,
    ],
    [
      "a missing repository",
      () => discussionCommentEvent({ author: "alice", repo: GAME, body: CITING, at: AT }),
      (p) => {
        delete p.repository;
      },
      "discussion_comment.created",
      /payload\.repository: expected object, received nothing/,
    ],
  ];

  it.each(cases)(
    "(%s) is logged once and answered without reading or writing anything",
    async (_kind, build, breakIt, event, problem) => {
      // The intact delivery does reach GitHub (and fails here, where nothing answers).
      await expect(receive(build())).rejects.toThrow();
      expect(attempted.length).toBeGreaterThan(0);
      attempted.length = 0;
      lines.length = 0;

      const broken = build();
      breakIt(broken.payload);
      await expect(receive(broken)).resolves.toBeUndefined();
      expect(attempted).toEqual([]);
      expect(lines).toEqual([{ level: "error", msg: expect.stringMatching(problem) }]);
      expect(lines[0]?.msg).toMatch(
        new RegExp(
          `^context7-training: ignored ${event.replace(".", "\\.")} delivery ${broken.id}: .*Nothing was read or written; the delivery is answered 200`,
        ),
      );
    },
  );

  it("lists at most five problems, and how many more there were", async () => {
    const event = issueCommentEvent({ author: "alice", repo: GAME, body: CITING, at: AT });
    event.payload = { action: "created", comment: {}, issue: {}, repository: {} };
    await receive(event);
    expect(lines).toHaveLength(1);
    expect(lines[0]?.msg.match(/payload\./g)).toHaveLength(5);
    expect(lines[0]?.msg).toMatch(/; and \d+ more\. Nothing was read/);
    expect(attempted).toEqual([]);
  });
});
