/**
 * The weekly report (plan §6.2), posted as a Discussion on `reports.weekday`: individual
 * progress, team metrics with the change since last week, usage, knowledge sharing and the
 * reviews citing Context7.
 */
import { dateOf, dayNumber, LocalClock, weekdayOf } from "../calendar.js";
import type { Config } from "../config.js";
import type { DeveloperRecord, Evidence } from "../evidence.js";
import { computeKpis } from "../kpis.js";
import { type DeveloperStatus, GATES, type ProgramStatus } from "../status.js";
import { renderFeedback } from "./feedback.js";
import { renderKpiTables, renderPatterns, renderTrends } from "./kpis.js";
import { colourBadge, escapeText, number, percent, table, withDelta } from "./markdown.js";
import { renderLibraryCoverage } from "./usage.js";

interface WeeklyReportInput {
  config: Config;
  /** The program at the report's time. */
  status: ProgramStatus;
  /** The same program seven days earlier. */
  previous: ProgramStatus;
  records: readonly DeveloperRecord[];
  /** Monday and Sunday of the ISO week, local dates. */
  weekStart: string;
  weekEnd: string;
}

/** "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)" */
export function weeklyReportTitle(weekStart: string, weekEnd: string): string {
  // The ISO week belongs to the year of its Thursday.
  const thursday = dateOf(dayNumber(weekStart) + 3);
  const year = Number(thursday.slice(0, 4));
  const week = Math.floor((dayNumber(thursday) - dayNumber(`${year}-01-01`)) / 7) + 1;
  return `Context7 weekly report — ${year}-W${String(week).padStart(2, "0")} (${weekStart} to ${weekEnd})`;
}

interface WeekEvidence {
  login: string;
  item: Evidence;
  date: string;
}

export function renderWeeklyReport(input: WeeklyReportInput): string {
  const { config, status, previous, weekStart, weekEnd } = input;
  const week = evidenceOfWeek(input);
  const before = new Map(previous.developers.map((developer) => [developer.login, developer]));
  const started = status.developers.filter((developer) => developer.started);
  // privacy.teamFiguresOnly: team figures only, no developer named.
  const names = !config.privacy.teamFiguresOnly;
  const kpis = computeKpis(config, input.records, status.now, status);
  const sections = [
    `# ${weeklyReportTitle(weekStart, weekEnd)}`,
    summaryLine(status, week),
    "## Individual developer progress",
    !names
      ? "Individual figures are kept out of this report (`privacy.teamFiguresOnly`); see the team metrics below."
      : started.length === 0
        ? "No developer has started yet."
        : table(
            [
              "developer",
              "status",
              "gates passed",
              "exercises",
              "usage workdays this week",
              "consistency",
              "knowledge score",
            ],
            started.map((developer) => developerRow(developer, before.get(developer.login), week)),
          ),
    "## Team-wide adoption metrics",
    table(
      ["metric", "this week", "change since last week"],
      [
        [
          "Developers started",
          String(status.team.size),
          withDelta(status.team.size, previous.team.size),
        ],
        [
          "Certified",
          String(status.team.certified),
          withDelta(status.team.certified, previous.team.certified),
        ],
        [
          "Completion rate",
          percent(status.team.completionRate),
          withDelta(status.team.completionRate, previous.team.completionRate, percent),
        ],
        [
          "Average knowledge score",
          number(status.team.averageKnowledgeScore),
          withDelta(status.team.averageKnowledgeScore, previous.team.averageKnowledgeScore),
        ],
        [
          `Adoption (target ${percent(config.thresholds.adoptionRate)})`,
          `${percent(status.team.adoptionRate)}${status.team.adoptionBelowThreshold ? " ⚠️" : ""}`,
          withDelta(status.team.adoptionRate, previous.team.adoptionRate, percent),
        ],
      ],
    ),
  ];
  sections.push("## Success metrics (plan §7)", renderKpiTables(kpis, config, names));
  const trends = renderTrends(kpis, config);
  if (trends !== null) sections.push("## Trends since the cohort started", trends);
  sections.push(
    "## Knowledge base",
    `${kpis.patterns.length} documented patterns (target ${config.kpis.targets.patterns}): discoveries and the best practices of passed exercise submissions.\n\n${renderPatterns(kpis.patterns, names)}`,
  );
  const chart = usageChart(config, week, weekStart);
  if (chart !== null) sections.push("## Context7 usage this week", chart);
  const libraries = renderLibraryCoverage(
    kpis.libraryCoverage.find((entry) => entry.weekStart === weekStart),
  );
  if (libraries !== null) sections.push("## Libraries looked up this week", libraries);
  const feedback = renderFeedback(
    kpis.feedback,
    kpis.feedback.entries.filter((entry) => entry.date >= weekStart && entry.date <= weekEnd),
    names,
  );
  if (feedback !== null) sections.push("## Training feedback", feedback);
  sections.push(
    "## Knowledge sharing",
    knowledgeSharing(week, names),
    "## Reviews citing Context7",
    reviews(week, names),
  );
  const attention = started.filter((developer) => developer.status !== "green");
  sections.push(
    "## Escalations",
    attention.length === 0
      ? "Everyone is on track. 🟢"
      : !names
        ? `${attention.length} developers need attention; each has an escalation issue for their manager.`
        : attention
            .map(
              (developer) =>
                `- **${escapeText(developer.name ?? developer.login)}** ${colourBadge(developer.status)}: ${developer.reasons.map(escapeText).join("; ")}`,
            )
            .join("\n"),
  );
  return `${sections.join("\n\n")}\n`;
}

