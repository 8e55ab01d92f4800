/**
 * `context7-training init DIR`: scaffolds a training repo in DIR: the config (from flags, or
 * asked for when stdin is a terminal), the issue forms, the PR template, the scheduled
 * workflow and `records/README.md`, from `templates/training-repo/`. It writes nothing when
 * an answer is invalid, and overwrites nothing without `--force`.
 */
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import yaml from "js-yaml";
import { z } from "zod";
import { isValidTimezone } from "../core/calendar.js";
import { CONFIG_PATH, type ConfigInput, parseConfig } from "../core/config.js";
import { ROLES } from "../core/curriculum.js";
import { type CliIo, EXIT_OK, reportProblems, UsageError } from "./io.js";
import {
  DEFAULT_ACTION_REF,
  LABELS,
  labelCreateCommand,
  TEMPLATE_USES_LINE,
  templatesDir,
  WORKFLOW_PATH,
} from "./training-repo.js";

export const initUsage =
  "context7-training init DIR --org ORG --manager LOGIN... --developer LOGIN:ROLE... --start YYYY-MM-DD [--timezone TZ] [--name NAME] [--action-ref REF] [--force]";

const LOGIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?$/;
const REPO_NAME = /^[\w.-]+$/;
const isoDate = z.iso.date();

interface Developer {
  login: string;
  role: (typeof ROLES)[number];
}

interface Answers {
  org: string;
  managers: string[];
  developers: Developer[];
  start: string;
  timezone: string;
}

/** Each answer's check: the value, or the reason it is refused (said after the flag). */
type Check<T> = (text: string) => { ok: true; value: T } | { ok: false; reason: string };

const checkOrg: Check<string> = (text) =>
  LOGIN.test(text)
    ? { ok: true, value: text }
    : { ok: false, reason: `"${text}" is not a GitHub organisation or user name` };

const checkLogins: Check<string[]> = (text) => {
  const logins = splitList(text);
  const bad = logins.find((login) => !LOGIN.test(login.replace(/^@/, "")));
  if (logins.length === 0) return { ok: false, reason: "name at least one login" };
  if (bad !== undefined) return { ok: false, reason: `"${bad}" is not a GitHub login` };
  return { ok: true, value: logins.map((login) => login.replace(/^@/, "")) };
};

const checkDevelopers: Check<Developer[]> = (text) => {
  const entries = splitList(text);
  if (entries.length === 0) return { ok: false, reason: "name at least one LOGIN:ROLE" };
  const developers: Developer[] = [];
  for (const entry of entries) {
    const [login = "", role, ...extra] = entry.replace(/^@/, "").split(":");
    if (!LOGIN.test(login) || role === undefined || extra.length > 0) {
      return { ok: false, reason: `"${entry}" is not LOGIN:ROLE, for example alice:backend` };
    }
    if (!(ROLES as readonly string[]).includes(role)) {
      return {
        ok: false,
        reason: `"${entry}" has the role "${role}"; a role is one of ${ROLES.join(", ")}`,
      };
    }
    developers.push({ login, role: role as Developer["role"] });
  }
  return { ok: true, value: developers };
};

const checkStart: Check<string> = (text) =>
  isoDate.safeParse(text).success
    ? { ok: true, value: text }
    : { ok: false, reason: `"${text}" is not a date written YYYY-MM-DD` };

const checkTimezone: Check<string> = (text) =>
  isValidTimezone(text) && text !== ""
    ? { ok: true, value: text }
    : { ok: false, reason: `"${text}" is not an IANA timezone name such as Europe/Berlin` };

function splitList(text: string): string[] {
  return text.split(/[\s,]+/).filter((item) => item !== "");
}

