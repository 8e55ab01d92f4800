/**
 * Training feedback: each developer's latest confirmation form (the latest counts, as for
 * the commitments), its difficulty from 1 to 5 and its answers, and the team's distribution.
 */
import type { LocalClock } from "../calendar.js";
import type { Evidence, EvidenceOf } from "../evidence.js";
import { round } from "./numbers.js";

export interface FeedbackEntry {
  login: string;
  name: string | null;
  /** The local date of the confirmation. */
  date: string;
  difficulty: number | null;
  workedWell: string | null;
  improve: string | null;
  resources: string | null;
}

export interface TrainingFeedbackSummary {
  /** Developers whose latest confirmation gave any feedback. */
  responses: number;
  /** How many rated the difficulty 1, 2, 3, 4 and 5. */
  difficulty: [number, number, number, number, number];
  averageDifficulty: number | null;
  /** One per developer, in the order given. */
  entries: FeedbackEntry[];
}

export function feedbackEntry(
  developer: { login: string; name: string | null },
  evidence: readonly Evidence[],
  clock: LocalClock,
): FeedbackEntry | null {
  let latest: EvidenceOf<"confirmation"> | null = null;
  for (const item of evidence)
    if (
      item.kind === "confirmation" &&
      (latest === null || Date.parse(item.at) >= Date.parse(latest.at))
    )
      latest = item;
  const feedback = latest?.feedback;
  if (latest === null || feedback === undefined) return null;
  return {
    login: developer.login,
    name: developer.name,
    date: clock.date(latest.at),
    difficulty: feedback.difficulty ?? null,
    workedWell: feedback.workedWell ?? null,
    improve: feedback.improve ?? null,
    resources: feedback.resources ?? null,
  };
}

export function summariseFeedback(entries: readonly FeedbackEntry[]): TrainingFeedbackSummary {
  const difficulty: TrainingFeedbackSummary["difficulty"] = [0, 0, 0, 0, 0];
  const rated = entries.flatMap((entry) => (entry.difficulty === null ? [] : [entry.difficulty]));
  for (const value of rated) difficulty[value - 1] = (difficulty[value - 1] ?? 0) + 1;
  return {
    responses: entries.length,
    difficulty,
    averageDifficulty:
      rated.length === 0
        ? null
        : round(rated.reduce((sum, value) => sum + value, 0) / rated.length),
    entries: [...entries],
  };
}
