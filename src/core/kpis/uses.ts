/** A developer's Context7 uses since Day 1: the usage KPI, its weekly trend and the time saved. */
import type { LocalClock } from "../calendar.js";
import type { Evidence, UsageKind } from "../evidence.js";

export interface Use {
  day: number;
  /** From a `Context7 saved:` line. */
  savedMinutes: number | undefined;
  /** How it cited Context7; undefined for usage recorded before kinds were kept. */
  kinds: readonly UsageKind[] | undefined;
  /** The library IDs it names (without version). */
  libraries: readonly string[];
}

export function usesSince(
  evidence: readonly Evidence[],
  clock: LocalClock,
  firstDay: number,
): Use[] {
  return evidence.flatMap((item) => {
    if (item.kind !== "usage") return [];
    const day = clock.day(item.at);
    return day >= firstDay
      ? [
          {
            day,
            savedMinutes: item.savedMinutes,
            kinds: item.referenceKinds,
            libraries: item.libraries ?? [],
          },
        ]
      : [];
  });
}

export const savedMinutesOf = (uses: readonly Use[]) =>
  uses.reduce((sum, use) => sum + (use.savedMinutes ?? 0), 0);
