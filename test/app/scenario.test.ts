import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import type { WebhookEvent } from "../../src/core/events.js";
import { evaluate } from "../../src/core/gates.js";
import { renderTeamDashboard } from "../../src/core/render/dashboard.js";
import { renderTracker } from "../../src/core/render/tracker.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import { readEvents, replayEvents } from "../../src/local/replay.js";
import { loadRecords } from "../../src/local/workspace.js";
import { SAMPLE_CONFIG } from "../support/offline.js";

// Friday of week 2, 18:00 in Berlin: Day 12.
const NOW = "2026-12-04T17:00:00Z";
const parsed = parseConfig(SAMPLE_CONFIG);
if (!parsed.ok) throw new Error("sample config");
const config = parsed.value;
let events: WebhookEvent[];

beforeAll(async () => {
  const read = await readEvents(["test/fixtures/scenario/events.ndjson"]);
  if (!read.ok) throw new Error("scenario events do not load");
  events = read.value;
});

async function replayInto(
  ordered: readonly WebhookEvent[],
  dir = mkdtempSync(join(tmpdir(), "c7-scenario-")),
) {
  const result = await replayEvents({
    config,
    configText: SAMPLE_CONFIG,
    recordsDir: dir,
    events: ordered,
  });
  expect(result.unexpected).toEqual([]);
  const records = await loadRecords(dir);
  if (!records.ok) throw new Error("replay wrote invalid records");
  return { dir, result, status: evaluate(config, records.value, NOW) };
}

const snapshot = (dir: string) =>
  Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name), "utf8")]));

describe("the two-week scenario, replayed through the App", () => {
  it("yields the records and the status the rules predict", async () => {
    const { status, result, dir } = await replayInto(events);
    const byLogin = Object.fromEntries(
      status.developers.map((developer) => [developer.login, developer]),
    );
    // alice: every gate passed, certified on Friday; the duplicate delivery added nothing.
    expect(byLogin.alice).toMatchObject({
      status: "green",
      reviewsWithContext7: 10,
      consistency: 1,
      knowledgeScore: 92,
      finalScore: 90,
      confirmed: true,
      certificationId: "CONTEXT7-2026-0001",
      certifiedOn: "2026-12-04",
      nextReviewDate: "2027-03-04",
      selfReported: { "training-guide": true, "trainer-session": false, "qa-session": false },
    });
    expect(byLogin.alice?.gates.certification).toMatchObject({
      state: "passed",
      passedOn: "2026-12-04",
    });
    expect(status.team).toMatchObject({ certified: 1, completionRate: 0.25 });
    expect(byLogin.alice?.gates.integration).toMatchObject({
      state: "passed",
      passedOn: "2026-11-27",
    });
    expect(byLogin.alice?.gates.practical).toMatchObject({
      state: "passed",
      passedOn: "2026-11-27",
    });
    // bob: silent since Tuesday, two idle workdays.
    expect(byLogin.bob).toMatchObject({ status: "yellow", idleWorkdays: 2, exercisesCompleted: 3 });
    // carol: Day 3 missed (80); her leave moved Day 7 to Tuesday 12-01, when she passed Gate 2.
    expect(byLogin.carol).toMatchObject({ status: "red", leaveDays: ["2026-11-26", "2026-11-27"] });
    expect(byLogin.carol?.gates.practical).toMatchObject({
      state: "passed",
      passedOn: "2026-12-01",
      deadline: "2026-12-01",
      late: false,
    });
    // dave: retest used up; his 23:30 UTC commit counted for Wednesday in Berlin.
    expect(byLogin.dave).toMatchObject({ status: "critical", retestExhausted: ["backend-1"] });
    // mallory is not on the roster: no record; her command was refused in a reply.
    const replies = result.outbox
      .filter((request) => request.path.endsWith("/comments"))
      .map((request) => (request.body as { body: string }).body);
    expect(replies).toContainEqual(expect.stringContaining("@mallory is not one of them"));
    // alice's confirmation was answered, and the certificate given in reply to the command.
    expect(replies).toContainEqual(
      expect.stringContaining("Thanks @alice, your confirmation is recorded."),
    );
    expect(replies).toContainEqual(
      expect.stringContaining("**Certification ID**: `CONTEXT7-2026-0001`"),
    );
    expect(readFileSync(join(dir, "certifications.json"), "utf8")).toContain(
      '"id": "CONTEXT7-2026-0001"',
    );
    expect(readFileSync(join(dir, "alice.credential.json"), "utf8")).toContain(
      '"licenseNumber": "CONTEXT7-2026-0001"',
    );
    // The dashboards show it.
    expect(renderTeamDashboard(status, config)).toMatch(
      /## Certified\n\n.*\n.*\n\| \[Alice Schmidt\]\(\.\/alice\.md\) \| `CONTEXT7-2026-0001` \| 2026-12-04 \| 2027-03-04 \|/,
    );
    expect(renderTracker(byLogin.alice as DeveloperStatus, config)).toContain(
      "| Certification | CONTEXT7-2026-0001 on 2026-12-04 |",
    );
    const checks = result.outbox.filter((request) => request.path.endsWith("/check-runs"));
    expect(
      checks.map((request) => (request.body as { conclusion: string }).conclusion).sort(),
    ).toEqual([...Array(3).fill("failure"), ...Array(9).fill("success")]);
  });

  it("changes nothing when replayed a second time", async () => {
    const first = await replayInto(events);
    const before = snapshot(first.dir);
    const again = await replayInto(events, first.dir);
    expect(snapshot(first.dir)).toEqual(before);
    const recordWrites = again.result.writes - again.result.outbox.length;
    expect(recordWrites).toBe(0);
  });

  it("gives the same records and status in another order, the certify decision last", async () => {
    // Facts merge in any order; certifying is a manager's decision on the facts recorded
    // when the command arrives, so it comes after them in every order.
    const isCertify = (event: WebhookEvent) =>
      JSON.stringify(event.payload).includes("/context7 certify");
    const inOrder = await replayInto(events);
    const reversed = await replayInto([
      ...events.filter((event) => !isCertify(event)).reverse(),
      ...events.filter(isCertify),
    ]);
    expect(snapshot(reversed.dir)).toEqual(snapshot(inOrder.dir));
    expect(reversed.status).toEqual(inOrder.status);
  });
});
