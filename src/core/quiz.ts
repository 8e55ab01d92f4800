/**
 * The Gate 1 knowledge check (the plan's section 3): the questions of
 * `templates/training-repo/.github/ISSUE_TEMPLATE/context7-knowledge-check.yml` as data,
 * the answer key, and the grading of a submitted issue. A test fails when this data and the form drift apart.
 *
 * The answer key never enters the repository: the App reads it from the environment variable
 * `CONTEXT7_QUIZ_KEY`, one `<question id>=<letter>` entry for each multiple-choice question
 * (q1 to q9), separated by commas, semicolons, spaces or new lines, in any case and order
 * (spaces around `=` are allowed):
 *
 *     CONTEXT7_QUIZ_KEY="q1=<letter>,q2=<letter>,…,q9=<letter>"
 *
 * The use-case question (q10) has no entry: it is graded from what the developer wrote.
 * Nothing here ever prints a letter of the key, nor the text of a right answer.
 */
import { dateOf, LocalClock } from "./calendar.js";
import type { Config } from "./config.js";
import type { Evidence, QUIZ_REFUSALS } from "./evidence.js";
import { context7IdsIn, fieldText, findField, parseIssueForm } from "./forms.js";

export const QUIZ_TITLE_PREFIX = "[Context7 knowledge check] ";
export const QUIZ_ISSUE_LABEL = "context7-knowledge-check";
export const QUIZ_KEY_VARIABLE = "CONTEXT7_QUIZ_KEY";
/** The lines naming a Context7 library ID the use-case question needs for its point. */
const USE_CASES_REQUIRED = 5;

const RESOLVE = "the resolve-library-id process";
const ID_FORMAT = "the Context7 library ID format, with a version";
const PARAMETERS = "the get-library-docs / query-docs parameters";
const PRINCIPLE = 'the "use more rather than less" principle';
const USE_CASES = "identifying project use cases with their Context7 IDs";

interface QuizQuestion {
  id: string;
  /** The form's label, exactly: the heading of the submitted issue. */
  label: string;
  /** What to revisit when it is missed, in words. */
  topic: string;
  /** The letters of its options, or null for the use-case question. */
  letters: readonly string[] | null;
}

const ABCD = ["A", "B", "C", "D"] as const;

export const QUIZ_QUESTIONS: readonly QuizQuestion[] = [
  {
    id: "q1",
    label:
      "Q1. You need React documentation and have no Context7 library ID yet. Which tool do you call first?",
    topic: RESOLVE,
    letters: ABCD,
  },
  {
    id: "q2",
    label: "Q2. What does resolve-library-id give you back?",
    topic: RESOLVE,
    letters: ABCD,
  },
  {
    id: "q3",
    label: "Q3. resolve-library-id returns several matches. How do you pick one?",
    topic: RESOLVE,
    letters: ABCD,
  },
  {
    id: "q4",
    label:
      "Q4. Your prompt already contains the Context7 ID /vercel/next.js. What does the Context7 documentation say about calling resolve-library-id?",
    topic: RESOLVE,
    letters: ABCD,
  },
  {
    id: "q5",
    label: "Q5. Which is a Context7-compatible library ID for one specific version of Next.js?",
    topic: ID_FORMAT,
    letters: ABCD,
  },
  {
    id: "q6",
    label: "Q6. What does the topic parameter of get-library-docs do?",
    topic: PARAMETERS,
    letters: ABCD,
  },
  {
    id: "q7",
    label:
      "Q7. Since Context7 MCP 2.0, get-library-docs is called query-docs. Which two parameters does query-docs require?",
    topic: PARAMETERS,
    letters: ABCD,
  },
  {
    id: "q8",
    label: 'Q8. What does the "use more rather than less" principle ask of you?',
    topic: PRINCIPLE,
    letters: ABCD,
  },
  {
    id: "q9",
    label:
      "Q9. You are fairly sure how an Express middleware API works, but have not checked it for this project's Express version. What does the principle suggest?",
    topic: PRINCIPLE,
    letters: ABCD,
  },
  {
    id: "q10",
    label:
      "Q10. Five project-specific use cases for Context7, one per line, each with the library's Context7 ID.",
    topic: USE_CASES,
    letters: null,
  },
];

