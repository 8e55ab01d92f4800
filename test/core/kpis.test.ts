import { describe, expect, it } from "vitest";
import type { Evidence, EvidenceOf } from "../../src/core/evidence.js";
import {
  baselinesDue,
  baselineWindow,
  computeKpis,
  type Kpi,
  type KpiId,
} from "../../src/core/kpis.js";
import { savedMinutesIn } from "../../src/core/time-saved.js";
import {
  at,
  certification,
  discovery,
  finalScore,
  knowledge,
  makeConfig,
  passed,
  passedWithCheck,
  realWorld,
  record,
  submission,
  usage,
} from "../support/builders.js";

// alice starts Monday 2026-11-23 (UTC). Monday 2026-12-07: ten complete workdays, two weeks.
const NOW = "2026-12-07T09:00:00Z";
const WORKDAYS = [
  "2026-11-23",
  "2026-11-24",
  "2026-11-25",
  "2026-11-26",
  "2026-11-27",
  "2026-11-30",
  "2026-12-01",
  "2026-12-02",
  "2026-12-03",
  "2026-12-04",
];

let sequence = 0;
const id = (prefix: string) => `${prefix}-k${++sequence}`;

function mergedPr(
  date: string,
  leadHours: number,
  changesRequested = 0,
  login = "alice",
): EvidenceOf<"merged-pr"> {
  const merged = Date.parse(at(date, "18:00:00"));
  return {
    id: id(`merged-pr-${login}`),
    kind: "merged-pr",
    at: new Date(merged).toISOString(),
    repo: "acme/game",
    pr: ++sequence,
    opened: new Date(merged - leadHours * 3_600_000).toISOString(),
    changesRequested,
  };
}

function changesRequested(pr: number, date: string): EvidenceOf<"exercise-changes-requested"> {
  return {
    id: id("cr"),
    kind: "exercise-changes-requested",
    at: at(date, "09:00:00"),
    exercise: "backend-1",
    repo: "acme/context7-training",
    pr,
    by: "dev-manager",
  };
}

function check(
  pr: number,
  date: string,
  done: number,
  total = 4,
  bestPractices?: string[],
): EvidenceOf<"exercise-check"> {
  return {
    id: id("check"),
    kind: "exercise-check",
    at: at(date, "08:00:00"),
    exercise: "backend-1",
    repo: "acme/context7-training",
    pr,
    done,
    total,
    ...(bestPractices === undefined ? {} : { bestPractices }),
  };
}

function kpisOf(evidence: Evidence[], now = NOW, overrides = {}) {
  const config = makeConfig(overrides);
  return computeKpis(config, [record("alice", evidence)], now);
}

function individual(evidence: Evidence[], kpiId: KpiId, now = NOW): Kpi {
  const report = kpisOf(evidence, now);
  return report.developers[0]?.kpis.find((kpi) => kpi.id === kpiId) as Kpi;
}

function team(evidence: Evidence[], kpiId: KpiId, now = NOW, overrides = {}, extra = []) {
  const config = makeConfig(overrides);
  return computeKpis(config, [record("alice", evidence), ...extra], now).team.find(
    (kpi) => kpi.id === kpiId,
  ) as Kpi;
}