export async function initCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      org: { type: "string" },
      name: { type: "string" },
      manager: { type: "string", multiple: true },
      developer: { type: "string", multiple: true },
      start: { type: "string" },
      timezone: { type: "string" },
      "action-ref": { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  const [dirArgument, ...extra] = positionals;
  if (dirArgument === undefined || dirArgument === "") {
    throw new UsageError("DIR is required: the folder of the training repo, for example training");
  }
  if (extra.length > 0) throw new UsageError(`one DIR only; also got ${extra.join(" ")}`);
  const dir = resolve(io.cwd, dirArgument);
  const name = values.name ?? basename(dir);
  if (!REPO_NAME.test(name)) {
    throw new UsageError(
      `--name "${name}" is not a repository name; pass --name with letters, digits, ".", "-" or "_"`,
    );
  }
  const actionRef = values["action-ref"] ?? DEFAULT_ACTION_REF;
  if (!/^[\w.-]+\/[\w.-]+(?:\/[\w./-]+)?@[\w./-]+$/.test(actionRef)) {
    throw new UsageError(
      `--action-ref "${actionRef}" is not OWNER/REPO/PATH@REF; for example ${DEFAULT_ACTION_REF}`,
    );
  }

  const answers = await collectAnswers(values, io);
  const repo = `${answers.org}/${name}`;
  const configText = renderConfig(repo, answers);
  const parsed = parseConfig(configText, relative(io.cwd, join(dir, CONFIG_PATH)));
  if (!parsed.ok) return reportProblems(io, parsed.problems);

  const files = await scaffoldFiles(configText, actionRef);
  const existing = Object.keys(files).filter((path) => existsSync(join(dir, path)));
  if (existing.length > 0 && !values.force) {
    throw new UsageError(
      `${existing.map((path) => join(dirArgument, path)).join(", ")} already exist${existing.length === 1 ? "s" : ""}; nothing was written. Pass --force to overwrite ${existing.length === 1 ? "it" : "them"}`,
    );
  }
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), content);
    io.stdout.write(
      `${existing.includes(path) ? "overwrote" : "wrote"} ${join(dirArgument, path)}\n`,
    );
  }
  io.stdout.write(nextSteps(repo, dirArgument, parsed.value));
  return EXIT_OK;
}

type Flags = {
  org?: string | undefined;
  manager?: string[] | undefined;
  developer?: string[] | undefined;
  start?: string | undefined;
  timezone?: string | undefined;
};

/** The answers from the flags; a missing one is asked for on a terminal, else an error. */
async function collectAnswers(flags: Flags, io: CliIo): Promise<Answers> {
  const fromFlag = <T>(flag: string, value: string | undefined, check: Check<T>): T | undefined => {
    if (value === undefined) return undefined;
    const result = check(value);
    if (!result.ok) throw new UsageError(`${flag}: ${result.reason}`);
    return result.value;
  };
  const given = {
    org: fromFlag("--org", flags.org, checkOrg),
    managers: fromFlag("--manager", flags.manager?.join(" "), checkLogins),
    developers: fromFlag("--developer", flags.developer?.join(" "), checkDevelopers),
    start: fromFlag("--start", flags.start, checkStart),
    timezone: fromFlag("--timezone", flags.timezone, checkTimezone),
  };
  const missing = [
    given.org === undefined ? "--org ORG" : null,
    given.managers === undefined ? "--manager LOGIN" : null,
    given.developers === undefined ? "--developer LOGIN:ROLE" : null,
    given.start === undefined ? "--start YYYY-MM-DD" : null,
  ].filter((flag) => flag !== null);
  const isTerminal = (io.stdin as { isTTY?: boolean }).isTTY === true;
  if (missing.length > 0 && !isTerminal) {
    throw new UsageError(
      `missing ${missing.join(", ")} (stdin is not a terminal, so nothing can be asked)`,
    );
  }
  if (missing.length === 0) return { ...given, timezone: given.timezone ?? "UTC" } as Answers;

  const prompt = promptOn(io);
  try {
    return {
      org:
        given.org ??
        (await prompt.ask("GitHub organisation that owns the training repo", checkOrg)),
      managers:
        given.managers ??
        (await prompt.ask("Managers' GitHub logins, separated by spaces", checkLogins)),
      developers:
        given.developers ??
        (await prompt.ask(
          `Developers as LOGIN:ROLE (role: ${ROLES.join(", ")}), separated by spaces`,
          checkDevelopers,
        )),
      start: given.start ?? (await prompt.ask("Day 1 of the programme (YYYY-MM-DD)", checkStart)),
      timezone:
        given.timezone ??
        (await prompt.ask("Programme timezone (IANA name)", checkTimezone, "UTC")),
    };
  } finally {
    prompt.close();
  }
}