const QUIZ_LABELS = QUIZ_QUESTIONS.map((question) => question.label);
const CHOICE_QUESTIONS = QUIZ_QUESTIONS.filter((question) => question.letters !== null);

/** Question id → the right letter. Built only by `parseAnswerKey`. */
export interface AnswerKey {
  readonly answers: ReadonlyMap<string, string>;
}

type AnswerKeyResult =
  | { ok: true; key: AnswerKey }
  | { ok: false; problems: string[]; message: string };

/** Whether a body is a submitted knowledge check: at least three of its question headings. */
export function isQuizForm(body: unknown): boolean {
  return Object.keys(parseIssueForm(body, { labels: QUIZ_LABELS })).length >= 3;
}

/**
 * Reads `CONTEXT7_QUIZ_KEY`. Every problem is named by question id or by the entry's
 * position, never by the letters written, so the message can be logged and shown.
 */
export function parseAnswerKey(text: unknown): AnswerKeyResult {
  const problems: string[] = [];
  const answers = new Map<string, string>();
  const seen = new Set<string>();
  const entries = (typeof text === "string" ? text : "")
    .replace(/[ \t]*=[ \t]*/g, "=")
    .split(/[\s,;]+/)
    .filter(Boolean);
  entries.forEach((entry, index) => {
    const match = /^(q\d{1,3})=([a-z])$/i.exec(entry);
    const id = match?.[1]?.toLowerCase() ?? "";
    const letter = match?.[2]?.toUpperCase() ?? "";
    const question = QUIZ_QUESTIONS.find((candidate) => candidate.id === id);
    if (match === null) {
      problems.push(`entry ${index + 1} is not written as q<number>=<letter>`);
    } else if (question === undefined) {
      problems.push(`${id} is not a question of the knowledge check`);
    } else if (question.letters === null) {
      problems.push(`${id} is graded from its use cases and takes no letter`);
    } else if (seen.has(id)) {
      problems.push(`${id} is given more than once`);
    } else if (!question.letters.includes(letter)) {
      problems.push(`${id}'s letter is not one of its options (${question.letters.join(", ")})`);
    } else {
      answers.set(id, letter);
    }
    seen.add(id);
  });
  const absent = CHOICE_QUESTIONS.filter((question) => !seen.has(question.id));
  if (absent.length > 0) problems.push(`no letter for ${absent.map((q) => q.id).join(", ")}`);
  if (problems.length === 0) return { ok: true, key: { answers } };
  const expected = CHOICE_QUESTIONS.map((q) => `${q.id}=<letter>`).join(",");
  return {
    ok: false,
    problems,
    message: `${QUIZ_KEY_VARIABLE} is not a valid answer key: ${problems.join("; ")}. Write one entry per question, ${expected}.`,
  };
}

interface Grade {
  /** 0..100, round(100 × points / total). */
  score: number;
  /** Points earned: one per right answer, one for the use cases. */
  correct: number;
  total: number;
  /** Topics of the questions missed or left unanswered, each once, in the form's order. */
  topicsToRevisit: string[];
  /** Distinct lines of the use-case answer naming a Context7 library ID. */
  useCases: number;
}

export function gradeQuiz(body: unknown, key: AnswerKey): Grade {
  const form = parseIssueForm(body, { labels: QUIZ_LABELS });
  let correct = 0;
  const topics = new Set<string>();
  let useCases = 0;
  for (const question of QUIZ_QUESTIONS) {
    let right: boolean;
    if (question.letters === null) {
      useCases = countUseCases(fieldText(form, question.label));
      // The use-case question is worth one point when at least five distinct lines each
      // name a Context7 library ID (`/owner/repo`, optionally with a version, or a
      // context7.com URL): the plan's "identify 5 project-specific use cases".
      right = useCases >= USE_CASES_REQUIRED;
    } else {
      const answer = letterOf(findField(form, question.label)?.text ?? "");
      right = answer !== null && answer === key.answers.get(question.id);
    }
    if (right) correct++;
    else topics.add(question.topic);
  }
  const total = QUIZ_QUESTIONS.length;
  return {
    score: Math.round((100 * correct) / total),
    correct,
    total,
    topicsToRevisit: [...topics],
    useCases,
  };
}

