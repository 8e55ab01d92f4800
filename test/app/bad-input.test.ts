/**
 * Bad input through the App's real handlers on the loopback stand-in: each case checks the
 * message (what, where, how to fix) and that nothing was written that should not be.
 *
 * Covered elsewhere, not repeated here: a broken config delivered with an event
 * (handlers.test.ts "a broken config"), a 1 MB comment with 10,000 library IDs and NUL,
 * right-to-left and emoji in a comment (hostile-input.test.ts), commands from
 * non-managers, with a bad date and by bots (handlers.test.ts), a developer certifying
 * themself (certify.test.ts), forged and missing signatures (signed-delivery.test.ts).
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CONFIG_CHECK_NAME } from "../../src/app/push.js";
import type { WebhookEvent } from "../../src/core/events.js";
import { RECORDS_CHECK_NAME } from "../../src/core/record-edits.js";
import { serializeRecord } from "../../src/core/records.js";
import { readyForCertification, record, usage } from "../support/builders.js";
import { type Harness, replyText, SAMPLE_CONFIG, startHarness } from "../support/offline.js";
import {
  configPushEvent,
  issueCommentEvent,
  pullRequestEvent,
  reviewEvent,
} from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const AT = "2026-11-24T10:00:00Z";
const CITING = 'Per query-docs "/facebook/react" topic: "hooks".';
const GITHUB_BODY_LIMIT = 65_536;
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

const calls = () =>
  harness.standIn.requests.map((r) => `${r.method} ${decodeURIComponent(r.path)}`);
const writes = () => harness.standIn.requests.filter((request) => request.method !== "GET");
const recordWrites = () => writes().filter((request) => request.path.includes("/contents/records"));
const replies = () =>
  harness.standIn.outbox
    .filter((request) => request.path.endsWith("/comments"))
    .map((request) => replyText((request.body as { body: string }).body));
// biome-ignore lint/suspicious/noExplicitAny: request bodies are read field by field.
const bodyOf = (request: { body?: unknown } | undefined): any => request?.body ?? {};

/** A push of the config to the training repo's default branch. */
function configPush(): WebhookEvent {
  return configPushEvent(TRAINING, "c".repeat(40), AT);
}

/** Pushes the config, then lets alice cite Context7: returns the config check run. */
async function pushConfigThenUse() {
  await harness.receive(configPush());
  await harness.receive(
    issueCommentEvent({ author: "alice", repo: GAME, body: "use context7", at: AT }),
  );
  const checks = harness.standIn.outbox.filter((request) => request.path.endsWith("/check-runs"));
  expect(checks).toHaveLength(1);
  return bodyOf(checks[0]);
}

describe("hostile YAML in the config", () => {
  it("fails the config check at the line of an alias bomb, and records nothing", async () => {
    const bomb = [
      "trainingRepo: acme/context7-training",
      "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
      "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]",
      "roster: [*c, *c, *c, *c, *c, *c, *c, *c, *c]",
      "",
    ].join("\n");
    harness = await startHarness(bomb);
    const check = await pushConfigThenUse();
    expect(check).toMatchObject({ name: CONFIG_CHECK_NAME, conclusion: "failure" });
    expect(check.output.annotations).toEqual([
      expect.objectContaining({
        start_line: 3,
        message: expect.stringMatching(/uses YAML aliases .*write the values out instead/),
      }),
    ]);
    expect(harness.files()).toEqual([]);
    expect(recordWrites()).toEqual([]);
  });

  it("names each wrong type at its line with what to write, and records nothing", async () => {
    const wrongTypes = [
      "trainingRepo: acme/context7-training",
      "roster:",
      "  - { login: alice, role: backend, start: 2026-11-23 }",
      "managers: dev-manager",
      "trackerIssues: 'yes'",
      "thresholds:",
      "  knowledgeScore: high",
      "",
    ].join("\n");
    harness = await startHarness(wrongTypes);
    const check = await pushConfigThenUse();
    expect(check.conclusion).toBe("failure");
    expect(
      check.output.annotations.map((a: { start_line: number; message: string }) => [
        a.start_line,
        a.message,
      ]),
    ).toEqual([
      [
        4,
        'managers: must be a list (`[a, b]`, or one `- item` per line), not the text "dev-manager"',
      ],
      [5, 'trackerIssues: must be `true` or `false`, without quotes, not the text "yes"'],
      [
        7,
        'thresholds.knowledgeScore: must be a number, written without quotes, not the text "high"',
      ],
    ]);
    expect(harness.files()).toEqual([]);
    expect(recordWrites()).toEqual([]);
  });

  it("names a duplicate login and an unknown key at their lines, and records nothing", async () => {
    const text = [
      "trainingRepo: acme/context7-training",
      "roster:",
      "  - { login: alice, role: backend, start: 2026-11-23 }",
      "  - { login: ALICE, role: qa, start: 2026-11-23 }",
      "manager: [dev-manager]",
      "",
    ].join("\n");
    harness = await startHarness(text);
    const check = await pushConfigThenUse();
    expect(check.output.annotations).toEqual([
      expect.objectContaining({
        start_line: 5,
        message: expect.stringContaining('unknown key "manager": did you mean "managers"?'),
      }),
      expect.objectContaining({
        start_line: 4,
        message: 'roster[1].login: "alice" is on the roster twice; keep one entry per developer',
      }),
    ]);
    expect(harness.files()).toEqual([]);
    expect(recordWrites()).toEqual([]);
  });
});

