import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/gates.js";
import {
  buildPlan,
  changedFiles,
  escalationMarker,
  type OpenEscalation,
  parseEscalationMarker,
} from "../../src/core/plan.js";
import { at, knowledge, makeConfig, record, usageOn } from "../support/builders.js";

const config = makeConfig({
  escalation: [
    { level: 1, title: "Training Coordinator", assignees: ["dev-manager"] },
    { level: 2, title: "Engineering Director", assignees: ["eng-director"] },
    { level: 3, title: "CTO/VP Engineering", assignees: ["cto"] },
    { level: 4, title: "Executive Leadership", assignees: ["ceo"] },
  ],
});
// alice used Context7 on Monday 11-23 only, with a knowledge score: idle from Tuesday on.
const lastUsedMonday = [record("alice", [...usageOn("2026-11-23"), knowledge("2026-11-23", 90)])];

function plan(
  now: string,
  openEscalations: OpenEscalation[] = [],
  { reportPosted = false, records = lastUsedMonday, planConfig = config } = {},
) {
  const status = evaluate(planConfig, records, now);
  return buildPlan({ config: planConfig, status, openEscalations, reportPosted, currentFiles: {} });
}

const forAlice = (result: ReturnType<typeof plan>) =>
  result.escalations.filter((e) => e.subject === "alice");

const issue = (
  status: OpenEscalation["status"],
  level: number,
  since: string,
  subject = "alice",
): OpenEscalation => ({
  number: 7,
  subject,
  status,
  level,
  since,
});

// Red and nothing else for weeks: daily usage, no knowledge check (Gate 1 failed on Day 3),
// and the other deadlines far away.
const steadyRed = {
  planConfig: makeConfig({
    escalation: config.escalation,
    deadlines: { practical: 30, integration: 30, certification: 30 },
  }),
  records: [
    record(
      "alice",
      usageOn(
        ...["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"],
        ...["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"],
        ...["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10"],
      ),
    ),
  ],
};

