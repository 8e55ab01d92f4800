import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { isConfirmationForm } from "../../src/core/confirmation.js";
import {
  type AnswerKey,
  describeGrade,
  gradeQuiz,
  isQuizForm,
  parseAnswerKey,
  QUIZ_ISSUE_LABEL,
  QUIZ_KEY_VARIABLE,
  QUIZ_QUESTIONS,
  QUIZ_TITLE_PREFIX,
  quizKeyMissingMessage,
  quizRefusal,
} from "../../src/core/quiz.js";
import { makeConfig } from "../support/builders.js";
import {
  type Answers,
  fieldsOf,
  readIssueForm,
  renderSubmittedForm,
} from "../support/issue-forms.js";

const yaml = readIssueForm("context7-knowledge-check.yml");
const choices = QUIZ_QUESTIONS.filter((question) => question.letters !== null);

// A made-up key, built here so that no key is ever written out in the repository. The real
// key lives only in the App's environment.
const fakeLetters = new Map(
  choices.map((question, index) => [question.id, "ABCD"[index % 4] as string]),
);
const fakeKeyText = [...fakeLetters].map(([id, letter]) => `${id}=${letter}`).join(",");

function fakeKey(): AnswerKey {
  const parsed = parseAnswerKey(fakeKeyText);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.key;
}

/** Another letter than the key's. */
const wrong = (letter: string) => (letter === "A" ? "B" : "A");

const useCases = [
  "Lobby creation with region selection: Hathora /hathora/server-sdk",
  "Reconnect with backoff: ws /websockets/ws",
  "- Memoise the game renderer: React `/facebook/react`",
  "2. Typed action system: TypeScript /microsoft/typescript",
  "Visual regression tests: Playwright https://context7.com/microsoft/playwright",
].join("\n");

function allRight(): Answers {
  return { ...Object.fromEntries(fakeLetters), q10: useCases };
}

function optionText(id: string, letter: string): string {
  const field = fieldsOf(yaml).find((candidate) => candidate.id === id);
  const options = (field?.attributes.options ?? []) as string[];
  return options.find((option) => option.startsWith(`${letter})`)) as string;
}

