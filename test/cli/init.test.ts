import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { load } from "js-yaml";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { DEFAULT_ACTION_REF, FORM_PATHS, WORKFLOW_PATH } from "../../src/cli/training-repo.js";
import { CONFIG_PATH, parseConfig } from "../../src/core/config.js";
import { parseConfirmation } from "../../src/core/confirmation.js";
import { gradeQuiz, parseAnswerKey, QUIZ_QUESTIONS } from "../../src/core/quiz.js";
import { checkSubmission } from "../../src/core/submission.js";
import { runCli } from "../support/cli.js";
import {
  COMPLETE_CONFIRMATION,
  type IssueFormYaml,
  renderSubmittedForm,
} from "../support/issue-forms.js";

const FLAGS = [
  "--org",
  "acme",
  "--manager",
  "dev-manager",
  "--developer",
  "alice:backend",
  "--developer",
  "bob-ui:frontend",
  "--start",
  "2026-12-07",
  "--timezone",
  "Europe/Berlin",
];

const SCAFFOLD = [
  CONFIG_PATH,
  ...FORM_PATHS,
  ".github/pull_request_template.md",
  WORKFLOW_PATH,
  "records/README.md",
];

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "c7-init-"));
}

/** Runs init in-process with `stdin` as the input, a terminal when `tty`. */
async function runInit(argv: string[], cwd: string, stdin = "", tty = false) {
  let stdout = "";
  let stderr = "";
  const input = Readable.from([stdin]);
  if (tty) Object.assign(input, { isTTY: true });
  const code = await main(["init", ...argv], {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: input,
    cwd,
  });
  return { code, stdout, stderr };
}

function read(dir: string, path: string): string {
  return readFileSync(join(dir, path), "utf8");
}

