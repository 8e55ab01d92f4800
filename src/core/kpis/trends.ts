/** The KPIs' weekly trends, one point per ISO week since the cohort's first Day 1. */
import { dateOf, dayNumber, isoWeekOf } from "../calendar.js";
import type { MergedPr } from "./merged-prs.js";
import { median, round } from "./numbers.js";
import type { Pattern } from "./patterns.js";
import { savedMinutesOf, type Use } from "./uses.js";

export interface WeekTrend {
  weekStart: string;
  uses: number;
  /** Distinct documented patterns at the end of the week. */
  patterns: number;
  libraryBugs: number;
  /** Median open-to-merge hours of the PRs merged that week; null with none. */
  medianLeadHours: number | null;
  savedMinutes: number;
}

export function weeklyTrends(
  since: string | null,
  today: number,
  facts: {
    uses: readonly Use[];
    patterns: readonly Pattern[];
    libraryBugDays: readonly number[];
    prs: readonly MergedPr[];
  },
): WeekTrend[] {
  if (since === null) return [];
  const patternDays = facts.patterns.map((p) => dayNumber(p.date));
  const weeks: WeekTrend[] = [];
  for (let weekStart = dayNumber(isoWeekOf(since).weekStart); weekStart <= today; weekStart += 7) {
    const inWeek = (day: number) => day >= weekStart && day < weekStart + 7;
    const uses = facts.uses.filter((use) => inWeek(use.day));
    const leads = facts.prs
      .filter((pr) => !pr.baseline && inWeek(pr.day))
      .map((pr) => pr.leadHours);
    weeks.push({
      weekStart: dateOf(weekStart),
      uses: uses.length,
      patterns: patternDays.filter((day) => day < weekStart + 7).length,
      libraryBugs: facts.libraryBugDays.filter(inWeek).length,
      medianLeadHours: leads.length === 0 ? null : round(median(leads)),
      savedMinutes: savedMinutesOf(uses),
    });
  }
  return weeks;
}
