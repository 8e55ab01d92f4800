/**
 * The success metrics (plan §7) in Markdown, for the weekly report and the team dashboard:
 * each KPI against its target, the time saved and return, the knowledge base, and Mermaid
 * trend charts over the weeks since the cohort started.
 */
import type { Config } from "../config.js";
import {
  KPI_TITLES,
  type Kpi,
  type KpiReport,
  type KpiState,
  type Pattern,
  type WeekTrend,
} from "../kpis.js";
import { escapeText, table } from "./markdown.js";

const KPI_STATE_LABELS: Record<KpiState, string> = {
  met: "✅ met",
  "not-met": "❌ not met",
  "no-data": "⏳ not enough data",
};

function kpiRows(kpis: readonly Kpi[]): string[][] {
  return kpis.map((kpi) => [
    KPI_TITLES[kpi.id],
    kpi.target,
    escapeText(kpi.display),
    KPI_STATE_LABELS[kpi.state],
  ]);
}

/** The KPI tables; `names` adds one row per developer with their individual KPIs. */
export function renderKpiTables(report: KpiReport, config: Config, names: boolean): string {
  const sections = [
    report.since === null
      ? "No developer has started yet."
      : `Since the first Day 1, ${report.since}; "not enough data" below ${config.kpis.minimumSample} PRs (or baseline bugs) on either side.`,
    "### Individual metrics, over the team",
    table(["metric", "target", "value", "state"], kpiRows(report.individual)),
    "### Team metrics",
    table(["metric", "target", "value", "state"], kpiRows(report.team)),
  ];
  if (names && report.developers.length > 0) {
    const ids = report.developers[0]?.kpis.map((kpi) => kpi.id) ?? [];
    sections.push(
      "### Each developer",
      table(
        ["developer", ...ids.map((id) => KPI_TITLES[id])],
        report.developers.map((developer) => [
          escapeText(developer.name ?? developer.login),
          ...developer.kpis.map((kpi) => `${icon(kpi.state)} ${shortValue(kpi)}`),
        ]),
      ),
    );
  }
  sections.push("### Time saved and return", timeSaved(report, config));
  return sections.join("\n\n");
}

function icon(state: KpiState): string {
  return KPI_STATE_LABELS[state].split(" ")[0] as string;
}

function shortValue(kpi: Kpi): string {
  if (kpi.state === "no-data") return "—";
  return escapeText(kpi.display.replace(/\s*\(.*$/, ""));
}

function hours(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m}m` : m === 0 ? `${h}h` : `${h}h${String(m).padStart(2, "0")}m`;
}

function money(value: number, currency: string): string {
  return `${value.toLocaleString("en-US", { maximumFractionDigits: 2 })} ${currency}`;
}

function timeSaved(report: KpiReport, config: Config): string {
  const line = `Context7 saved ${hours(report.savedMinutes)} in all, as developers wrote it (\`Context7 saved: 45m\` lines).`;
  const figures = report.return;
  if (figures === null)
    return `${line} Set \`kpis.hourlyCost\` and \`kpis.programmeHours\` in the config to see the programme's return.`;
  return `${line} At ${money(config.kpis.hourlyCost ?? 0, figures.currency)} an hour that is ${money(figures.value, figures.currency)} against a programme cost of ${money(figures.cost, figures.currency)}: a return of ${money(figures.net, figures.currency)} (ROI ${Math.round(figures.roi * 100)}%).`;
}

/** The documented patterns, linked; without names when `names` is false. */
export function renderPatterns(patterns: readonly Pattern[], names: boolean): string {
  if (patterns.length === 0) return "No documented patterns yet.";
  return patterns
    .map((pattern) => {
      const text = escapeText(pattern.text);
      const linked = pattern.url === null ? text : `[${text}](${pattern.url})`;
      const who = names ? ` · \`${pattern.login}\`` : "";
      return `- ${pattern.date}${who} · ${pattern.kind === "discovery" ? "discovery" : "best practice"}: ${linked}`;
    })
    .join("\n");
}

function chart(
  title: string,
  weeks: readonly WeekTrend[],
  yAxis: string,
  series: { type: "bar" | "line"; values: number[] }[],
): string {
  const labels = weeks.map((week) => `"${week.weekStart.slice(5)}"`);
  return [
    "```mermaid",
    "xychart-beta",
    `    title "${title}"`,
    `    x-axis [${labels.join(", ")}]`,
    `    y-axis "${yAxis}"`,
    ...series.map((s) => `    ${s.type} [${s.values.join(", ")}]`),
    "```",
  ].join("\n");
}

/** Trend charts over the weeks since the cohort started (none before it started). */
export function renderTrends(report: KpiReport, config: Config): string | null {
  const weeks = report.weeks;
  if (weeks.length === 0) return null;
  const charts = [
    chart("Context7 uses per week", weeks, "uses", [
      { type: "bar", values: weeks.map((week) => week.uses) },
    ]),
    chart(`Documented patterns (target ${config.kpis.targets.patterns})`, weeks, "patterns", [
      { type: "bar", values: weeks.map((week) => week.patterns) },
      { type: "line", values: weeks.map(() => config.kpis.targets.patterns) },
    ]),
    chart("Hours saved per week", weeks, "hours", [
      { type: "bar", values: weeks.map((week) => Math.round((week.savedMinutes / 60) * 10) / 10) },
    ]),
  ];
  if (report.baselineBugsPerWeek !== null) {
    const baseline = Math.round(report.baselineBugsPerWeek * 10) / 10;
    charts.push(
      chart("Library-usage bugs per week (line: baseline)", weeks, "bugs", [
        { type: "bar", values: weeks.map((week) => week.libraryBugs) },
        { type: "line", values: weeks.map(() => baseline) },
      ]),
    );
  }
  const withLead = weeks.filter((week) => week.medianLeadHours !== null);
  if (withLead.length > 0) {
    charts.push(
      chart("Median PR lead time (hours)", withLead, "hours", [
        { type: "line", values: withLead.map((week) => week.medianLeadHours as number) },
      ]),
    );
  }
  return charts.join("\n\n");
}
