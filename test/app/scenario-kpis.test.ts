import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { isoWeekOf } from "../../src/core/calendar.js";
import { parseConfig } from "../../src/core/config.js";
import type { DeveloperRecord } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { computeKpis, type KpiReport } from "../../src/core/kpis.js";
import { renderTeamDashboard } from "../../src/core/render/dashboard.js";
import { renderWeeklyReport } from "../../src/core/render/weekly-report.js";
import { SAMPLE_CONFIG } from "../support/offline.js";
import {
  renderScenarioReport,
  SCENARIO_NOW,
  SCENARIO_REPORT,
  scenarioRecords,
} from "../support/scenario-report.js";

const parsed = parseConfig(SAMPLE_CONFIG);
if (!parsed.ok) throw new Error("sample config");
const config = parsed.value;
let records: DeveloperRecord[];
let kpis: KpiReport;

beforeAll(async () => {
  records = (await scenarioRecords()).records;
  kpis = computeKpis(config, records, SCENARIO_NOW);
});

const team = (id: string) => kpis.team.find((kpi) => kpi.id === id);
const pooled = (id: string) => kpis.individual.find((kpi) => kpi.id === id);
const of = (login: string, id: string) =>
  kpis.developers.find((d) => d.login === login)?.kpis.find((kpi) => kpi.id === id);

describe("the KPIs of the two-week scenario", () => {
  it("counts bob's bridge trailers as usage of kind trailer, and two developers' feedback", () => {
    const bob = records.find((record) => record.login === "bob");
    const trailer = bob?.evidence.find(
      (item) => item.kind === "usage" && item.referenceKinds?.includes("trailer"),
    );
    expect(trailer).toMatchObject({ at: "2026-12-01T10:00:00Z", libraries: ["/facebook/react"] });
    expect(kpis.developers.find((d) => d.login === "bob")?.usageByKind.trailer).toBe(1);
    expect(kpis.feedback).toMatchObject({ responses: 2, difficulty: [0, 0, 1, 1, 0] });
  });

  it("computes every KPI from the replayed facts and the scheduled run's", () => {
    expect(kpis.since).toBe("2026-11-23");
    expect(of("alice", "competency")).toMatchObject({ value: 90, state: "met" });
    expect(of("carol", "competency")).toMatchObject({ value: 80, state: "not-met" });
    expect(of("dave", "implementation-success")).toMatchObject({ value: 0, state: "not-met" });
    expect(of("alice", "implementation-success")).toMatchObject({ value: 1, state: "met" });
    expect(of("alice", "knowledge-sharing")).toMatchObject({ value: 1, state: "met" });
    // bob's frontend-2 had a changes-requested round before its approval: 2 of 3 first time.
    expect(of("bob", "quality")).toMatchObject({ value: 66.7, state: "not-met" });
    // Three baseline PRs each: not enough for one developer, enough for the team.
    expect(of("alice", "review-cycles")?.state).toBe("no-data");
    expect(pooled("review-cycles")).toMatchObject({ state: "met" });
    expect(pooled("quality")).toMatchObject({ value: 72.7, state: "not-met" });
    expect(pooled("usage")?.state).toBe("met");
    expect(team("delivery")?.display).toContain("6 PRs before Day 1, 7 since");
    expect(team("delivery")?.state).toBe("met");
    expect(team("library-bugs")).toMatchObject({ state: "met" });
    expect(team("library-bugs")?.display).toContain("8 in the 4 weeks before the first Day 1");
    expect(team("patterns")).toMatchObject({ value: 4, state: "not-met" });
    expect(team("certification")).toMatchObject({ value: 0.25, state: "not-met" });
    expect(team("adoption")).toMatchObject({ value: 0.7, state: "not-met" });
    expect(kpis.savedMinutes).toBe(270);
    expect(kpis.return).toEqual({
      currency: "EUR",
      hoursSaved: 4.5,
      value: 405,
      cost: 540,
      net: -135,
      roi: -0.25,
    });
    expect(kpis.weeks.map((week) => week.weekStart)).toEqual(["2026-11-23", "2026-11-30"]);
  });

  it("has its weekly report committed as an example (run `npm run scenario` when this fails)", async () => {
    expect(await renderScenarioReport()).toBe(readFileSync(SCENARIO_REPORT, "utf8"));
  });

  it("keeps names out of the report and the team dashboard with privacy.teamFiguresOnly", () => {
    const privateConfig = { ...config, privacy: { teamFiguresOnly: true } };
    const status = evaluate(privateConfig, records, SCENARIO_NOW);
    const report = renderWeeklyReport({
      config: privateConfig,
      status,
      previous: evaluate(privateConfig, records, Date.parse(SCENARIO_NOW) - 7 * 86_400_000),
      records,
      ...isoWeekOf(status.today),
    });
    const dashboard = renderTeamDashboard(
      status,
      privateConfig,
      computeKpis(privateConfig, records, SCENARIO_NOW, status),
    );
    for (const text of [report, dashboard]) {
      for (const name of ["alice", "Alice", "bob", "Bob", "carol", "Carol", "dave", "Dave"])
        expect(text).not.toContain(name);
      expect(text).toContain("Library-usage bugs");
      expect(text).toContain("privacy.teamFiguresOnly");
    }
  });

  it("shows the KPIs and their trends on the team dashboard", () => {
    const status = evaluate(config, records, SCENARIO_NOW);
    const dashboard = renderTeamDashboard(status, config, kpis);
    expect(dashboard).toContain("## Success metrics (plan §7)");
    expect(dashboard).toContain("| Delivery time | ≥ 25% faster |");
    expect(dashboard).toContain("xychart-beta");
  });
});
