/** The team metrics over the developers whose Day 1 has come (RULES §7). */
import { dateOf } from "../calendar.js";
import type { Config } from "../config.js";
import { mean, round } from "../kpis/numbers.js";
import type { ProgramCalendar } from "../program-calendar.js";
import { COLOURS, type Colour, type DeveloperStatus, type TeamStatus } from "../status.js";

/** A developer's status and the days the team metrics need from their evaluation. */
export interface DeveloperEvaluation {
  status: DeveloperStatus;
  firstDay: number;
  leaveDays: Set<number>;
  usageDays: Set<number>;
}

export function teamMetrics(
  config: Config,
  calendar: ProgramCalendar,
  evaluations: DeveloperEvaluation[],
  today: number,
): TeamStatus {
  const started = evaluations.filter((evaluation) => evaluation.firstDay <= today);
  const size = started.length;
  const certified = started.filter(
    (evaluation) => evaluation.status.certificationId !== null,
  ).length;
  const scores = started
    .map((evaluation) => evaluation.status.knowledgeScore)
    .filter((score): score is number => score !== null);

  const window = calendar.lastCompleteWorkdays(today, config.thresholds.adoptionWindowWorkdays);
  const shares: number[] = [];
  for (const evaluation of started) {
    const own = window.filter(
      (day) => day >= evaluation.firstDay && !evaluation.leaveDays.has(day),
    );
    if (own.length === 0) continue;
    shares.push(own.filter((day) => evaluation.usageDays.has(day)).length / own.length);
  }
  const adoption = shares.length > 0 ? mean(shares) : null;

  const statusCounts = Object.fromEntries(COLOURS.map((colour) => [colour, 0])) as Record<
    Colour,
    number
  >;
  for (const evaluation of started) statusCounts[evaluation.status.status]++;

  return {
    size,
    certified,
    completionRate: size > 0 ? round(certified / size, 3) : null,
    averageKnowledgeScore: scores.length > 0 ? round(mean(scores), 1) : null,
    adoptionRate: adoption === null ? null : round(adoption, 3),
    adoptionBelowThreshold: adoption !== null && adoption < config.thresholds.adoptionRate,
    adoptionWindow: window.map(dateOf),
    statusCounts,
  };
}