function evidenceOfWeek(input: WeeklyReportInput): WeekEvidence[] {
  const clock = new LocalClock(input.config.timezone);
  const nowMs = Date.parse(input.status.now);
  const onRoster = new Map(
    input.config.roster.map((entry) => [entry.login.toLowerCase(), entry.login]),
  );
  const week: WeekEvidence[] = [];
  for (const record of input.records) {
    const login = onRoster.get(record.login.toLowerCase());
    if (login === undefined) continue;
    for (const item of record.evidence) {
      if (Date.parse(item.at) > nowMs) continue;
      const date = clock.date(item.at);
      if (date >= input.weekStart && date <= input.weekEnd) week.push({ login, item, date });
    }
  }
  return week.sort((a, b) => a.item.at.localeCompare(b.item.at));
}

function summaryLine(status: ProgramStatus, week: WeekEvidence[]): string {
  const counts = status.team.statusCounts;
  const usage = week.filter(({ item }) => item.kind === "usage").length;
  return (
    `${status.team.size} developers in the programme, ${status.team.certified} certified. ` +
    `${counts.green} on track, ${counts.yellow} at risk, ${counts.red} needing intervention, ${counts.critical} critical. ` +
    `${usage} Context7 references this week; adoption ${percent(status.team.adoptionRate)}.`
  );
}

function developerRow(
  developer: DeveloperStatus,
  before: DeveloperStatus | undefined,
  week: WeekEvidence[],
): string[] {
  const passed = GATES.filter((gate) => developer.gates[gate].state === "passed").length;
  const change =
    before === undefined || !before.started
      ? " (new)"
      : before.status === developer.status
        ? ""
        : ` (was ${colourBadge(before.status)})`;
  const usageDays = new Set(
    week
      .filter(({ login, item }) => login === developer.login && item.kind === "usage")
      .map(({ date }) => date),
  );
  return [
    escapeText(developer.name ?? developer.login),
    `${colourBadge(developer.status)}${change}`,
    `${passed}/4`,
    `${developer.exercisesCompleted}/${developer.exercisesRequired}`,
    String(usageDays.size),
    percent(developer.consistency),
    number(developer.knowledgeScore),
  ];
}

/** A bar chart of references per day: the week's workdays, and any other day with usage. */
function usageChart(config: Config, week: WeekEvidence[], weekStart: string): string | null {
  const usage = week.filter(({ item }) => item.kind === "usage");
  if (usage.length === 0) return null;
  const perDay = new Map<string, number>();
  for (const { date } of usage) perDay.set(date, (perDay.get(date) ?? 0) + 1);
  const workdays = new Set<string>(config.workdays);
  const days = Array.from({ length: 7 }, (_, offset) =>
    dateOf(dayNumber(weekStart) + offset),
  ).filter((date) => workdays.has(weekdayOf(dayNumber(date))) || perDay.has(date));
  const labels = days.map((date) => `"${weekdayOf(dayNumber(date))} ${date.slice(5)}"`);
  const values = days.map((date) => perDay.get(date) ?? 0);
  return [
    "```mermaid",
    "xychart-beta",
    '    title "Context7 references per day"',
    `    x-axis [${labels.join(", ")}]`,
    '    y-axis "references"',
    `    bar [${values.join(", ")}]`,
    "```",
  ].join("\n");
}

function knowledgeSharing(week: WeekEvidence[], names: boolean): string {
  const lines = week.flatMap(({ login: name, item, date }) => {
    const login = names ? name : "a developer";
    if (item.kind === "discovery") {
      const title = escapeText(item.title ?? "a discovery");
      return [
        `- ${date} · \`${login}\` shared a discovery: ${item.url === undefined ? title : `[${title}](${item.url})`}`,
      ];
    }
    if (item.kind === "shared")
      return [`- ${date} · \`${login}\` shared at standup: ${escapeText(item.note)}`];
    return [];
  });
  return lines.length === 0 ? "No discoveries or standup shares this week." : lines.join("\n");
}

function reviews(week: WeekEvidence[], names: boolean): string {
  const lines = week.flatMap(({ login: name, item, date }) => {
    const login = names ? name : "a developer";
    if (item.kind !== "review-reference") return [];
    const target = `${item.repo}#${item.pr}`;
    return [
      `- ${date} · \`${login}\` reviewed ${item.url === undefined ? target : `[${target}](${item.url})`}`,
    ];
  });
  return lines.length === 0
    ? "No reviews cited Context7 this week."
    : `${lines.length} reviews:\n\n${lines.join("\n")}`;
}
