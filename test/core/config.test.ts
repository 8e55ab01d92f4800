import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/core/config.js";
import { CONFIG_SCHEMA_FILE, configJsonSchema } from "../../src/core/config-schema.js";
import { DEFAULT_EXERCISES } from "../../src/core/curriculum.js";
import type { Problem } from "../../src/core/problems.js";

const FILE = ".github/context7-training.yml";

function problemsOf(text: string): Problem[] {
  const parsed = parseConfig(text, FILE);
  if (parsed.ok) throw new Error("expected problems");
  return parsed.problems;
}

describe("config", () => {
  it("fills in the plan's numbers when only the required keys are written", () => {
    const parsed = parseConfig("trainingRepo: acme/training\n", FILE);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    const config = parsed.value;
    expect(config).toMatchObject({
      timezone: "UTC",
      workdays: ["mon", "tue", "wed", "thu", "fri"],
      holidays: [],
      reports: { weekday: "fri", discussionCategory: "Reports" },
      discoveries: { discussionCategory: "Context7 Discoveries" },
      thresholds: {
        knowledgeScore: 85,
        finalScore: 85,
        consistency: 0.8,
        consecutiveUsageWorkdays: 5,
        reviewReferences: 3,
        idleWorkdays: { yellow: 2, red: 3, critical: 5 },
        adoptionRate: 0.8,
        escalationStepWorkdays: 3,
      },
      deadlines: { knowledge: 3, practical: 7, integration: 14, certification: 14 },
    });
    expect(config.escalation.map((level) => level.title)).toEqual([
      "Training Coordinator",
      "Engineering Director",
      "CTO/VP Engineering",
      "Executive Leadership",
    ]);
    expect(config.exercises.map((exercise) => exercise.id)).toEqual(
      DEFAULT_EXERCISES.map((e) => e.id),
    );
  });

  it("parses the committed example config", () => {
    const text = readFileSync(".github/context7-training.example.yml", "utf8");
    const parsed = parseConfig(text, FILE);
    expect(parsed.ok && parsed.value.roster.length).toBe(6);
  });

  it("names an unknown key with its line and the key it probably meant", () => {
    const problems = problemsOf("trainingRepo: acme/training\ntresholds:\n  knowledgeScore: 90\n");
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: FILE, path: "tresholds", line: 2 });
    expect(problems[0]?.message).toMatch(/^unknown key "tresholds": did you mean "thresholds"\?/);
  });

  it("reports every problem at once, each with its path and line", () => {
    const text = [
      "trainingRepo: not a repo",
      "timezone: Mars/Olympus",
      "roster:",
      "  - login: alice",
      "    role: backend",
      "    start: 2026-11-23",
      "  - login: bob",
      "    role: designer",
      "    start: 23.11.2026",
      "reports:",
      "  weekday: friday",
      "",
    ].join("\n");
    const problems = problemsOf(text);
    expect(problems.map(({ path, line }) => ({ path, line }))).toEqual([
      { path: "trainingRepo", line: 1 },
      { path: "timezone", line: 2 },
      { path: "roster[1].role", line: 8 },
      { path: "roster[1].start", line: 9 },
      { path: "reports.weekday", line: 11 },
    ]);
    expect(problems[1]?.message).toBe("must be an IANA timezone name such as Europe/Berlin");
    expect(problems[2]?.message).toBe('must be one of "backend", "frontend", "fullstack", "qa"');
  });

  it("rejects a duplicate login, whatever its case", () => {
    const text = `trainingRepo: a/b
roster:
  - { login: alice, role: backend, start: 2026-11-23 }
  - { login: Alice, role: qa, start: 2026-11-23 }
`;
    expect(problemsOf(text)).toEqual([
      {
        file: FILE,
        path: "roster[1].login",
        line: 4,
        message: '"alice" is on the roster twice; keep one entry per developer',
      },
    ]);
  });

  it("rejects a required-exercise pattern that matches no exercise", () => {
    const text =
      "trainingRepo: a/b\ncurriculum:\n  required:\n    qa:\n      - { from: [qa-cypress], count: 1 }\n";
    expect(problemsOf(text)[0]).toMatchObject({
      path: "curriculum.required.qa[0].from[0]",
      message: expect.stringContaining("matches no exercise; known ids: backend-1"),
    });
  });

  it("rejects idle thresholds that do not rise", () => {
    const text = "trainingRepo: a/b\nthresholds:\n  idleWorkdays: { yellow: 3, red: 3 }\n";
    expect(problemsOf(text)[0]).toMatchObject({ path: "thresholds.idleWorkdays" });
  });

  it("reports a missing trainingRepo as required", () => {
    expect(problemsOf("timezone: UTC\n")[0]).toMatchObject({
      path: "trainingRepo",
      message: "is required",
    });
  });

  it("reports malformed YAML with its line, and a document that is not a mapping", () => {
    expect(problemsOf("trainingRepo: a/b\nroster: [\n")[0]).toMatchObject({ file: FILE, path: "" });
    expect(problemsOf("trainingRepo: a/b\n  bad: indent\n")[0]?.line).toBe(2);
    expect(problemsOf("- just\n- a list\n")[0]?.message).toMatch(/must be a YAML mapping/);
    expect(problemsOf("")[0]?.message).toMatch(/must be a YAML mapping/);
  });

  it("refuses YAML aliases, which could blow up when walked", () => {
    const bomb = [
      "a: &a [x, x, x, x, x, x, x, x, x]",
      "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]",
    ];
    for (let level = 0; level < 8; level++) {
      const prev = String.fromCharCode(98 + level);
      const next = String.fromCharCode(99 + level);
      bomb.push(`${next}: &${next} [*${prev}, *${prev}, *${prev}, *${prev}, *${prev}, *${prev}]`);
    }
    expect(problemsOf(bomb.join("\n"))[0]?.message).toMatch(/uses YAML aliases/);
  });

  it("keeps dates as text, not as timestamps", () => {
    const parsed = parseConfig("trainingRepo: a/b\nholidays: [2026-12-24]\n", FILE);
    expect(parsed.ok && parsed.value.holidays).toEqual(["2026-12-24"]);
  });

  it("has a committed JSON Schema that matches the zod schema", () => {
    expect(readFileSync(CONFIG_SCHEMA_FILE, "utf8")).toBe(configJsonSchema());
  });
});
