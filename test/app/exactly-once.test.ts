/**
 * Follow-ups exactly once: when the record commit landed but a follow-up (a reply, a check
 * run, closing an issue) failed, the redelivery completes it, once; a redelivery after
 * everything succeeded writes nothing. And a marker typed by a developer changes nothing.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import type { Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { writeMarker } from "../../src/core/markers.js";
import { trackerIssueBody } from "../../src/core/plan-trackers.js";
import { serializeRecord } from "../../src/core/records.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import { readyForCertification, record } from "../support/builders.js";
import { issueEditedEvent } from "../support/issue-events.js";
import { type Harness, SAMPLE_CONFIG, startHarness } from "../support/offline.js";
import { issueCommentEvent, pullRequestEvent, submissionBody } from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const AT = "2026-12-04T15:00:00Z";
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

function seed(login: string, evidence: Evidence[]) {
  writeFileSync(join(harness.dir, `${login}.yml`), serializeRecord(record(login, evidence)));
}

const writes = () => harness.standIn.outbox.map((request) => `${request.method} ${request.path}`);

/** Delivers the event, which is expected to fail (a follow-up answered 5xx). */
async function deliverFailing(event: Parameters<Harness["receive"]>[0]) {
  await expect(harness.receive(event)).rejects.toThrow();
}

describe("follow-ups exactly once", () => {
  it("certify: the confirmation's closing fails after the record commit; the redelivery closes it once, and a third delivery writes nothing", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7));
    const event = issueCommentEvent({
      author: "dev-manager",
      repo: TRAINING,
      body: "/context7 certify @alice",
      at: AT,
      commentId: 41,
    });
    harness.standIn.failNext("PATCH", /\/issues\/7$/);
    await deliverFailing(event);
    expect(
      harness.record("alice")?.evidence.filter((e) => e.kind === "certification"),
    ).toHaveLength(1);
    expect(existsSync(join(harness.dir, "alice.credential.json"))).toBe(true);
    // The confirmation's comment went out; its closing and the reply to the command did not.
    expect(writes()).toEqual([`POST /repos/${TRAINING}/issues/7/comments`]);

    await harness.receive(structuredClone(event));
    expect(writes()).toEqual([
      `POST /repos/${TRAINING}/issues/7/comments`,
      `PATCH /repos/${TRAINING}/issues/7`,
      `POST /repos/${TRAINING}/issues/3/comments`,
    ]);
    expect(
      harness.record("alice")?.evidence.filter((e) => e.kind === "certification"),
    ).toHaveLength(1);

    const before = harness.standIn.requests.length;
    await harness.receive(structuredClone(event));
    expect(writes()).toHaveLength(3);
    expect(harness.standIn.requests.slice(before).filter((r) => r.method !== "GET")).toEqual([]);
  });

  it("a manager's command: the reply 500s after the record commit; the redelivery replies once", async () => {
    harness = await startHarness();
    const event = issueCommentEvent({
      author: "dev-manager",
      repo: TRAINING,
      body: "/context7 knowledge @alice 92",
      at: AT,
      commentId: 42,
    });
    harness.standIn.failNext("POST", /\/issues\/3\/comments$/);
    await deliverFailing(event);
    expect(harness.record("alice")?.evidence).toHaveLength(1);
    expect(writes()).toEqual([]);
    await harness.receive(structuredClone(event));
    await harness.receive(structuredClone(event));
    expect(writes()).toEqual([`POST /repos/${TRAINING}/issues/3/comments`]);
    expect(harness.record("alice")?.evidence).toHaveLength(1);
  });

  it("a submission's check run 500s; the redelivery creates it once, and another delivery with the same result leaves it", async () => {
    harness = await startHarness();
    const body = submissionBody("backend-1", "express", "/expressjs/express", "routing");
    const opened = pullRequestEvent({
      action: "opened",
      author: "alice",
      repo: TRAINING,
      number: 61,
      title: "Exercise",
      body,
      at: AT,
    });
    harness.standIn.failNext("POST", /\/check-runs$/);
    await deliverFailing(opened);
    expect(writes()).toEqual([]);
    await harness.receive(structuredClone(opened));
    await harness.receive(structuredClone(opened));
    expect(writes()).toEqual([`POST /repos/${TRAINING}/check-runs`]);
    // Another delivery for the same head with the same result (a reopened PR): left as it is.
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 61,
        title: "Exercise",
        body,
        at: "2026-12-04T15:05:00Z",
      }),
    );
    expect(writes()).toEqual([`POST /repos/${TRAINING}/check-runs`]);
  });
});

describe("forged markers change nothing", () => {
  it("a developer's comment ending with the App's reply marker does not stop the App's reply", async () => {
    harness = await startHarness();
    const event = issueCommentEvent({
      author: "dev-manager",
      repo: TRAINING,
      body: "/context7 knowledge @alice 92",
      at: AT,
      commentId: 43,
    });
    harness.standIn.otherComments.set(`/repos/${TRAINING}/issues/3/comments`, [
      {
        body: `done already\n\n${writeMarker("reply", { to: "comment-43-recorded" })}`,
        user: { login: "mallory", type: "User" },
      },
    ]);
    await harness.receive(event);
    expect(writes()).toEqual([`POST /repos/${TRAINING}/issues/3/comments`]);
  });

  it("a developer's own issue ending with a tracker marker is not a tracker: her ticks there are not evidence", async () => {
    harness = await startHarness();
    const config = parseConfig(SAMPLE_CONFIG);
    if (!config.ok) throw new Error("sample config");
    const alice = evaluate(config.value, [], AT).developers[0] as DeveloperStatus;
    const before = trackerIssueBody(alice, config.value, null, "2026-11-25");
    const after = before.replace(
      "- [ ] Trainer session attended",
      "- [x] Trainer session attended",
    );
    await harness.receive(
      issueEditedEvent({
        author: "alice",
        repo: TRAINING,
        number: 13,
        body: after,
        previousBody: before,
        at: AT,
      }),
    );
    expect(harness.record("alice")).toBeNull();
  });
});