/** Questions on stdout, answers from stdin line by line; a refused answer is asked again. */
function promptOn(io: CliIo) {
  const lines = createInterface({ input: io.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  const iterator = lines[Symbol.asyncIterator]();
  return {
    async ask<T>(question: string, check: Check<T>, fallback?: string): Promise<T> {
      for (;;) {
        io.stdout.write(`${question}${fallback === undefined ? "" : ` [${fallback}]`}: `);
        const next = await iterator.next();
        if (next.done === true) {
          throw new UsageError(`input ended before an answer to "${question}"`);
        }
        const text = (next.value as string).trim();
        const result = check(text === "" && fallback !== undefined ? fallback : text);
        if (result.ok) return result.value;
        io.stdout.write(`${result.reason}; try again.\n`);
      }
    },
    close: () => lines.close(),
  };
}

function renderConfig(repo: string, answers: Answers): string {
  const config: ConfigInput = {
    trainingRepo: repo,
    timezone: answers.timezone,
    roster: answers.developers.map((developer) => ({ ...developer, start: answers.start })),
    managers: answers.managers,
    escalation: [
      { level: 1, title: "Training Coordinator", assignees: answers.managers },
      { level: 2, title: "Engineering Director", assignees: [] },
      { level: 3, title: "CTO/VP Engineering", assignees: [] },
      { level: 4, title: "Executive Leadership", assignees: [] },
    ],
    discoveries: { discussionCategory: "Context7 Discoveries" },
    reports: { discussionCategory: "Reports", weekday: "fri" },
  };
  const header = [
    "# The Context7 training programme's config, read by the App and the scheduled run.",
    "# Written by `context7-training init`. Every key not written here has the plan's default;",
    "# add developers to the roster as they join (each with their own Day 1 as `start`).",
    "# Check it with: npx context7-training validate --config .github/context7-training.yml",
    "",
  ].join("\n");
  return `${header}${yaml.dump(config, { schema: yaml.CORE_SCHEMA, flowLevel: 2, lineWidth: 100, noRefs: true })}`;
}

/** Repo path → content: the config and every template, the workflow on `actionRef`. */
async function scaffoldFiles(configText: string, actionRef: string) {
  const root = templatesDir();
  const files: Record<string, string> = { [CONFIG_PATH]: configText };
  for (const path of await listFiles(root)) {
    const text = await readFile(join(root, path), "utf8");
    files[path] =
      path === WORKFLOW_PATH ? text.replace(TEMPLATE_USES_LINE, `- uses: ${actionRef}`) : text;
  }
  return files;
}

async function listFiles(root: string, under = ""): Promise<string[]> {
  const entries = await readdir(join(root, under), { withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const path = under === "" ? entry.name : `${under}/${entry.name}`;
    if (entry.isDirectory()) files.push(...(await listFiles(root, path)));
    else files.push(path);
  }
  return files;
}

function nextSteps(
  repo: string,
  dir: string,
  config: { discoveries: { discussionCategory: string }; reports: { discussionCategory: string } },
): string {
  const categories = [config.discoveries.discussionCategory, config.reports.discussionCategory];
  return [
    "",
    "Next steps:",
    `  1. Create the repository and push these files:`,
    `       cd ${dir} && git init && git add -A && git commit -m "Context7 training repo"`,
    `       gh repo create ${repo} --private --source . --push`,
    `  2. Turn Discussions on: gh repo edit ${repo} --enable-discussions`,
    `     and create the categories "${categories.join('" and "')}" at`,
    `     https://github.com/${repo}/discussions/categories/new (no API creates them)`,
    "  3. Create the labels the programme's issues carry:",
    ...LABELS.map((label) => `       ${labelCreateCommand(repo, label)}`),
    `  4. Install the context7-training App on ${repo}, and set its CONTEXT7_QUIZ_KEY`,
    `  5. Check the setup: npx context7-training doctor --repo ${repo}`,
    "",
  ].join("\n");
}
