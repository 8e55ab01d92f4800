/**
 * Gate 3, integration: a streak of consecutive usage workdays, reviews citing Context7,
 * discoveries or shared credits, and a consistency above the threshold (RULES §5.3).
 */
import type { Config } from "../config.js";
import type { DeveloperCalendar } from "../program-calendar.js";
import type { Facts } from "./facts.js";

/** Advances `from` past the sorted days on or before `day`: how many there are. */
function countUpTo(sortedDays: readonly number[], from: number, day: number): number {
  let count = from;
  while (count < sortedDays.length && (sortedDays[count] as number) <= day) count++;
  return count;
}

/**
 * Gate 3 walks the developer's days from Day 1 to today once, keeping the running streak,
 * consistency and idle count; it passes on the first day all four conditions held.
 */
export function integrationGate(
  config: Config,
  facts: Facts,
  developer: DeveloperCalendar,
  today: number,
  deadline: number,
) {
  const { thresholds } = config;
  // The consistency window ends with the gate's deadline (Day 14, moved by leave). A
  // consistency that can no longer rise above the threshold is judged at the deadline, not
  // at once: two missed workdays already cap ten at 0.80, and failing the gate then would
  // make the plan's yellow alert (two idle days) unreachable.
  const windowEnd = deadline;
  let run = 0;
  let longestStreak = 0;
  let idleWorkdays = 0;
  let completeWindowWorkdays = 0;
  let usageWorkdays = 0;
  let reviewIndex = 0;
  let sharingIndex = 0;
  let passDay: number | null = null;
  let consistency: number | null = null;

  for (let day = developer.firstDay; day <= today; day++) {
    const used = facts.usageDays.has(day);
    const workday = developer.isWorkday(day);
    if (used) idleWorkdays = 0;
    else if (workday && day < today) idleWorkdays++;
    if (workday) {
      if (used) longestStreak = Math.max(longestStreak, ++run);
      else if (day < today) run = 0;
    }
    const inWindow = workday && day <= windowEnd;
    if (inWindow && used) usageWorkdays++;
    // Consistency as of this day: the day counts in the window only once it has usage,
    // as today does (RULES §5.3); from the next day on it is complete and counts anyway.
    const windowWorkdays = completeWindowWorkdays + (inWindow && used ? 1 : 0);
    if (inWindow) completeWindowWorkdays++;
    consistency = windowWorkdays > 0 ? usageWorkdays / windowWorkdays : null;

    reviewIndex = countUpTo(facts.reviewDays, reviewIndex, day);
    sharingIndex = countUpTo(facts.sharingDays, sharingIndex, day);
    if (
      passDay === null &&
      longestStreak >= thresholds.consecutiveUsageWorkdays &&
      reviewIndex >= thresholds.reviewReferences &&
      sharingIndex >= thresholds.discoveries &&
      consistency !== null &&
      consistency > thresholds.consistency
    ) {
      passDay = day;
    }
  }

  const missing: string[] = [];
  if (longestStreak < thresholds.consecutiveUsageWorkdays) {
    missing.push(
      `usage on ${thresholds.consecutiveUsageWorkdays} consecutive workdays (longest so far ${longestStreak})`,
    );
  }
  if (facts.reviewDays.length < thresholds.reviewReferences) {
    missing.push(
      `reviews citing Context7: ${facts.reviewDays.length} of ${thresholds.reviewReferences}`,
    );
  }
  if (facts.sharingDays.length < thresholds.discoveries) {
    missing.push(
      `discoveries or shared credits: ${facts.sharingDays.length} of ${thresholds.discoveries}`,
    );
  }
  if (consistency === null || consistency <= thresholds.consistency) {
    missing.push(
      `consistency above ${thresholds.consistency.toFixed(2)} (now ${consistency === null ? "none yet" : consistency.toFixed(3)})`,
    );
  }
  return {
    passDay,
    deadline,
    missing: passDay === null ? missing : [],
    consistency,
    usageWorkdays,
    longestStreak,
    idleWorkdays,
  };
}
