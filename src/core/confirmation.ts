/**
 * The developer confirmation (the plan's section 5, "Developer Confirmation Template"), as
 * submitted through the form `init` scaffolds from
 * `templates/training-repo/.github/ISSUE_TEMPLATE/context7-confirmation.yml`. The labels
 * below are the form's; a test fails when the two drift apart.
 *
 * Each commitment is a checkboxes field of its own, with one required box holding the plan's
 * sentence: the heading names the commitment, so an edit of the sentence, or a reordering,
 * cannot make one commitment pass for another.
 */
import type { EvidenceOf } from "./evidence.js";
import { MAX_FEEDBACK_LENGTH } from "./evidence.js";
import { context7IdsIn, fieldText, findField, type IssueForm, parseIssueForm } from "./forms.js";

/** The training feedback of a confirmation, as its fact keeps it. */
type TrainingFeedback = NonNullable<EvidenceOf<"confirmation">["feedback"]>;

export const CONFIRMATION_TITLE_PREFIX = "[Context7 confirmation] ";
export const CONFIRMATION_ISSUE_LABEL = "context7-confirmation";

type CommitmentKey = "dailyUsage" | "knowledgeSharing" | "codeReview";

export const COMMITMENTS: Readonly<
  Record<CommitmentKey, { label: string; name: string; statement: string }>
> = {
  dailyUsage: {
    label: "Daily usage commitment",
    name: "daily usage",
    statement:
      "I commit to using Context7 as my first resource for documentation lookup, before consulting Stack Overflow, Google, or asking team members directly.",
  },
  knowledgeSharing: {
    label: "Knowledge sharing commitment",
    name: "knowledge sharing",
    statement:
      "I commit to sharing useful Context7 discoveries in daily standups and documenting valuable patterns for team benefit.",
  },
  codeReview: {
    label: "Code review integration commitment",
    name: "code review integration",
    statement:
      "I commit to referencing Context7 documentation in code reviews and encouraging its use in pull request discussions.",
  },
};

const REAL_WORLD_LABELS = {
  task: "Real-world task: description",
  libraries: "Real-world task: libraries used (with Context7 IDs)",
  outcome: "Real-world task: outcome",
  link: "Real-world task: code review link",
  lessons: "Real-world task: lessons learned",
} as const;

interface UseCaseSlot {
  /** How the missing list names it. */
  name: string;
  labels: {
    description: string;
    library: string;
    libraryId: string;
    topic: string;
    outcome: string;
  };
}

function slot(heading: string, name: string): UseCaseSlot {
  return {
    name,
    labels: {
      description: heading,
      library: `${heading}: library`,
      libraryId: `${heading}: Context7 ID`,
      topic: `${heading}: topic focus`,
      outcome: `${heading}: expected outcome`,
    },
  };
}

const USE_CASE_SLOTS: readonly UseCaseSlot[] = [
  slot("Current task", "the current task"),
  slot("Next week's priority", "next week's priority"),
  slot("Ongoing improvement", "the ongoing improvement"),
];

const FEEDBACK_LABELS = {
  workedWell: "What worked well",
  improve: "What could be improved",
  resources: "Additional resources needed",
  difficulty: "Training difficulty",
  difficultyExplanation: "Training difficulty: explanation",
} as const;

/** The dropdown's options; the leading digit is the difficulty. */
export const DIFFICULTY_OPTIONS = [
  "1 - very easy",
  "2 - easy",
  "3 - moderate",
  "4 - hard",
  "5 - very hard",
] as const;

/** Every field label of the form, in the form's order. */
export const CONFIRMATION_LABELS: readonly string[] = [
  ...Object.values(COMMITMENTS).map((commitment) => commitment.label),
  ...Object.values(REAL_WORLD_LABELS),
  ...USE_CASE_SLOTS.flatMap((useCase) => Object.values(useCase.labels)),
  ...Object.values(FEEDBACK_LABELS),
];

interface Confirmation {
  commitments: Record<CommitmentKey, boolean>;
  /** Use cases with a library and a Context7 ID that parses. */
  useCases: number;
  realWorld: { described: boolean; link: string | null };
  difficulty: number | null;
  /** The feedback answers given (difficulty, what worked, what to improve, resources). */
  feedback: TrainingFeedback;
  /** What the form still lacks, in plain words, in the form's order. */
  missing: string[];
}

/**
 * Whether a body is our confirmation form: at least three of its headings, one of them a
 * commitment. The label may be missing (it does not exist in every repo), so the body decides.
 */
