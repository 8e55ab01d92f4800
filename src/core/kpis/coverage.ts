/**
 * Library coverage: the library IDs the team's uses named most, per ISO week since the
 * cohort's first Day 1. A use counts once for each library it names.
 */
import { dateOf, dayNumber, isoWeekOf } from "../calendar.js";
import type { Use } from "./uses.js";

/** The libraries kept per week: the most named, ties broken by ID. */
export const TOP_LIBRARIES = 10;

interface LibraryCount {
  libraryId: string;
  uses: number;
}

export interface WeekLibraries {
  weekStart: string;
  /** At most TOP_LIBRARIES, most named first. */
  top: LibraryCount[];
  /** Distinct libraries named that week, including those not in `top`. */
  distinct: number;
}

function topLibraries(uses: readonly Use[], limit = TOP_LIBRARIES): LibraryCount[] {
  const counts = new Map<string, number>();
  for (const use of uses)
    for (const libraryId of use.libraries) counts.set(libraryId, (counts.get(libraryId) ?? 0) + 1);
  return [...counts]
    .map(([libraryId, count]) => ({ libraryId, uses: count }))
    .sort((a, b) => b.uses - a.uses || (a.libraryId < b.libraryId ? -1 : 1))
    .slice(0, limit);
}

export function libraryCoverage(
  since: string | null,
  today: number,
  uses: readonly Use[],
): WeekLibraries[] {
  if (since === null) return [];
  const weeks: WeekLibraries[] = [];
  for (let weekStart = dayNumber(isoWeekOf(since).weekStart); weekStart <= today; weekStart += 7) {
    const inWeek = uses.filter((use) => use.day >= weekStart && use.day < weekStart + 7);
    weeks.push({
      weekStart: dateOf(weekStart),
      top: topLibraries(inWeek),
      distinct: new Set(inWeek.flatMap((use) => use.libraries)).size,
    });
  }
  return weeks;
}
