/**
 * "Context7 saved: 45m" (also `1h30m`, `2h`, `1h 30m`): the time a developer says
 * Context7 saved them, written as a line of a PR body, a review or a comment. It is
 * recorded with the usage of that text; the weekly report sums it.
 */
import { MAX_SAVED_MINUTES } from "./evidence.js";

const LINE =
  /^[\s>*_-]*(?:\*\*|__)?Context7 saved(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*(?:(\d{1,3})\s*h)?\s*(?:(\d{1,4})\s*m(?:in)?)?\s*(?:\*\*|__)?\s*$/im;

/** The minutes of the first `Context7 saved:` line, capped at a day; null without one. */
export function savedMinutesIn(text: string): number | null {
  const match = LINE.exec(text);
  if (match === null || (match[1] === undefined && match[2] === undefined)) return null;
  const minutes = Number(match[1] ?? 0) * 60 + Number(match[2] ?? 0);
  if (minutes <= 0) return null;
  return Math.min(minutes, MAX_SAVED_MINUTES);
}