describe("a record in the training repo that does not parse is never overwritten", () => {
  const broken: [string, string, RegExp[]][] = [
    [
      "an alias bomb",
      "version: 1\nlogin: alice\nevidence: &e []\nmore: [*e, *e, *e]\n",
      [/records\/alice\.yml:4: uses YAML aliases/],
    ],
    [
      "a login that is not its file's",
      serializeRecord(record("bob", [usage("2026-11-23")])),
      [
        /records\/alice\.yml:\d+: login: is "bob", but the file is not named bob\.yml; rename the file or fix the login/,
      ],
    ],
    [
      "a duplicate evidence id",
      serializeRecord(
        record("alice", [
          { ...usage("2026-11-23"), id: "dup" },
          { ...usage("2026-11-24"), id: "dup" },
        ]),
      ),
      [
        /records\/alice\.yml:\d+: evidence\[1\]\.id: "dup" appears twice; each fact is recorded once, remove the copy/,
      ],
    ],
    [
      "an unknown key and a wrong type",
      "version: 1\nlogin: alice\nbadge: gold\nevidence: yes\n",
      [
        /records\/alice\.yml:3: badge: unknown key "badge": allowed keys here are version, login, evidence/,
        /records\/alice\.yml:4: evidence: must be a list \(`\[a, b\]`, or one `- item` per line\), not the text "yes"/,
      ],
    ],
  ];

  it.each(broken)(
    "with %s: the delivery fails naming the file, the line and the fix",
    async (_, text, message) => {
      harness = await startHarness();
      const path = join(harness.dir, "alice.yml");
      writeFileSync(path, text);
      const delivery = reviewEvent({
        reviewer: "alice",
        author: "bob",
        repo: GAME,
        body: CITING,
        reviewId: 61,
        at: AT,
      });
      const failure = await harness.receive(delivery).then(
        () => null,
        (error: unknown) => error,
      );
      for (const pattern of message) expect(String(failure)).toMatch(pattern);
      expect(String(failure)).toContain("Nothing was written; fix the file");
      expect(readFileSync(path, "utf8")).toBe(text);
      expect(writes()).toEqual([]);
    },
  );
});