export function isConfirmationForm(body: unknown): boolean {
  const form = parseIssueForm(body, { labels: CONFIRMATION_LABELS });
  const commitments = Object.values(COMMITMENTS).filter((c) => form[c.label] !== undefined);
  return Object.keys(form).length >= 3 && commitments.length > 0;
}

export function parseConfirmation(body: unknown): Confirmation {
  const form = parseIssueForm(body, { labels: CONFIRMATION_LABELS });
  const missing: string[] = [];
  const commitments = { dailyUsage: false, knowledgeSharing: false, codeReview: false };
  for (const key of Object.keys(commitments) as CommitmentKey[]) {
    const { label, name } = COMMITMENTS[key];
    const boxes = findField(form, label)?.checkboxes ?? [];
    // Ticked when the field has its box and every box in it is ticked.
    commitments[key] = boxes.length > 0 && boxes.every((box) => box.checked);
    if (!commitments[key]) missing.push(`a ticked box for the ${name} commitment`);
  }
  const realWorld = readRealWorld(form, missing);
  let useCases = 0;
  for (const useCase of USE_CASE_SLOTS) {
    if (readUseCase(form, useCase, missing)) useCases++;
  }
  const difficulty = readFeedback(form, missing);
  return {
    commitments,
    useCases,
    realWorld,
    difficulty,
    feedback: feedbackOf(form, difficulty),
    missing,
  };
}

function readRealWorld(form: IssueForm, missing: string[]): Confirmation["realWorld"] {
  const text = (label: string) => fieldText(form, label).trim();
  // Described: the task is told; its other parts are listed as missing on their own.
  const described = text(REAL_WORLD_LABELS.task) !== "";
  if (!described) missing.push("a description of the real-world task");
  if (context7IdsIn(text(REAL_WORLD_LABELS.libraries)).length === 0) {
    missing.push("the libraries used in the real-world task, with their Context7 IDs");
  }
  if (text(REAL_WORLD_LABELS.outcome) === "") missing.push("the real-world task's outcome");
  const link = /https?:\/\/[^\s<>()"'`]+/.exec(text(REAL_WORLD_LABELS.link))?.[0] ?? null;
  if (link === null) missing.push("a link to the real-world task's code review");
  if (text(REAL_WORLD_LABELS.lessons) === "") missing.push("the lessons learned");
  return { described, link };
}

/** Whether the use case is complete (a library and a Context7 ID); the rest goes to `missing`. */
function readUseCase(form: IssueForm, useCase: UseCaseSlot, missing: string[]): boolean {
  const text = (label: string) => fieldText(form, label).trim();
  const { labels, name } = useCase;
  const library = text(labels.library);
  // The plan's template asks for "Name and Context7 ID" together: an ID beside the name counts.
  const ids = context7IdsIn(`${text(labels.libraryId)}\n${library}`);
  if (text(labels.description) === "") missing.push(`a description of ${name}`);
  if (library === "") missing.push(`the library for ${name}`);
  if (ids.length === 0) missing.push(`a Context7 ID (/owner/repo) for ${name}`);
  if (text(labels.topic) === "") missing.push(`the topic focus for ${name}`);
  if (text(labels.outcome) === "") missing.push(`the expected outcome for ${name}`);
  return library !== "" && ids.length > 0;
}

function readFeedback(form: IssueForm, missing: string[]): number | null {
  const text = (label: string) => fieldText(form, label).trim();
  if (text(FEEDBACK_LABELS.workedWell) === "") missing.push("feedback on what worked well");
  if (text(FEEDBACK_LABELS.improve) === "") missing.push("feedback on what could be improved");
  const digit = /^\s*([1-5])(?!\d)/.exec(text(FEEDBACK_LABELS.difficulty))?.[1];
  const difficulty = digit === undefined ? null : Number(digit);
  if (difficulty === null) missing.push("the training difficulty (1 to 5)");
  if (text(FEEDBACK_LABELS.difficultyExplanation) === "") {
    missing.push("an explanation of the training difficulty");
  }
  return difficulty;
}

/** The answers given, each cut to MAX_FEEDBACK_LENGTH; an empty answer is left out. */
function feedbackOf(form: IssueForm, difficulty: number | null): TrainingFeedback {
  const answer = (label: string) => {
    const text = fieldText(form, label).trim().slice(0, MAX_FEEDBACK_LENGTH).trim();
    return text === "" ? undefined : text;
  };
  const answers = {
    difficulty: difficulty ?? undefined,
    workedWell: answer(FEEDBACK_LABELS.workedWell),
    improve: answer(FEEDBACK_LABELS.improve),
    resources: answer(FEEDBACK_LABELS.resources),
  };
  return Object.fromEntries(
    Object.entries(answers).filter(([, value]) => value !== undefined),
  ) as TrainingFeedback;
}