describe("escalations", () => {
  it("opens one issue at level 1 for a developer who is not green, assigned from the matrix", () => {
    // Tuesday and Wednesday have ended without usage: two idle workdays.
    const [action] = forAlice(plan(at("2026-11-26", "09:00:00")));
    expect(action).toMatchObject({
      action: "open",
      status: "yellow",
      level: 1,
      number: null,
      assignees: ["dev-manager"],
    });
    expect(action?.title).toBe(
      "Context7 escalation: alice — At Risk (level 1: Training Coordinator)",
    );
    expect(parseEscalationMarker(1, action?.body ?? "")).toEqual({
      number: 1,
      subject: "alice",
      status: "yellow",
      level: 1,
      since: "2026-11-26",
    });
  });

  it("opens a critical developer's issue at level 2", () => {
    const [action] = forAlice(plan(at("2026-12-01", "09:00:00")));
    expect(action).toMatchObject({
      action: "open",
      status: "critical",
      level: 2,
      assignees: ["eng-director"],
    });
  });

  it("does nothing while the status and level stay the same", () => {
    expect(
      forAlice(plan(at("2026-11-26", "09:00:00"), [issue("yellow", 1, "2026-11-26")])),
    ).toEqual([]);
  });

  it("updates the issue when the status changes, keeping its level", () => {
    const [action] = forAlice(
      plan(at("2026-11-27", "09:00:00"), [issue("yellow", 1, "2026-11-26")]),
    );
    expect(action).toMatchObject({ action: "update", status: "red", level: 1, number: 7 });
  });

  it("moves an issue up a level after 3 more complete workdays, not counting the weekend", () => {
    const open = [issue("red", 1, "2026-11-25")];
    // Opened Wed 11-25: by Monday morning Thu and Fri have ended; the weekend does not count.
    expect(plan(at("2026-11-30", "08:00:00"), open, steadyRed).escalations).toEqual([]);
    // By Tuesday morning Monday has ended too: three workdays.
    const [action] = plan(at("2026-12-01", "08:00:00"), open, steadyRed).escalations;
    expect(action).toMatchObject({
      action: "update",
      status: "red",
      level: 2,
      assignees: ["eng-director"],
    });
    expect(parseEscalationMarker(7, action?.body ?? "")?.since).toBe("2026-12-01");
  });

  it("stops at level 4", () => {
    expect(
      plan(at("2026-12-10", "08:00:00"), [issue("red", 4, "2026-11-25")], steadyRed).escalations,
    ).toEqual([]);
  });

  it("closes the issue with a comment when the developer is green again", () => {
    const back = [
      record("alice", [...usageOn("2026-11-23", "2026-11-24"), knowledge("2026-11-23", 90)]),
    ];
    const result = plan(at("2026-11-24", "12:00:00"), [issue("yellow", 1, "2026-11-23")], {
      records: back,
    });
    expect(result.escalations).toEqual([
      expect.objectContaining({
        subject: "alice",
        action: "close",
        status: "green",
        number: 7,
        body: expect.stringContaining("`alice` is on track again"),
      }),
    ]);
  });

  it("opens the team adoption issue at level 3 below 80%, and closes it when adoption recovers", () => {
    const team = plan(at("2026-12-01", "08:00:00")).escalations.find((e) => e.subject === "team");
    expect(team).toMatchObject({
      action: "open",
      status: "adoption",
      level: 3,
      assignees: ["cto"],
    });
    const recovered = [
      record("alice", [
        ...usageOn("2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27", "2026-11-30"),
        knowledge("2026-11-23", 90),
      ]),
    ];
    const result = plan(
      at("2026-12-01", "08:00:00"),
      [issue("adoption", 3, "2026-11-30", "team")],
      { records: recovered },
    );
    expect(result.escalations.find((e) => e.subject === "team")).toMatchObject({
      action: "close",
      status: "green",
    });
  });

  it("closes the escalation of someone taken off the roster", () => {
    const result = plan(at("2026-11-24", "12:00:00"), [issue("red", 1, "2026-11-23", "mallory")]);
    expect(result.escalations.find((e) => e.subject === "mallory")).toMatchObject({
      action: "close",
      number: 7,
      body: expect.stringContaining("`mallory` is no longer on the roster"),
    });
  });

  it("ignores issues without a well-formed marker", () => {
    expect(parseEscalationMarker(1, "no marker")).toBeNull();
    expect(parseEscalationMarker(1, "<!-- context7-training:escalation {not json} -->")).toBeNull();
    const marker = escalationMarker({
      subject: "bob",
      status: "red",
      level: 2,
      since: "2026-11-30",
    });
    expect(parseEscalationMarker(3, `text\n${marker}`)).toEqual({
      number: 3,
      subject: "bob",
      status: "red",
      level: 2,
      since: "2026-11-30",
    });
  });
});

describe("weekly report and files", () => {
  it("is due on the report weekday, once a week", () => {
    expect(plan(at("2026-11-27", "09:00:00")).report).toEqual({
      title: "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)",
    });
    expect(plan(at("2026-11-27", "09:00:00"), [], { reportPosted: true }).report).toBeNull();
    expect(plan(at("2026-11-26", "09:00:00")).report).toBeNull();
  });

  it("lists only the dashboards whose content would change", () => {
    const status = evaluate(config, lastUsedMonday, at("2026-11-25", "09:00:00"));
    const first = changedFiles(config, status, {});
    expect(first.map((file) => file.path)).toEqual([
      "records/README.md",
      "records/alice.md",
      "records/dashboard.json",
    ]);
    const current = Object.fromEntries(first.map((file) => [file.path, file.content]));
    expect(changedFiles(config, status, current)).toEqual([]);
    const later = evaluate(config, lastUsedMonday, at("2026-11-25", "17:00:00"));
    expect(changedFiles(config, later, current)).toEqual([]);
  });
});