describe("individual KPIs at their targets", () => {
  it("competency: 85 on every assessment is met, 84 is not, none is not enough data", () => {
    expect(
      individual([knowledge("2026-11-24", 90), finalScore("2026-12-03", 85)], "competency"),
    ).toMatchObject({ value: 85, state: "met" });
    expect(
      individual([knowledge("2026-11-24", 84), finalScore("2026-12-03", 95)], "competency").state,
    ).toBe("not-met");
    expect(individual([], "competency").state).toBe("no-data");
  });

  it("usage frequency: one use a workday is met, one fewer is not", () => {
    const daily = WORKDAYS.map((date) => usage(date));
    expect(individual(daily, "usage")).toMatchObject({ value: 1, state: "met" });
    expect(individual(daily.slice(1), "usage")).toMatchObject({ value: 0.9, state: "not-met" });
    // Today (Monday) does not count; before the first workday ends there is no data.
    expect(individual([...daily, usage("2026-12-07", "08:00:00")], "usage").value).toBe(1);
    expect(individual([usage("2026-11-23")], "usage", "2026-11-23T12:00:00Z").state).toBe(
      "no-data",
    );
  });

  it("implementation success: 9 of 10 attempts is met; an open submission is no attempt", () => {
    const nine = [
      ...Array.from({ length: 8 }, (_, i) =>
        passedWithCheck("backend-1", "2026-11-25", 100 + i),
      ).flat(),
      realWorld("2026-11-27"),
      ...submission({ exercise: "backend-2", pr: 120, closedOn: "2026-11-26" }),
      ...submission({ exercise: "backend-3", pr: 121, approvedOn: "2026-11-26" }),
    ];
    expect(individual(nine, "implementation-success")).toMatchObject({
      value: 0.9,
      state: "met",
      display: "90% (9 of 10 attempts)",
    });
    const eight = [
      ...Array.from({ length: 8 }, (_, i) =>
        passedWithCheck("backend-1", "2026-11-25", 100 + i),
      ).flat(),
      ...submission({ exercise: "backend-2", pr: 120, closedOn: "2026-11-26" }),
      ...submission({ exercise: "backend-2", pr: 122, closedOn: "2026-11-27" }),
    ];
    expect(individual(eight, "implementation-success").state).toBe("not-met");
    // Merged without an approval by someone else: an attempt, not a success.
    expect(
      individual(
        submission({ exercise: "backend-1", pr: 5, mergedOn: "2026-11-25" }),
        "implementation-success",
      ),
    ).toMatchObject({ value: 0, state: "not-met" });
    expect(individual([], "implementation-success").state).toBe("no-data");
  });

  it("knowledge sharing: one discovery a complete week is met; the first week is no data", () => {
    const two = [discovery("2026-11-24"), discovery("2026-12-02")];
    expect(individual(two, "knowledge-sharing")).toMatchObject({ value: 1, state: "met" });
    expect(individual(two.slice(1), "knowledge-sharing").state).toBe("not-met");
    expect(individual(two, "knowledge-sharing", "2026-11-27T12:00:00Z").state).toBe("no-data");
  });

  it("quality: 17 of 20 approved first time with complete checks is exactly 85", () => {
    const evidence: Evidence[] = [];
    for (let pr = 1; pr <= 20; pr++) {
      evidence.push(...passed("backend-1", "2026-11-26", pr), check(pr, "2026-11-25", 4));
      if (pr > 17) evidence.push(changesRequested(pr, "2026-11-25"));
    }
    expect(individual(evidence, "quality")).toMatchObject({ value: 85, state: "met" });
    // Weighted by the latest check: 3 of 4 items done.
    const partial = [
      ...passed("backend-1", "2026-11-26", 1),
      check(1, "2026-11-24", 2),
      check(1, "2026-11-25", 3),
    ];
    expect(individual(partial, "quality")).toMatchObject({ value: 75, state: "not-met" });
    expect(individual([check(1, "2026-11-24", 4)], "quality").state).toBe("no-data");
  });

  it("review cycles: 30% fewer rounds is met; four baseline PRs are not enough data", () => {
    const baseline = Array.from({ length: 5 }, (_, i) => mergedPr(`2026-11-0${i + 2}`, 10, 1));
    const programme = Array.from({ length: 10 }, (_, i) =>
      mergedPr(WORKDAYS[i] as string, 10, i < 7 ? 1 : 0),
    );
    expect(individual([...baseline, ...programme], "review-cycles")).toMatchObject({
      state: "met",
    });
    expect(individual([...baseline, ...programme], "review-cycles").value).toBeCloseTo(0.3);
    const worse = programme.map((pr, i) => ({ ...pr, changesRequested: i < 8 ? 1 : 0 }));
    expect(individual([...baseline, ...worse], "review-cycles").state).toBe("not-met");
    expect(individual([...baseline.slice(1), ...programme], "review-cycles")).toMatchObject({
      state: "no-data",
      display: expect.stringContaining("4 PRs before Day 1, 10 since; 5 needed on each side"),
    });
    // Older than the baseline window (4 weeks before Day 1): left out.
    expect(
      individual(
        [mergedPr("2026-10-01", 10, 1), ...baseline.slice(1), ...programme],
        "review-cycles",
      ).state,
    ).toBe("no-data");
  });
});

