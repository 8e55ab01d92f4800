/**
 * What a developer's individual KPIs are counted from, since their Day 1. The team's are
 * counted from the sums of the developers' tallies, not from a mean of their ratios.
 */
import { dayNumber, type LocalClock } from "../calendar.js";
import type { Evidence } from "../evidence.js";
import type { ProgramCalendar } from "../program-calendar.js";
import type { DeveloperStatus } from "../status.js";
import { ended, firstPass, passed, reviewed, type SubmissionFacts } from "./submissions.js";
import type { Use } from "./uses.js";

export interface Tally {
  /** The lowest assessment score (best knowledge check, final assessment); null before any. */
  lowest: number | null;
  /**
   * Uses from Day 1 to the end of yesterday, over the complete workdays since Day 1 (leave
   * excluded).
   */
  uses: number;
  workdays: number;
  /**
   * Attempts are exercise submissions that ended plus merged real-world PRs (a PR still open
   * is not an attempt yet); successes are the passed submissions plus those real-world PRs.
   */
  successes: number;
  attempts: number;
  /** Discoveries and standup credits in the complete weeks since Day 1, over those weeks. */
  shares: number;
  weeks: number;
  /**
   * Σ first-pass × completeness over the reviewed submissions, where completeness is done ÷
   * total of the latest exercise check (1 when never checked).
   */
  qualityPoints: number;
  firstPass: number;
  reviewed: number;
}

export function tallyOf(
  developer: DeveloperStatus,
  evidence: readonly Evidence[],
  submissions: readonly SubmissionFacts[],
  uses: readonly Use[],
  when: { today: number; calendar: ProgramCalendar; clock: LocalClock },
): Tally {
  const { today, calendar, clock } = when;
  const firstDay = dayNumber(developer.start);
  const leave = new Set(developer.leaveDays.map(dayNumber));
  const scores = [developer.knowledgeScore, developer.finalScore].filter(
    (score): score is number => score !== null,
  );
  let workdays = 0;
  for (let day = firstDay; day < today; day++)
    if (calendar.isProgramWorkday(day) && !leave.has(day)) workdays++;
  const realWorld = evidence.filter((item) => item.kind === "real-world").length;
  const weeks = Math.floor((today - firstDay) / 7);
  const assessed = submissions.filter(reviewed);
  return {
    lowest: scores.length === 0 ? null : Math.min(...scores),
    uses: uses.filter((use) => use.day < today).length,
    workdays,
    successes: submissions.filter(passed).length + realWorld,
    attempts: submissions.filter(ended).length + realWorld,
    shares: evidence.filter((item) => {
      if (item.kind !== "discovery" && item.kind !== "shared") return false;
      const day = clock.day(item.at);
      return day >= firstDay && day < firstDay + 7 * weeks;
    }).length,
    weeks,
    qualityPoints: assessed.reduce(
      (sum, s) =>
        sum + (firstPass(s) ? 1 : 0) * (s.check === null ? 1 : s.check.done / s.check.total),
      0,
    ),
    firstPass: assessed.filter(firstPass).length,
    reviewed: assessed.length,
  };
}

/** The sums of the developers' tallies, and the lowest score of all. */
export function pool(tallies: readonly Tally[]): Tally {
  const scored = tallies.flatMap((tally) => (tally.lowest === null ? [] : [tally.lowest]));
  const sum = (count: (tally: Tally) => number) =>
    tallies.reduce((total, tally) => total + count(tally), 0);
  return {
    lowest: scored.length === 0 ? null : Math.min(...scored),
    uses: sum((t) => t.uses),
    workdays: sum((t) => t.workdays),
    successes: sum((t) => t.successes),
    attempts: sum((t) => t.attempts),
    shares: sum((t) => t.shares),
    weeks: sum((t) => t.weeks),
    qualityPoints: sum((t) => t.qualityPoints),
    firstPass: sum((t) => t.firstPass),
    reviewed: sum((t) => t.reviewed),
  };
}
