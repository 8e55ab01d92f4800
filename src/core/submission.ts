/**
 * Validates an exercise submission's PR body against the curriculum: the
 * `resolve-library-id` step for the exercise's library, the docs step (`get-library-docs`
 * or `query-docs`) with the catalog's library ID and topic, three documented best
 * practices, and tests. The App publishes the result as the `Context7 exercise` check run.
 */
import type { Config } from "./config.js";
import type { Exercise } from "./curriculum.js";
import { detect, type Reference, visibleText } from "./detect.js";
import { exerciseIdOf } from "./events.js";
import { type EvidenceOf, MAX_BEST_PRACTICES, MAX_PRACTICE_LENGTH } from "./evidence.js";
import { escapeText } from "./render/markdown.js";

export const CHECK_NAME = "Context7 exercise";

/** The end-to-end exercise spans several libraries: this many documentation lookups. */
const MULTI_LIBRARY_LOOKUPS = 4;
const BEST_PRACTICES = 3;

interface ChecklistItem {
  label: string;
  done: boolean;
  /** How to fix it, when not done. */
  hint: string;
}

interface SubmissionCheck {
  exerciseId: string;
  exercise: Exercise | null;
  items: ChecklistItem[];
  passed: boolean;
  title: string;
  summary: string;
}

/** The check of a PR that names an exercise, or null when it names none. */
export function checkSubmission(
  config: Config,
  pullRequest: { title: string; body: string | null },
): SubmissionCheck | null {
  const exerciseId = exerciseIdOf(pullRequest);
  if (exerciseId === null) return null;
  const exercise = config.exercises.find((candidate) => candidate.id === exerciseId) ?? null;
  if (exercise === null) {
    const ids = config.exercises.map((candidate) => `\`${candidate.id}\``).join(", ");
    return {
      exerciseId,
      exercise,
      items: [],
      passed: false,
      title: `Unknown exercise "${exerciseId}"`,
      summary: `This PR names the exercise \`${exerciseId}\`, which is not in the curriculum. Change the \`Exercise:\` line to one of: ${ids}.`,
    };
  }
  const body = visibleText(pullRequest.body ?? "");
  const references = detect(body);
  const items = [
    resolveStep(exercise, references),
    docsStep(exercise, references),
    bestPractices(body),
    testsMentioned(body),
  ];
  const passed = items.every((item) => item.done);
  const done = items.filter((item) => item.done).length;
  const checklist = items
    .map(
      (item) =>
        `- [${item.done ? "x" : " "}] ${item.label}${item.done ? "" : `\n  - ${item.hint}`}`,
    )
    .join("\n");
  return {
    exerciseId,
    exercise,
    items,
    passed,
    title: passed
      ? `${exercise.id}: all ${items.length} steps documented`
      : `${exercise.id}: ${items.length - done} of ${items.length} steps missing`,
    summary: `**${escapeText(exercise.title)}** — ${escapeText(exercise.objective)}\n\n${checklist}\n`,
  };
}

const sameText = (a: string, b: string) =>
  a
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim() ===
  b
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim();

function resolveStep(exercise: Exercise, references: Reference[]): ChecklistItem {
  const resolves = references.filter((reference) => reference.tool === "resolve-library-id");
  if (exercise.library === null) {
    return {
      label: "`resolve-library-id` for each library used",
      done: resolves.length > 0,
      hint: 'Show the library lookups, for example `resolve-library-id: "prisma"`.',
    };
  }
  const library = exercise.library;
  return {
    label: `\`resolve-library-id\` for "${library}"`,
    done: resolves.some(
      (reference) => reference.libraryName !== null && sameText(reference.libraryName, library),
    ),
    hint: `Add the lookup as a step, for example \`resolve-library-id: "${library}"\`.`,
  };
}

function docsStep(exercise: Exercise, references: Reference[]): ChecklistItem {
  const docs = references.filter(
    (reference) => reference.tool === "get-library-docs" || reference.tool === "query-docs",
  );
  if (exercise.libraryId === null) {
    return {
      label: `Documentation lookups (\`get-library-docs\` or \`query-docs\`) for at least ${MULTI_LIBRARY_LOOKUPS} libraries`,
      done:
        new Set(docs.map((reference) => reference.libraryId).filter((id) => id !== null)).size >=
        MULTI_LIBRARY_LOOKUPS,
      hint: `List each lookup with its library ID and topic, for example \`query-docs: "/prisma/docs", topic: "schema"\`.`,
    };
  }
  const { libraryId, topic } = exercise;
  const hasTopic = (reference: Reference) =>
    topic === null ||
    reference.topic
      ?.toLowerCase()
      .replace(/[\s_]+/g, "-")
      .includes(topic.toLowerCase());
  return {
    label: `\`get-library-docs\` or \`query-docs\` on \`${libraryId}\`${topic === null ? "" : ` with topic "${topic}"`}`,
    done: docs.some(
      (reference) =>
        reference.libraryId?.toLowerCase() === libraryId.toLowerCase() && hasTopic(reference),
    ),
    hint: `Add the documentation step, for example \`query-docs: "${libraryId}"${topic === null ? "" : `, topic: "${topic}"`}\`.`,
  };
}

/** The list items under headings that say "best practice(s)", in order. */
function bestPracticeItems(body: string): string[] {
  let inSection = false;
  const items: string[] = [];
  for (const line of body.split(/\r?\n/)) {
    if (/^\s{0,3}#{1,6}\s/.test(line)) inSection = /best practices?/i.test(line);
    else if (inSection) {
      const item = /^\s{0,3}(?:[-*+]|\d+[.)])\s+(\S.*)$/.exec(line);
      if (item?.[1] !== undefined) items.push(item[1].trim());
    }
  }
  return items;
}

/**
 * The check as a fact of the submission (for the quality score and the knowledge base):
 * items done of total, and its best practices, at most MAX_BEST_PRACTICES, each cut to
 * MAX_PRACTICE_LENGTH characters. Null for an unknown exercise.
 */
export function checkEvidence(
  check: SubmissionCheck,
  pullRequest: { node_id: string; number: number; html_url: string; body: string | null },
  repo: string,
  at: string,
): EvidenceOf<"exercise-check"> | null {
  if (check.exercise === null || check.items.length === 0) return null;
  const practices = bestPracticeItems(visibleText(pullRequest.body ?? ""))
    .slice(0, MAX_BEST_PRACTICES)
    .map((text) => text.slice(0, MAX_PRACTICE_LENGTH));
  return {
    id: `check-${pullRequest.node_id}-${Date.parse(at)}`,
    kind: "exercise-check",
    at,
    exercise: check.exerciseId,
    repo,
    pr: pullRequest.number,
    done: check.items.filter((item) => item.done).length,
    total: check.items.length,
    ...(practices.length > 0 ? { bestPractices: practices } : {}),
    url: pullRequest.html_url,
  };
}

/** At least three list items under a heading that says "best practice(s)". */
function bestPractices(body: string): ChecklistItem {
  const count = bestPracticeItems(body).length;
  return {
    label: `${BEST_PRACTICES} best practices documented`,
    done: count >= BEST_PRACTICES,
    hint: `Under a "## Best practices" heading, list ${BEST_PRACTICES} practices you took from the docs (found ${count}).`,
  };
}

function testsMentioned(body: string): ChecklistItem {
  const withoutExerciseLine = body.replace(/^.*Exercise.*:.*$/gim, "");
  return {
    label: "Tests mentioned",
    done: /\b(?:tests?|tested|testing|specs?)\b/i.test(withoutExerciseLine),
    hint: 'Say which tests cover the change (a "## Tests" section).',
  };
}