describe("team KPIs at their targets", () => {
  const baseline = Array.from({ length: 5 }, (_, i) => mergedPr(`2026-11-1${i}`, 10));

  it("delivery: a median lead time 25% shorter is met, 20% is not", () => {
    const faster = WORKDAYS.slice(0, 5).map((date) => mergedPr(date, 7.5));
    expect(team([...baseline, ...faster], "delivery")).toMatchObject({ value: 0.25, state: "met" });
    const slower = WORKDAYS.slice(0, 5).map((date) => mergedPr(date, 8));
    expect(team([...baseline, ...slower], "delivery").state).toBe("not-met");
    expect(team([...baseline, ...faster.slice(1)], "delivery").state).toBe("no-data");
  });

  it("knowledge base: 48 discoveries and 2 distinct practices of passed submissions make 50", () => {
    const evidence: Evidence[] = [
      ...Array.from({ length: 48 }, (_, i) => ({ ...discovery("2026-11-24"), title: `tip ${i}` })),
      ...passed("backend-1", "2026-11-26", 1),
      check(1, "2026-11-25", 4, 4, ["Pin the version", "Use the docs' defaults"]),
      // The same practice again, and the practices of a failed submission: not counted.
      ...passed("backend-2", "2026-11-27", 2),
      check(2, "2026-11-26", 4, 4, ["pin the  version"]),
      ...submission({ exercise: "backend-3", pr: 3, closedOn: "2026-11-27" }),
      check(3, "2026-11-26", 2, 4, ["Something else"]),
    ];
    const report = kpisOf(evidence);
    expect(report.team.find((kpi) => kpi.id === "patterns")).toMatchObject({
      value: 50,
      state: "met",
    });
    expect(report.patterns.filter((p) => p.kind === "practice").map((p) => p.text)).toEqual([
      "Pin the version",
      "Use the docs' defaults",
    ]);
  });

  it("library-usage bugs: 40% fewer a week is met; without a baseline search, no data", () => {
    const config = { kpis: { libraryBugLabel: "library-usage" } };
    const bug = (date: string): EvidenceOf<"library-bug"> => ({
      id: id("bug"),
      kind: "library-bug",
      at: at(date),
      repo: "acme/game",
      issue: ++sequence,
      label: "library-usage",
    });
    const search: EvidenceOf<"bug-search"> = {
      id: "bug-search-library-usage-2026-10-26",
      kind: "bug-search",
      at: at("2026-11-23", "06:00:00"),
      from: "2026-10-26",
      label: "library-usage",
    };
    // 10 bugs in the 4 baseline weeks (2.5 a week); 3 in the 14 days since (1.5 a week).
    const baselineBugs = Array.from({ length: 10 }, (_, i) =>
      bug(`2026-11-${String(i + 1).padStart(2, "0")}`),
    );
    const teamRecord = (items: Evidence[]) => [record("_team", items)] as never;
    const sunday = "2026-12-06T12:00:00Z";
    const during = [bug("2026-11-24"), bug("2026-11-30"), bug("2026-12-03")];
    expect(
      team([], "library-bugs", sunday, config, teamRecord([search, ...baselineBugs, ...during])),
    ).toMatchObject({ state: "met" });
    expect(
      team([], "library-bugs", sunday, config, teamRecord([search, ...baselineBugs, ...during]))
        .value,
    ).toBeCloseTo(0.4);
    expect(
      team(
        [],
        "library-bugs",
        sunday,
        config,
        teamRecord([search, ...baselineBugs, ...during, bug("2026-12-04")]),
      ).state,
    ).toBe("not-met");
    expect(
      team([], "library-bugs", sunday, config, teamRecord([search, ...baselineBugs.slice(6)]))
        .state,
    ).toBe("no-data");
    expect(
      team([], "library-bugs", sunday, config, teamRecord([...baselineBugs, ...during])).display,
    ).toContain("has not searched");
  });

  it("certification: everyone certified is met; adoption at exactly 80% is met", () => {
    expect(team([certification("2026-12-04")], "certification")).toMatchObject({
      value: 1,
      state: "met",
    });
    expect(team([], "certification").state).toBe("not-met");
    // Last five workdays: four with usage.
    const adoption = team(
      ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"].map((date) => usage(date)),
      "adoption",
    );
    expect(adoption).toMatchObject({ value: 0.8, state: "met" });
  });
});