describe("init", () => {
  it("writes the config from the flags, the forms, the PR template, the workflow and records/README.md", async () => {
    const cwd = tempDir();
    const result = await runInit(["training", ...FLAGS], cwd);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    const dir = join(cwd, "training");
    for (const path of SCAFFOLD) {
      expect(existsSync(join(dir, path)), path).toBe(true);
      expect(result.stdout).toContain(`wrote ${join("training", path)}\n`);
    }
    const config = parseConfig(read(dir, CONFIG_PATH));
    expect(config.ok).toBe(true);
    if (!config.ok) return;
    expect(config.value).toMatchObject({
      trainingRepo: "acme/training",
      timezone: "Europe/Berlin",
      managers: ["dev-manager"],
      roster: [
        { login: "alice", role: "backend", start: "2026-12-07" },
        { login: "bob-ui", role: "frontend", start: "2026-12-07" },
      ],
      discoveries: { discussionCategory: "Context7 Discoveries" },
      reports: { discussionCategory: "Reports" },
    });
    expect(config.value.escalation[0]).toEqual({
      level: 1,
      title: "Training Coordinator",
      assignees: ["dev-manager"],
    });
    expect(read(dir, WORKFLOW_PATH)).toContain(`- uses: ${DEFAULT_ACTION_REF}\n`);
    expect(result.stdout).toContain("gh label create context7-confirmation --repo acme/training");
    expect(result.stdout).toContain("npx context7-training doctor --repo acme/training");
    expect(result.stdout).toContain('"Context7 Discoveries" and "Reports"');
  });

  it("is a CLI command, and --name and --action-ref choose the repo name and the Action", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "scaffold");
    const result = await runCli([
      "init",
      dir,
      ...FLAGS,
      "--name",
      "context7-programme",
      "--action-ref",
      "acme/context7-training/action@v2.1.0",
    ]);
    expect(result.code).toBe(0);
    expect(read(dir, CONFIG_PATH)).toContain("trainingRepo: acme/context7-programme\n");
    const workflow = load(read(dir, WORKFLOW_PATH)) as {
      jobs: { gates: { steps: { uses?: string }[] } };
    };
    expect(workflow.jobs.gates.steps.map((step) => step.uses)).toContain(
      "acme/context7-training/action@v2.1.0",
    );
  });

  it("scaffolds forms the App parses and a PR template the exercise check reads", async () => {
    const cwd = tempDir();
    await runInit(["training", ...FLAGS], cwd);
    const dir = join(cwd, "training");
    const form = (path: string) => load(read(dir, path)) as IssueFormYaml;

    const confirmation = parseConfirmation(
      renderSubmittedForm(form(FORM_PATHS[0]), COMPLETE_CONFIRMATION),
    );
    expect(confirmation.missing).toEqual([]);
    expect(confirmation.commitments).toEqual({
      dailyUsage: true,
      knowledgeSharing: true,
      codeReview: true,
    });

    // Every multiple-choice answer "A" and a key that agrees: built here, never written out.
    const choices = QUIZ_QUESTIONS.filter((question) => question.letters !== null);
    const key = parseAnswerKey(choices.map((question) => `${question.id}=A`).join(","));
    expect(key.ok).toBe(true);
    if (!key.ok) return;
    const answers = Object.fromEntries(QUIZ_QUESTIONS.map((question) => [question.id, "A"]));
    answers.q10 = ["/a/one", "/b/two", "/c/three", "/d/four", "/e/five"].join("\n");
    const grade = gradeQuiz(renderSubmittedForm(form(FORM_PATHS[1]), answers), key.key);
    expect(grade).toMatchObject({ score: 100, useCases: 5 });

    const config = parseConfig(read(dir, CONFIG_PATH));
    if (!config.ok) throw new Error("the scaffolded config is invalid");
    const template = read(dir, ".github/pull_request_template.md");
    expect(checkSubmission(config.value, { title: "Add lobby", body: template })).toBeNull();
    const submission = checkSubmission(config.value, {
      title: "x",
      body: template.replace("Exercise:\n", "Exercise: backend-2\n"),
    });
    expect(submission?.passed).toBe(false);
  });

  it("refuses to overwrite an existing file without --force, and writes nothing then", async () => {
    const cwd = tempDir();
    const dir = join(cwd, "training");
    mkdirSync(join(dir, ".github"), { recursive: true });
    writeFileSync(join(dir, CONFIG_PATH), "mine\n");
    const refused = await runCli(["init", dir, ...FLAGS]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      `${join(dir, CONFIG_PATH)} already exists; nothing was written`,
    );
    expect(refused.stderr).toContain("--force");
    expect(read(dir, CONFIG_PATH)).toBe("mine\n");
    expect(existsSync(join(dir, WORKFLOW_PATH))).toBe(false);

    const forced = await runInit(["training", ...FLAGS, "--force"], cwd);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toContain(`overwrote ${join("training", CONFIG_PATH)}\n`);
    expect(read(dir, CONFIG_PATH)).toContain("trainingRepo: acme/training");
  });

  it("names every missing flag when stdin is not a terminal", async () => {
    const cwd = tempDir();
    const result = await runCli(["init", join(cwd, "training"), "--org", "acme"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "missing --manager LOGIN, --developer LOGIN:ROLE, --start YYYY-MM-DD (stdin is not a terminal",
    );
    expect(existsSync(join(cwd, "training"))).toBe(false);
  });

  it("asks on a terminal for what the flags leave out, again after a refused answer", async () => {
    const cwd = tempDir();
    const typed = ["acme", "dev-manager", "alice:devops", "alice:qa", "7 Dec", "2026-12-07", ""];
    const result = await runInit(["training"], cwd, `${typed.join("\n")}\n`, true);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('"alice:devops" has the role "devops"; a role is one of');
    expect(result.stdout).toContain('"7 Dec" is not a date written YYYY-MM-DD; try again.');
    expect(result.stdout).toContain("Programme timezone (IANA name) [UTC]: ");
    const config = parseConfig(read(join(cwd, "training"), CONFIG_PATH));
    expect(config.ok && config.value.roster).toEqual([
      { login: "alice", role: "qa", start: "2026-12-07" },
    ]);
    expect(config.ok && config.value.timezone).toBe("UTC");
  });

  it("fails when the terminal's input ends before every answer", async () => {
    const cwd = tempDir();
    const result = await runInit(["training", "--org", "acme"], cwd, "dev-manager\n", true);
    expect(result.code).toBe(1);
    expect(existsSync(join(cwd, "training"))).toBe(false);
  });

  it.each([
    [["--developer", "alice"], '--developer: "alice" is not LOGIN:ROLE'],
    [["--developer", "alice:ops"], "a role is one of backend, frontend, fullstack, qa"],
    [["--manager", "@bad_login"], '--manager: "@bad_login" is not a GitHub login'],
    [["--start", "2026-13-01"], '--start: "2026-13-01" is not a date written YYYY-MM-DD'],
    [["--timezone", "Mars/Olympus"], '--timezone: "Mars/Olympus" is not an IANA timezone'],
    [["--action-ref", "v1"], '--action-ref "v1" is not OWNER/REPO/PATH@REF'],
  ])("refuses %j with a message that names the flag", async (flags, message) => {
    const cwd = tempDir();
    const argv = [...FLAGS];
    const at = argv.indexOf(flags[0] as string);
    if (at >= 0) argv.splice(at, 2);
    const result = await runCli(["init", join(cwd, "training"), ...argv, ...flags]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(message);
    expect(existsSync(join(cwd, "training"))).toBe(false);
  });

  it("needs DIR", async () => {
    const result = await runCli(["init", ...FLAGS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DIR is required");
  });
});