describe("huge and odd bodies", () => {
  it("checks a 1 MB submission naming 10,000 library IDs with one check run within GitHub's limits", async () => {
    harness = await startHarness();
    const ids = Array.from({ length: 10_000 }, (_, i) => `query-docs /org${i}/lib${i}`).join("\n");
    const body = `Exercise: backend-2\n${ids}\n${"filler ".repeat(1_048_576 / 7)}`;
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 31,
        body,
        at: AT,
      }),
    );
    const checks = harness.standIn.outbox.filter((r) => r.path.endsWith("/check-runs"));
    expect(checks).toHaveLength(1);
    const { output } = bodyOf(checks[0]);
    expect(output.title).toBe("backend-2: 4 of 4 steps missing");
    expect(output.summary.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(harness.record("alice")?.evidence.map((item) => item.kind)).toContain("usage");
  });

  it("answers a review citing 10,000 versions of one library with one comment within GitHub's limit", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(GAME, {
      "package.json": JSON.stringify({ dependencies: { next: "15.1.8" } }),
    });
    const citations = Array.from(
      { length: 10_000 },
      (_, i) => `get-library-docs "/vercel/next.js/v${i + 16}.0.0"`,
    ).join("\n");
    await harness.receive(
      reviewEvent({
        reviewer: "alice",
        author: "bob",
        repo: GAME,
        body: citations,
        reviewId: 62,
        at: AT,
      }),
    );
    const [comment, ...more] = replies();
    expect(more).toEqual([]);
    expect(comment?.length).toBeLessThan(GITHUB_BODY_LIMIT);
    expect(comment).toContain("… and 9980 more citations of other versions.");
  });

  it("refuses a manager's comment of 10,000 commands in one short reply, recording nothing", async () => {
    harness = await startHarness();
    const body = Array.from({ length: 10_000 }, () => "/context7 knowledge @alice 90").join("\n");
    await harness.receive(
      issueCommentEvent({ author: "dev-manager", repo: TRAINING, body, at: AT }),
    );
    expect(replies()).toEqual([
      "Nothing was recorded:\n\n- this comment holds 10000 commands; one comment may hold at most 100: split them over several comments",
    ]);
    expect(harness.files()).toEqual([]);
  });

  it("refuses a 1 MB shared note, naming the limit, and quotes no more than a line of it", async () => {
    harness = await startHarness();
    const note = "x".repeat(1_048_576);
    await harness.receive(
      issueCommentEvent({
        author: "dev-manager",
        repo: TRAINING,
        body: `/context7 shared @alice ${note}`,
        at: AT,
      }),
    );
    const [reply] = replies();
    expect(reply).toMatch(
      /the note is 1048576 characters long; keep it to 280 \(a sentence; link to the details\); use `\/context7 shared @login <what they shared>`/,
    );
    expect(reply?.length).toBeLessThan(1_000);
    expect(harness.files()).toEqual([]);
  });

  it("quotes NUL, right-to-left overrides and emoji out of a bad command, recording nothing", async () => {
    harness = await startHarness();
    await harness.receive(
      issueCommentEvent({
        author: "dev-manager",
        repo: TRAINING,
        body: "/context7 knowledge @al\u202eice 9\u00002 🦄\n/context7 fin\u0000al @alice 90",
        at: AT,
      }),
    );
    const [reply] = replies();
    // Quoted back as plain text: the word joiner after "@" keeps it from mentioning anyone.
    expect(reply).toContain('"@\u2060al\uFFFDice" is not an @login');
    expect(reply).toContain('"fin\uFFFDal" is not a command');
    expect(reply).not.toContain("\u0000");
    expect(reply).not.toContain("\u202e");
    expect(harness.files()).toEqual([]);
  });

  it("records a shared note with emoji and right-to-left text intact, in a record that parses", async () => {
    harness = await startHarness();
    await harness.receive(
      issueCommentEvent({
        author: "dev-manager",
        repo: TRAINING,
        body: "/context7 shared @alice 🦄 showed query-docs — مرحبا",
        at: AT,
      }),
    );
    expect(harness.record("alice")?.evidence).toEqual([
      expect.objectContaining({ kind: "shared", note: "🦄 showed query-docs — مرحبا" }),
    ]);
  });
});

describe("commands a manager may not run", () => {
  it("refuses a manager who is also on the roster scoring or certifying themself, recording nothing", async () => {
    harness = await startHarness(
      SAMPLE_CONFIG.replace("managers: [dev-manager]", "managers: [dev-manager, alice]"),
    );
    writeFileSync(
      join(harness.dir, "alice.yml"),
      serializeRecord(
        record("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7)),
      ),
    );
    const before = readFileSync(join(harness.dir, "alice.yml"), "utf8");
    await harness.receive(
      issueCommentEvent({
        author: "alice",
        repo: TRAINING,
        body: "/context7 final @alice 100\n/context7 certify @alice",
        at: AT,
      }),
    );
    expect(replies()).toEqual([
      [
        "Nothing was recorded:",
        "",
        "- @alice cannot run `/context7 final` about themself, even as a manager: another manager runs it (no one scores, credits or certifies themself)",
        "- @alice cannot run `/context7 certify` about themself, even as a manager: another manager runs it (no one scores, credits or certifies themself)",
      ].join("\n"),
    ]);
    expect(readFileSync(join(harness.dir, "alice.yml"), "utf8")).toBe(before);
    expect(harness.files()).toEqual(["alice.yml"]);
    expect(recordWrites()).toEqual([]);
  });
});

/**
 * A submission from a fork of the training repo is its author's submission: the PR lives in
 * the training repo, its author is a GitHub account nobody can forge, and the check reads
 * only the PR's body. The App never reads, checks out or runs the fork's code: every call
 * goes to the training repo.
 */
describe("a submission from a fork", () => {
  function forkSubmission(number: number, body: string): WebhookEvent {
    const event = pullRequestEvent({
      action: "opened",
      author: "alice",
      repo: TRAINING,
      number,
      body,
      at: AT,
    });
    const head = (
      event.payload as { pull_request: { head: { sha: string; repo: Record<string, unknown> } } }
    ).pull_request.head;
    head.repo = {
      ...head.repo,
      full_name: "alice/context7-training",
      name: "context7-training",
      fork: true,
    };
    head.sha = "f".repeat(40);
    return event;
  }
  const SUBMISSION = `Exercise: backend-2\nresolve-library-id: "ws"\nquery-docs: "/websockets/ws", topic: "production-patterns"\n## Best practices\n- a\n- b\n- c\n## Tests\nyes`;

  it("counts as its author's submission, checked on the PR's head, and nothing touches the fork", async () => {
    harness = await startHarness();
    await harness.receive(forkSubmission(41, SUBMISSION));
    expect(harness.record("alice")?.evidence).toContainEqual(
      expect.objectContaining({ kind: "usage", source: "pull_request" }),
    );
    const checks = harness.standIn.outbox.filter((r) => r.path.endsWith("/check-runs"));
    expect(
      checks.map((r) => [r.path, bodyOf(r).name, bodyOf(r).head_sha, bodyOf(r).conclusion]),
    ).toEqual([[`/repos/${TRAINING}/check-runs`, "Context7 exercise", "f".repeat(40), "success"]]);
    // Besides the training repo, only the App's own identity is asked for (GET /app).
    expect(
      harness.standIn.requests.every(
        (r) => r.path === "/app" || r.path.startsWith(`/repos/${TRAINING}/`),
      ),
    ).toBe(true);
  });

  it("fails the records check when the fork's PR also edits records/", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(42, ["src/ws.ts", "records/alice.yml"]);
    await harness.receive(forkSubmission(42, SUBMISSION));
    const guard = harness.standIn.outbox.find((r) => bodyOf(r).name === RECORDS_CHECK_NAME);
    expect(bodyOf(guard)).toMatchObject({
      head_sha: "f".repeat(40),
      conclusion: "failure",
      output: { title: "records/ changed by @alice, who is not a manager" },
    });
  });
});

