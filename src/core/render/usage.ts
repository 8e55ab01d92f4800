/**
 * Usage by kind and library coverage in Markdown, for the team dashboard and the weekly
 * report. Library IDs come from what developers wrote, so they are escaped like any text.
 */
import { USAGE_KINDS } from "../evidence.js";
import type { WeekLibraries } from "../kpis/coverage.js";
import type { UsageKindCounts } from "../kpis/usage-kinds.js";
import type { KpiReport } from "../kpis.js";
import { USAGE_KIND_LABELS } from "../usage-kinds.js";
import { escapeText, table } from "./markdown.js";

const COLUMNS = [...USAGE_KINDS, "unclassified"] as const;
const HEADERS = [...USAGE_KINDS.map((kind) => USAGE_KIND_LABELS[kind]), "earlier (no kind)"];

const cells = (counts: UsageKindCounts) => COLUMNS.map((kind) => String(counts[kind]));

/** One row per developer when `names`, and the team's row; null before any use. */
export function renderUsageByKind(report: KpiReport, names: boolean): string | null {
  const total = COLUMNS.reduce((sum, kind) => sum + report.usageByKind[kind], 0);
  if (total === 0) return null;
  const rows = [
    ...(names
      ? report.developers.map((developer) => [
          escapeText(developer.name ?? developer.login),
          ...cells(developer.usageByKind),
        ])
      : []),
    ["**team**", ...cells(report.usageByKind)],
  ];
  return [
    "Uses since Day 1 by how they cited Context7; a use citing it two ways counts under both. A commit trailer is the editor bridge's record of a tool call (`Context7-Used:`).",
    table(["developer", ...HEADERS], rows),
  ].join("\n\n");
}

/** The week's most named libraries; null when no use named one. */
export function renderLibraryCoverage(week: WeekLibraries | undefined): string | null {
  if (week === undefined || week.top.length === 0) return null;
  return [
    `${week.distinct} distinct libraries named in the week of ${week.weekStart}; the most named:`,
    table(
      ["library", "uses"],
      week.top.map((entry) => [
        `\`${escapeText(entry.libraryId).replace(/`/g, "")}\``,
        String(entry.uses),
      ]),
    ),
  ].join("\n\n");
}