describe("the knowledge-check form", () => {
  it("asks the grader's questions: same ids, labels and option letters", () => {
    expect(yaml.title).toBe(QUIZ_TITLE_PREFIX);
    expect(yaml.labels).toEqual([QUIZ_ISSUE_LABEL]);
    const fields = fieldsOf(yaml);
    expect(fields.length).toBeGreaterThanOrEqual(8);
    expect(fields.length).toBeLessThanOrEqual(10);
    expect(
      fields.map((field) => ({
        id: field.id,
        label: field.label,
        letters:
          field.type === "dropdown"
            ? (field.attributes.options as string[]).map((option) => option.slice(0, 3))
            : null,
      })),
    ).toEqual(
      QUIZ_QUESTIONS.map((question) => ({
        id: question.id,
        label: question.label,
        letters: question.letters?.map((letter) => `${letter}) `) ?? null,
      })),
    );
    expect(fields.filter((field) => field.type === "textarea").map((field) => field.id)).toEqual([
      "q10",
    ]);
    expect(new Set(fields.map((field) => field.label)).size).toBe(fields.length);
  });

  it("has no answer key anywhere in the repository", () => {
    const root = fileURLToPath(new URL("../../", import.meta.url));
    const skipped = new Set(["node_modules", ".git", "dist", "coverage"]);
    const holdsKey = (text: string) =>
      (text.match(/\bq\d{1,2}\s*[=:]\s*[a-d]\b/gi) ?? []).length >= 3;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        // A local .env may hold the real key: it is git-ignored, never committed.
        if (skipped.has(entry.name) || /^\.env(?!\.example$)/.test(entry.name)) continue;
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (
          entry.isFile() &&
          statSync(path).size < 5_000_000 &&
          holdsKey(readFileSync(path, "utf8"))
        ) {
          offenders.push(path);
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});

describe("parseAnswerKey", () => {
  it("accepts the key in any case, order and separator", () => {
    const shuffled = [...fakeLetters]
      .reverse()
      .map(([id, letter]) => `${id.toUpperCase()} = ${letter.toLowerCase()}`)
      .join(" ;\n");
    const parsed = parseAnswerKey(shuffled);
    expect(parsed.ok && [...parsed.key.answers]).toEqual([...fakeLetters].reverse());
  });

  it("rejects a malformed key, naming every problem without echoing its letters", () => {
    // Built from pairs, so that no key-like text is written in the repository.
    const pairs = [
      ["q1", "B"],
      ["q2", "E"],
      ["q12", "C"],
      ["q4", "D"],
      ["q4", "A"],
      ["q10", "A"],
    ];
    const entries = [...pairs.map(([id, letter]) => `${id}=${letter}`), "q5:B"];
    const more = [
      ["q6", "B"],
      ["q7", "C"],
      ["q8", "D"],
    ].map(([id, letter]) => `${id}=${letter}`);
    const parsed = parseAnswerKey([...entries, ...more].join(", "));
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.problems).toEqual([
      "q2's letter is not one of its options (A, B, C, D)",
      "q12 is not a question of the knowledge check",
      "q4 is given more than once",
      "q10 is graded from its use cases and takes no letter",
      "entry 7 is not written as q<number>=<letter>",
      "no letter for q3, q5, q9",
    ]);
    expect(parsed.message).toMatch(/^CONTEXT7_QUIZ_KEY is not a valid answer key: q2's letter/);
    expect(parsed.message).not.toMatch(/q\d+\s*[=:]\s*[A-Za-z]\b/);
    expect(parsed.message).not.toMatch(/\bE\b/);
  });

  it("rejects an empty key", () => {
    const parsed = parseAnswerKey("  ");
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problems).toEqual([
      `no letter for ${choices.map((question) => question.id).join(", ")}`,
    ]);
  });

  it("says what is missing, where to set it, and that nothing was recorded", () => {
    expect(quizKeyMissingMessage).toContain(QUIZ_KEY_VARIABLE);
    expect(quizKeyMissingMessage).toMatch(/environment/);
    expect(quizKeyMissingMessage).toMatch(/secret/);
    expect(quizKeyMissingMessage).toMatch(/Nothing was recorded/);
  });
});

describe("gradeQuiz", () => {
  it("gives 100 for a form submitted with every answer right", () => {
    const body = renderSubmittedForm(yaml, allRight());
    expect(body).toContain(`### ${QUIZ_QUESTIONS[0]?.label}\n\n${optionText("q1", "A")}\n\n`);
    expect(isQuizForm(body)).toBe(true);
    expect(isConfirmationForm(body)).toBe(false);
    const grade = gradeQuiz(body, fakeKey());
    expect(grade).toEqual({ score: 100, correct: 10, total: 10, topicsToRevisit: [], useCases: 5 });
    expect(describeGrade(grade, 85, 2)).toContain("Passed");
  });

  it("grades wrong answers: the total score only, never which were right, nor a right answer", () => {
    const answers = allRight();
    for (const id of ["q2", "q5", "q8", "q9"]) answers[id] = wrong(fakeLetters.get(id) as string);
    answers.q4 = undefined;
    answers.q10 = useCases.split("\n").slice(0, 4).join("\n");
    const grade = gradeQuiz(renderSubmittedForm(yaml, answers), fakeKey());
    expect(grade).toEqual({
      score: 40,
      correct: 4,
      total: 10,
      topicsToRevisit: [
        "the resolve-library-id process",
        "the Context7 library ID format, with a version",
        'the "use more rather than less" principle',
        "identifying project use cases with their Context7 IDs",
      ],
      useCases: 4,
    });
    const reply = describeGrade(grade, 85, 2);
    expect(reply).toContain("**Context7 knowledge check: 40/100.**");
    expect(reply).toContain("Not passed yet: Gate 1 needs 85 or more.");
    expect(reply).toContain("Only the total is given, never which answers were right.");
    expect(reply).not.toMatch(/4 of|revisit|- the /);
    expect(reply).toContain("Retakes: 2 more attempts, at most one a day; your best score counts.");
    expect(describeGrade(grade, 85, 0)).toContain("That was your last graded attempt");
    for (const [id, letter] of fakeLetters) {
      const right = optionText(id, letter);
      expect(reply).not.toContain(right);
      expect(reply).not.toContain(right.slice(3));
    }
    expect(reply).not.toContain(fakeKeyText);
    expect(reply).not.toMatch(/q\d+\s*=/);
  });

  it("passes at exactly the threshold, and fails one point under it", () => {
    const answers = allRight();
    answers.q3 = wrong(fakeLetters.get("q3") as string);
    const grade = gradeQuiz(renderSubmittedForm(yaml, answers), fakeKey());
    expect(grade.score).toBe(90);
    expect(describeGrade(grade, 90, 1)).toContain("Passed: Gate 1 needs 90 or more.");
    expect(describeGrade(grade, 91, 1)).toContain("Not passed yet: Gate 1 needs 91 or more.");
    expect(describeGrade({ ...grade, score: 85 }, 85, 1)).toContain("Passed: Gate 1 needs 85");
    expect(describeGrade({ ...grade, score: 84 }, 85, 1)).toContain("Not passed yet");
  });

  it("counts five distinct lines naming a Context7 ID as the use-case point", () => {
    const grade = (q10: string) =>
      gradeQuiz(renderSubmittedForm(yaml, { ...allRight(), q10 }), fakeKey());
    const four = useCases.split("\n").slice(0, 4);
    expect(grade([...four, four[0] as string].join("\n")).useCases).toBe(4);
    expect(grade([...four, "Caching in Next.js, no ID yet"].join("\n")).useCases).toBe(4);
    expect(grade([...four, "", "Caching: /vercel/next.js/v15.1.8"].join("\n"))).toMatchObject({
      useCases: 5,
      score: 100,
    });
  });

  it("grades a developer's edited body: CRLF, trailing spaces, comments, a bare letter", () => {
    const body = renderSubmittedForm(yaml, allRight())
      .replace(optionText("q1", "A"), "A   \nI was unsure here <!-- note -->")
      .replaceAll("\n", "\r\n");
    expect(gradeQuiz(`<!-- attempt 2 -->\r\n${body}`, fakeKey()).score).toBe(100);
  });

  it("gives nothing for a body that is not the quiz", () => {
    expect(isQuizForm("Some issue about context7")).toBe(false);
    expect(gradeQuiz(null, fakeKey())).toMatchObject({ score: 0, correct: 0, useCases: 0 });
  });
});

describe("what a developer learns about the key from the replies", () => {
  const config = makeConfig();
  const cap = config.thresholds.knowledgeCheckAttempts;
  const reply = (answers: Answers, attemptsLeft: number) =>
    describeGrade(gradeQuiz(renderSubmittedForm(yaml, answers), fakeKey()), 85, attemptsLeft);

  it("a reply depends on the total only: attempts right on different questions read the same", () => {
    const missQ1 = { ...allRight(), q1: wrong(fakeLetters.get("q1") as string) };
    const missQ9 = { ...allRight(), q9: wrong(fakeLetters.get("q9") as string) };
    expect(reply(missQ1, 2)).toBe(reply(missQ9, 2));
    expect(reply(missQ1, 2)).not.toBe(reply(allRight(), 2));
  });

  it("bounds an attacker who sees every reply of every allowed attempt far below the key", () => {
    // Each graded attempt is answered by one of the replies its total allows (0..10 points,
    // the use-case point being the developer's own), whatever the answers.
    const perAttempt = new Set<string>();
    for (let right = 0; right <= choices.length; right++) {
      for (const q10 of [useCases, ""]) {
        const answers: Answers = { ...allRight(), q10 };
        for (const question of choices.slice(right))
          answers[question.id] = wrong(fakeLetters.get(question.id) as string);
        perAttempt.add(reply(answers, 0));
      }
    }
    expect(perAttempt.size).toBeLessThanOrEqual(QUIZ_QUESTIONS.length + 1);
    // An attacker's strategy, however adaptive, is a tree with at most this many leaves, each
    // naming one key: it recovers at most that many of the possible keys.
    const replySequences = perAttempt.size ** cap;
    const keys = choices.reduce(
      (product, question) => product * (question.letters?.length ?? 1),
      1,
    );
    expect(keys).toBe(4 ** 9);
    expect(replySequences).toBeLessThanOrEqual(1331);
    expect(replySequences / keys).toBeLessThan(0.006);
    // Bits: under 10.4 learned of the 18 the key holds.
    expect(Math.log2(replySequences)).toBeLessThan(Math.log2(keys) / 1.7);
  });
});

describe("quizRefusal", () => {
  const berlin = makeConfig({ timezone: "Europe/Berlin" });
  const attempt = (at: string, score = 60) => ({
    id: `quiz-${at}`,
    kind: "knowledge-score" as const,
    at,
    score,
    by: "alice",
    source: "quiz" as const,
    issue: 1,
  });

  it("grades the first attempt, and a retake on a later local day", () => {
    expect(quizRefusal(berlin, [], "2026-11-24T09:00:00Z")).toBeNull();
    expect(
      quizRefusal(berlin, [attempt("2026-11-24T09:00:00Z")], "2026-11-25T09:00:00Z"),
    ).toBeNull();
  });

  it("refuses a second attempt on one local day in the programme timezone", () => {
    // 23:30 UTC on the 24th is already the 25th in Berlin.
    const taken = [attempt("2026-11-24T23:30:00Z", 70)];
    const refused = quizRefusal(berlin, taken, "2026-11-25T20:00:00Z");
    expect(refused?.reason).toBe("same-day");
    expect(refused?.message).toContain(
      "Open the form again on 2026-11-26 or later; 2 attempts are left",
    );
    expect(quizRefusal(berlin, taken, "2026-11-24T22:00:00Z")).toBeNull();
  });

  it("refuses every attempt after the cap; manager scores and refused attempts use none", () => {
    const three = [
      attempt("2026-11-23T09:00:00Z", 60),
      attempt("2026-11-24T09:00:00Z", 80),
      attempt("2026-11-25T09:00:00Z", 70),
    ];
    const refused = quizRefusal(berlin, three, "2026-11-27T09:00:00Z");
    expect(refused?.reason).toBe("attempts-used");
    expect(refused?.message).toContain(
      "all 3 attempts are used, and your best score, 80/100, counts",
    );
    const two = three.slice(0, 2);
    const others = [
      { ...attempt("2026-11-25T09:00:00Z", 90), id: "command-1", source: "command" as const },
      {
        id: "refused-quiz-2",
        kind: "quiz-refused" as const,
        at: "2026-11-26T09:00:00Z",
        reason: "same-day" as const,
        issue: 2,
      },
    ];
    expect(quizRefusal(berlin, [...two, ...others], "2026-11-27T09:00:00Z")).toBeNull();
    const capped = makeConfig({
      timezone: "Europe/Berlin",
      thresholds: { knowledgeCheckAttempts: 2 },
    });
    expect(quizRefusal(capped, two, "2026-11-27T09:00:00Z")?.reason).toBe("attempts-used");
  });
});