describe("a hand edit of records/ in a pull request", () => {
  it("fails the Context7 records check, naming the files, why and the fix, and records nothing", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(51, ["records/alice.yml", "records/bob.yml", "README.md"]);
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "bob",
        repo: TRAINING,
        number: 51,
        title: "Fix typo",
        at: AT,
      }),
    );
    expect(calls()).toEqual([
      `GET /repos/${TRAINING}/contents/.github/context7-training.yml`,
      `GET /repos/${TRAINING}/pulls/51/files`,
      // The App's login, then its check runs on the head: none yet, so one is created.
      "GET /app",
      expect.stringMatching(new RegExp(`^GET /repos/${TRAINING}/commits/[0-9a-f]{40}/check-runs$`)),
      `POST /repos/${TRAINING}/check-runs`,
    ]);
    const check = bodyOf(harness.standIn.outbox[0]);
    expect(check).toMatchObject({
      name: "Context7 records",
      conclusion: "failure",
      status: "completed",
      output: { title: "records/ changed by @bob, who is not a manager" },
    });
    expect(check.output.summary).toContain(
      "records are written by the App from GitHub events; a hand edit could forge evidence; ask a manager",
    );
    expect(check.output.summary).toContain("- `records/alice.yml`\n- `records/bob.yml`");
    expect(check.output.summary).toContain("git checkout origin/main -- records/");
    expect(check.output.summary).toContain("@dev-manager");
    expect(harness.files()).toEqual([]);
  });

  it("checks again when the PR is pushed to, and passes a manager's edit", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(52, ["records/alice.yml"]);
    const byManager = pullRequestEvent({
      action: "opened",
      author: "dev-manager",
      repo: TRAINING,
      number: 52,
      at: AT,
    });
    (byManager.payload as { action: string }).action = "synchronize";
    await harness.receive(byManager);
    expect(bodyOf(harness.standIn.outbox[0])).toMatchObject({
      name: "Context7 records",
      conclusion: "success",
      output: { title: "records/ changed by a manager (@dev-manager)" },
    });
  });

  it("fails a developer's pull request that makes them a manager in the config", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(54, [".github/context7-training.yml"]);
    await harness.receive(
      pullRequestEvent({ action: "opened", author: "alice", repo: TRAINING, number: 54, at: AT }),
    );
    const check = bodyOf(harness.standIn.outbox[0]) as {
      name: string;
      conclusion: string;
      output: { title: string; summary: string };
    };
    expect(check).toMatchObject({
      name: "Context7 records",
      conclusion: "failure",
      // Judged by the managers of the config the App reads (the default branch's), not the PR's.
      output: { title: "the programme's config changed by @alice, who is not a manager" },
    });
    expect(check.output.summary).toContain(
      "git checkout origin/main -- .github/context7-training.yml",
    );
  });

  it("adds no check when records/ is untouched, and makes no call for PRs in other repos", async () => {
    harness = await startHarness();
    harness.standIn.pullFiles.set(53, ["docs/notes.md"]);
    await harness.receive(
      pullRequestEvent({ action: "opened", author: "bob", repo: TRAINING, number: 53, at: AT }),
    );
    await harness.receive(
      pullRequestEvent({ action: "opened", author: "bob", repo: GAME, number: 53, at: AT }),
    );
    expect(harness.standIn.outbox).toEqual([]);
    expect(calls()).toEqual([
      `GET /repos/${TRAINING}/contents/.github/context7-training.yml`,
      `GET /repos/${TRAINING}/pulls/53/files`,
    ]);
  });
});
