/**
 * The weekly reports due at a moment: this week's once its report weekday has come, and
 * those of the REPORT_CATCH_UP_WEEKS weeks before it whose report was never posted (a run
 * that failed or did not happen), so each is posted on the next run, oldest first. A past
 * week is due only if someone's Day 1 came by its end: a new install posts no history.
 */
import { addDays, dateOf, dayNumber, isoWeekOf, type LocalClock, WEEKDAYS } from "./calendar.js";
import type { Config } from "./config.js";
import { cohortStart } from "./kpis/periods.js";
import { weeklyReportTitle } from "./render/weekly-report.js";

/** How many weeks back a missed report is still posted. */
export const REPORT_CATCH_UP_WEEKS = 4;

export interface DueReport {
  title: string;
  weekStart: string;
  weekEnd: string;
  /** The moment the report describes: now for this week, the end of its Sunday for a past one. */
  asOf: string;
}

export function dueReports(
  config: Config,
  clock: LocalClock,
  today: string,
  now: string,
): DueReport[] {
  const reportOffset = (WEEKDAYS.indexOf(config.reports.weekday) + 6) % 7;
  const thisMonday = dayNumber(isoWeekOf(today).weekStart);
  const due: DueReport[] = [];
  for (let back = REPORT_CATCH_UP_WEEKS; back >= 0; back--) {
    const weekStart = dateOf(thisMonday - 7 * back);
    const weekEnd = addDays(weekStart, 6);
    if (addDays(weekStart, reportOffset) > today) continue;
    if (back > 0 && cohortStart(config, weekEnd) === null) continue;
    due.push({
      title: weeklyReportTitle(weekStart, weekEnd),
      weekStart,
      weekEnd,
      asOf: back === 0 ? now : endOfLocalDay(clock, weekEnd),
    });
  }
  return due;
}

/** The last millisecond of a local date, found by bisection (offsets are within ±14 h). */
export function endOfLocalDay(clock: LocalClock, date: string): string {
  const day = dayNumber(date);
  const utcMidnightAfter = Date.parse(`${addDays(date, 1)}T00:00:00Z`);
  let low = utcMidnightAfter - 15 * 3_600_000;
  let high = utcMidnightAfter + 15 * 3_600_000;
  // Invariant: clock.day(low) <= day < clock.day(high).
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (clock.day(middle) <= day) low = middle;
    else high = middle;
  }
  return new Date(low).toISOString();
}