/** The letter a dropdown answer starts with (`B) …`, or a lone `B` after an edit). */
function letterOf(answer: string): string | null {
  const match = /^\s{0,10}[*_]{0,2}\(?([A-Za-z])(?:[).:\]]|\s|$)/.exec(answer);
  return match === null ? null : (match[1] as string).toUpperCase();
}

function countUseCases(answer: string): number {
  const lines = new Set<string>();
  for (const line of answer.split("\n")) {
    const normalized = line
      .replace(/^\s*(?:[-*+]|\d{1,3}[.)])\s+/, "")
      .trim()
      .replace(/\s+/g, " ")
      .toLowerCase();
    if (normalized !== "" && context7IdsIn(normalized).length > 0) lines.add(normalized);
  }
  return lines.size;
}

/**
 * The reply to a graded attempt: the total score against the threshold and the attempts
 * left, nothing else. It never says which questions were right or wrong (not even by
 * topic), so a developer's replies narrow the key down by their totals only (quiz.test.ts
 * bounds what a developer learns from all their attempts).
 */
export function describeGrade(grade: Grade, threshold: number, attemptsLeft: number): string {
  const passed = grade.score >= threshold;
  return [
    `**Context7 knowledge check: ${grade.score}/100.**`,
    "",
    passed
      ? `Passed: Gate 1 needs ${threshold} or more.`
      : `Not passed yet: Gate 1 needs ${threshold} or more.`,
    "",
    `Only the total is given, never which answers were right. The questions cover ${TOPICS.join(", ")}; the last one counts when at least ${USE_CASES_REQUIRED} lines each name a different task and its library's Context7 ID.`,
    "",
    attemptsLeft > 0
      ? `Retakes: ${attemptsLeft} more ${attemptsLeft === 1 ? "attempt" : "attempts"}, at most one a day; your best score counts.`
      : "That was your last graded attempt; your best score counts.",
  ].join("\n");
}

const TOPICS = [...new Set(QUIZ_QUESTIONS.map((question) => question.topic))];

export type QuizRefusal = (typeof QUIZ_REFUSALS)[number];

/** The attempts the App graded for a developer: their knowledge scores from the form. */
export function gradedAttempts(evidence: readonly Evidence[]): Evidence[] {
  return evidence.filter((item) => item.kind === "knowledge-score" && item.source === "quiz");
}

/**
 * Why an attempt made at `at` is not graded, or null when it is: every graded attempt
 * (`thresholds.knowledgeCheckAttempts`) is used, or one was graded on the same local day
 * (programme timezone) already. A refused attempt is not an attempt: it uses up nothing.
 */
export function quizRefusal(
  config: Config,
  evidence: readonly Evidence[],
  at: string,
): { reason: QuizRefusal; message: string } | null {
  const graded = gradedAttempts(evidence);
  const cap = config.thresholds.knowledgeCheckAttempts;
  const best = Math.max(...graded.map((item) => (item as { score: number }).score));
  if (graded.length >= cap) {
    return {
      reason: "attempts-used",
      message: `This knowledge check was not graded: all ${cap} attempts are used, and your best score, ${best}/100, counts. If another assessment is agreed, a manager records its score with \`/context7 knowledge\`.`,
    };
  }
  const clock = new LocalClock(config.timezone);
  const today = clock.day(at);
  if (graded.some((item) => clock.day(item.at) === today)) {
    const left = cap - graded.length;
    return {
      reason: "same-day",
      message: `This knowledge check was not graded: one attempt a day (${config.timezone}), and today's is taken (${best}/100 is your best so far). Open the form again on ${dateOf(today + 1)} or later; ${left} ${left === 1 ? "attempt is" : "attempts are"} left, and this one used none.`,
    };
  }
  return null;
}

export const quizKeyMissingMessage = `the answer key is not set. The App reads it from the environment variable ${QUIZ_KEY_VARIABLE} (the App's environment, e.g. its .env file or a secret of its host or workflow), written q1=<letter>,q2=<letter>,… for each multiple-choice question. Nothing was recorded for this attempt; once the key is set, open the knowledge check form again.`;
