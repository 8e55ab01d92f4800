import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import {
  type OpenReview,
  type OpenTracker,
  parseReviewMarker,
  planReviews,
  planTrackers,
  reviewMarker,
  trackerIssueBody,
} from "../../src/core/plan-trackers.js";
import { changedTicks, selfReportedTicks, trackerLogin } from "../../src/core/self-report.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import {
  at,
  certification,
  certificationReview,
  makeConfig,
  record,
  selfReport,
  usageOn,
} from "../support/builders.js";

const config = makeConfig({
  roster: [
    { login: "alice", role: "backend", start: "2026-11-23" },
    { login: "bob", role: "frontend", start: "2026-12-07" },
  ],
  escalation: [{ level: 1, title: "Training Coordinator", assignees: ["dev-manager"] }],
});

function statusAt(now: string, aliceEvidence: Evidence[] = usageOn("2026-11-23")) {
  return evaluate(config, [record("alice", aliceEvidence)], now);
}
const alice = (now: string, evidence?: Parameters<typeof statusAt>[1]) =>
  statusAt(now, evidence).developers[0] as DeveloperStatus;

describe("tracker issues", () => {
  it("opens one for each developer whose Day 1 has come, assigned to them", () => {
    const actions = planTrackers(config, statusAt(at("2026-11-23")), []);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      kind: "tracker",
      login: "alice",
      action: "open",
      title: "Context7 training tracker: alice",
      assignees: ["alice"],
    });
    expect(trackerLogin(actions[0]?.body)).toBe("alice");
    expect(actions[0]?.body).toContain(
      "- [ ] Training guide read and acknowledged _(self-reported)_",
    );
  });

  it("leaves a tracker written today alone and updates it the next day, never opening a second", () => {
    const status = statusAt(at("2026-11-24"));
    const body = trackerIssueBody(
      status.developers[0] as DeveloperStatus,
      config,
      null,
      "2026-11-24",
    );
    const open: OpenTracker[] = [{ number: 5, login: "alice", body, asOf: "2026-11-24" }];
    expect(planTrackers(config, status, open)).toEqual([]);
    const nextDay = planTrackers(config, statusAt(at("2026-11-25")), open);
    expect(nextDay).toMatchObject([{ action: "update", number: 5 }]);
    // A copy of the tracker opened by hand is not a reason for another.
    const copy = { number: 9, login: "alice", body, asOf: "2026-11-24" };
    expect(planTrackers(config, status, [...open, copy])).toEqual([]);
  });

  it("spends its budget of writes on new trackers first, then the longest unwritten", () => {
    const team = makeConfig({
      roster: ["a", "b", "c", "d"].map((login) => ({
        login,
        role: "backend" as const,
        start: "2026-11-23",
      })),
      trackerWritesPerRun: 2,
    });
    const status = evaluate(team, [], at("2026-11-26"));
    const open: OpenTracker[] = [
      { number: 1, login: "a", body: "old", asOf: "2026-11-25" },
      { number: 2, login: "b", body: "old", asOf: "2026-11-24" },
      { number: 3, login: "c", body: "old", asOf: "2026-11-25" },
    ];
    const actions = planTrackers(team, status, open);
    expect(actions.map(({ login, action }) => `${action} ${login}`)).toEqual([
      "open d",
      "update b",
    ]);
  });

  it("keeps the boxes the developer ticked in the issue, even before the App recorded them", () => {
    const status = statusAt(at("2026-11-24"));
    const developer = status.developers[0] as DeveloperStatus;
    const ticked = trackerIssueBody(developer, config, null, "2026-11-24").replace(
      "- [ ] Trainer session attended",
      "- [x] Trainer session attended",
    );
    const body = trackerIssueBody(developer, config, ticked, "2026-11-24");
    expect(selfReportedTicks(body)).toEqual({
      "training-guide": false,
      "trainer-session": true,
      "qa-session": false,
    });
    // Without an issue yet, the recorded evidence decides.
    const recorded = alice(at("2026-11-24"), [selfReport("2026-11-23", "qa-session")]);
    expect(
      selfReportedTicks(trackerIssueBody(recorded, config, null, "2026-11-24"))["qa-session"],
    ).toBe(true);
  });

  it("closes the tracker on certification, and for someone off the roster", () => {
    const certified = statusAt(at("2026-12-05"), [certification("2026-12-04")]);
    const open: OpenTracker[] = [
      { number: 5, login: "alice", body: "x", asOf: "2026-12-04" },
      { number: 6, login: "mallory", body: "x", asOf: "2026-12-04" },
    ];
    const actions = planTrackers(config, certified, open);
    expect(actions.map(({ login, action, number }) => ({ login, action, number }))).toEqual([
      { login: "alice", action: "close", number: 5 },
      { login: "mallory", action: "close", number: 6 },
    ]);
    expect(actions[0]?.body).toContain("Certified as `CONTEXT7-2026-0001` on 2026-12-04");
  });
});

describe("the self-reported boxes", () => {
  it("tells which boxes an edit changed", () => {
    const before =
      "- [ ] Training guide read and acknowledged _(self-reported)_\n- [ ] Trainer session attended";
    const after =
      "- [X] Training guide read and acknowledged _(self-reported)_\r\n- [ ] Trainer session attended";
    expect(changedTicks(before, after)).toEqual([{ item: "training-guide", done: true }]);
    expect(changedTicks(after, before)).toEqual([{ item: "training-guide", done: false }]);
    expect(changedTicks(before, before)).toEqual([]);
    expect(changedTicks(null, "<!-- - [x] Trainer session attended -->")).toEqual([]);
  });
});

describe("certification review issues", () => {
  const certified = [certification("2026-12-04")];
  const noticeDay = at("2027-02-18"); // 14 days before 2027-03-04

  it("opens two weeks before the review date, for the developer and the level-1 contact", () => {
    expect(planReviews(config, statusAt(at("2027-02-17"), certified), [])).toEqual([]);
    const actions = planReviews(config, statusAt(noticeDay, certified), []);
    expect(actions).toMatchObject([
      {
        kind: "review",
        login: "alice",
        action: "open",
        title: "Context7 certification review: alice (due 2027-03-04)",
        assignees: ["alice", "dev-manager"],
      },
    ]);
    expect(actions[0]?.body).toContain("/context7 reviewed @alice");
    expect(parseReviewMarker(3, actions[0]?.body ?? null)).toEqual({
      number: 3,
      login: "alice",
      due: "2027-03-04",
    });
  });

  it("opens it once, and closes it when the review is recorded", () => {
    const open: OpenReview[] = [{ number: 3, login: "alice", due: "2027-03-04" }];
    expect(planReviews(config, statusAt(at("2027-03-10"), certified), open)).toEqual([]);
    const reviewed = statusAt(at("2027-03-10"), [...certified, certificationReview("2027-03-09")]);
    const actions = planReviews(config, reviewed, open);
    expect(actions).toMatchObject([{ action: "close", number: 3 }]);
    expect(actions[0]?.body).toContain("the next one is due on 2027-06-09");
  });

  it("writes a marker it can read back", () => {
    expect(parseReviewMarker(1, `text\n${reviewMarker("bob", "2027-01-02")}`)).toEqual({
      number: 1,
      login: "bob",
      due: "2027-01-02",
    });
    expect(parseReviewMarker(1, "<!-- context7-training:review {broken -->")).toBeNull();
  });
});
