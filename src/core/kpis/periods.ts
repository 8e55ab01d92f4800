/** The periods the KPIs compare: each developer's baseline before Day 1, and the cohort's start. */
import { addDays } from "../calendar.js";
import type { Config } from "../config.js";
import type { DeveloperRecord } from "../evidence.js";

/** The local dates of a developer's baseline: the `baselineWeeks` weeks before Day 1. */
export function baselineWindow(config: Config, start: string): { from: string; to: string } {
  return { from: addDays(start, -7 * config.kpis.baselineWeeks), to: addDays(start, -1) };
}

/** The first Day 1 of the cohort (roster members who have started by `today`), or null. */
export function cohortStart(config: Config, today: string): string | null {
  const starts = config.roster.map((entry) => entry.start).filter((start) => start <= today);
  return starts.length === 0 ? null : starts.reduce((a, b) => (a < b ? a : b));
}

/** Roster members whose Day 1 has come and whose baseline has not been fetched yet. */
export function baselinesDue(
  config: Config,
  records: readonly DeveloperRecord[],
  today: string,
): { login: string; from: string; to: string }[] {
  const byLogin = new Map(records.map((record) => [record.login.toLowerCase(), record]));
  return config.roster
    .filter((entry) => entry.start <= today)
    .filter(
      (entry) =>
        !(byLogin.get(entry.login.toLowerCase())?.evidence ?? []).some(
          (item) => item.kind === "baseline",
        ),
    )
    .slice(0, config.kpis.baselineDevelopersPerRun)
    .map((entry) => ({ login: entry.login, ...baselineWindow(config, entry.start) }));
}
