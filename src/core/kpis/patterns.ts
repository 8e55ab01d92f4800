/**
 * The knowledge base: the developers' discoveries and the best practices of their passed
 * submissions, each counted once.
 */
import { dateOf, type LocalClock } from "../calendar.js";
import type { Evidence } from "../evidence.js";
import { passed, type SubmissionFacts } from "./submissions.js";

export interface Pattern {
  kind: "discovery" | "practice";
  date: string;
  login: string;
  text: string;
  url: string | null;
}

export function patternsOf(
  login: string,
  evidence: readonly Evidence[],
  submissions: readonly SubmissionFacts[],
  clock: LocalClock,
  nowMs: number,
): Pattern[] {
  const discoveries = evidence.flatMap((item): Pattern[] =>
    item.kind === "discovery"
      ? [
          {
            kind: "discovery",
            date: clock.date(item.at),
            login,
            text: item.title ?? "a discovery",
            url: item.url ?? null,
          },
        ]
      : [],
  );
  const practices = submissions.filter(passed).flatMap((s) =>
    (s.check?.practices ?? []).map(
      (practice): Pattern => ({
        kind: "practice",
        date: dateOf(clock.day(s.mergedAt ?? nowMs)),
        login,
        text: practice,
        url: s.url,
      }),
    ),
  );
  return [...discoveries, ...practices];
}

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

/** The first of each pattern by kind and text (ignoring case and spacing), oldest first. */
export function distinctPatterns(patterns: readonly Pattern[]): Pattern[] {
  const seen = new Set<string>();
  return patterns
    .filter((pattern) => {
      const key = `${pattern.kind}:${normalise(pattern.text)}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    })
    .sort((a, b) => a.date.localeCompare(b.date) || a.text.localeCompare(b.text));
}