describe("time saved and the programme's return", () => {
  const saved = (date: string, minutes: number): EvidenceOf<"usage"> => ({
    ...usage(date),
    savedMinutes: minutes,
  });

  it("sums the minutes and shows the return only with an hourly cost and programme hours", () => {
    const evidence = [saved("2026-11-24", 90), saved("2026-11-30", 30)];
    expect(kpisOf(evidence).savedMinutes).toBe(120);
    expect(kpisOf(evidence).return).toBeNull();
    expect(kpisOf(evidence, NOW, { kpis: { hourlyCost: 100 } }).return).toBeNull();
    expect(
      kpisOf(evidence, NOW, { kpis: { hourlyCost: 100, programmeHours: 1, currency: "EUR" } })
        .return,
    ).toEqual({ currency: "EUR", hoursSaved: 2, value: 200, cost: 100, net: 100, roi: 1 });
  });

  it("reads `Context7 saved:` lines", () => {
    expect(savedMinutesIn("Fixed.\nContext7 saved: 45m")).toBe(45);
    expect(savedMinutesIn("Context7 saved: 1h30m")).toBe(90);
    expect(savedMinutesIn("**Context7 saved:** 1h 30m")).toBe(90);
    expect(savedMinutesIn("Context7 saved: 2h")).toBe(120);
    expect(savedMinutesIn("Context7 saved: 90h")).toBe(1440);
    expect(savedMinutesIn("Context7 saved: a lot")).toBeNull();
    expect(savedMinutesIn("Context7 saved: 0m")).toBeNull();
    expect(savedMinutesIn("no line")).toBeNull();
  });
});

describe("weekly trends and baselines", () => {
  it("gives one trend point per week since the first Day 1", () => {
    const report = kpisOf([usage("2026-11-24"), usage("2026-12-01"), usage("2026-12-02")]);
    expect(report.since).toBe("2026-11-23");
    expect(report.weeks.map((week) => [week.weekStart, week.uses])).toEqual([
      ["2026-11-23", 1],
      ["2026-11-30", 2],
      ["2026-12-07", 0],
    ]);
  });

  it("fetches a baseline once per started developer, for the weeks before Day 1", () => {
    const config = makeConfig();
    expect(baselineWindow(config, "2026-11-23")).toEqual({ from: "2026-10-26", to: "2026-11-22" });
    expect(baselinesDue(config, [], "2026-11-22")).toEqual([]);
    expect(baselinesDue(config, [], "2026-11-23")).toEqual([
      { login: "alice", from: "2026-10-26", to: "2026-11-22" },
    ]);
    const fetched: EvidenceOf<"baseline"> = {
      id: "baseline-alice",
      kind: "baseline",
      at: at("2026-11-23"),
      from: "2026-10-26",
      to: "2026-11-22",
      pullRequests: 0,
      truncated: false,
    };
    expect(baselinesDue(config, [record("alice", [fetched])], "2026-11-24")).toEqual([]);
  });
});
