/**
 * Training feedback in Markdown: the difficulty distribution as a table, and the answers
 * quoted as plain text (escaped: no HTML, no table break, no @mention).
 */
import type { FeedbackEntry, TrainingFeedbackSummary } from "../kpis/feedback.js";
import { escapeText, table } from "./markdown.js";

const ANSWERS = [
  ["workedWell", "worked well"],
  ["improve", "to improve"],
  ["resources", "resources needed"],
] as const;

/**
 * The distribution over every developer's latest feedback, then the answers of `quoted`
 * (all of them on the dashboard, the week's in the report); null before any feedback.
 */
export function renderFeedback(
  summary: TrainingFeedbackSummary,
  quoted: readonly FeedbackEntry[],
  names: boolean,
): string | null {
  if (summary.responses === 0) return null;
  const average =
    summary.averageDifficulty === null
      ? ""
      : `; average difficulty ${summary.averageDifficulty} of 5`;
  const sections = [
    `${summary.responses} ${summary.responses === 1 ? "developer" : "developers"} gave feedback in their confirmation form${average}.`,
    table(
      ["difficulty", "1 very easy", "2 easy", "3 moderate", "4 hard", "5 very hard"],
      [["developers", ...summary.difficulty.map(String)]],
    ),
  ];
  const lines = quoted.flatMap((entry) => {
    const who = names ? `**${escapeText(entry.name ?? entry.login)}**` : "A developer";
    const rating = entry.difficulty === null ? "" : ` (difficulty ${entry.difficulty})`;
    const answers = ANSWERS.flatMap(([key, label]) => {
      const text = entry[key];
      return text === null ? [] : [`  - ${label}: ${escapeText(text)}`];
    });
    return answers.length === 0 ? [] : [`- ${who}, ${entry.date}${rating}:`, ...answers];
  });
  if (lines.length > 0) sections.push(lines.join("\n"));
  return sections.join("\n\n");
}
