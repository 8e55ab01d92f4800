/** A developer's Context7 uses since Day 1: the usage KPI, its weekly trend and the time saved. */
import type { LocalClock } from "../calendar.js";
import type { Evidence } from "../evidence.js";

export interface Use {
  day: number;
  /** From a `Context7 saved:` line. */
  savedMinutes: number | undefined;
}

export function usesSince(
  evidence: readonly Evidence[],
  clock: LocalClock,
  firstDay: number,
): Use[] {
  return evidence.flatMap((item) => {
    if (item.kind !== "usage") return [];
    const day = clock.day(item.at);
    return day >= firstDay ? [{ day, savedMinutes: item.savedMinutes }] : [];
  });
}

export const savedMinutesOf = (uses: readonly Use[]) =>
  uses.reduce((sum, use) => sum + (use.savedMinutes ?? 0), 0);
