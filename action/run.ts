/**
 * One scheduled run in the training repo, in named steps with every write in the last one:
 * read config and records from the checkout (no API calls), evaluate, decide every write
 * into one run plan (src/core/run-plan.ts), then execute it (src/github/execute-plan.ts)
 * or, in a dry run, only describe it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Octokit } from "@octokit/rest";
import { z } from "zod";
import { LocalClock } from "../src/core/calendar.js";
import type { Config } from "../src/core/config.js";
import type { DeveloperRecord } from "../src/core/evidence.js";
import { computeKpis } from "../src/core/kpis.js";
import { type Moment, parseMoment, resolveMoment } from "../src/core/moment.js";
import { buildPlan, dashboardPaths, type Plan } from "../src/core/plan.js";
import { formatProblem, type Problem } from "../src/core/problems.js";
import { parseRecordsKeyring, type RecordsKeyring } from "../src/core/proof.js";
import {
  ACTIONS_LOGIN,
  DEFAULT_APP_LOGIN,
  flagRecordCommits,
  type OpenRecordEdits,
  planRecordEdits,
  type RecordEditsAction,
  recordEditsSince,
  recordWriters,
} from "../src/core/record-edits.js";
import { verifyRecords } from "../src/core/record-proofs.js";
import { renderTeamDashboard } from "../src/core/render/dashboard.js";
import { dueReports } from "../src/core/report-catch-up.js";
import {
  buildRunPlan,
  buildStoppedRunPlan,
  describeRunPlan,
  type RunPlan,
} from "../src/core/run-plan.js";
import type { ProgramStatus, RejectedFact } from "../src/core/status.js";
import { evaluateDespiteUnreadable, readableConfig } from "../src/core/unreadable-records.js";
import { findReports } from "../src/github/discussions.js";
import { executePlan } from "../src/github/execute-plan.js";
import { findTrainingIssues, type RepoRef } from "../src/github/issues.js";
import {
  listRecordCommits,
  lookUpRecordFiles,
  MAX_COMMIT_PAGES,
} from "../src/github/record-commits.js";
import {
  loadConfigText,
  loadRecordsIsolated,
  loadRegistry,
  readDashboards,
} from "../src/local/workspace.js";

const booleanInput = z
  .enum(["true", "false", "True", "False", "TRUE", "FALSE", ""])
  .transform((value) => value.toLowerCase() === "true");

const TOKEN_MISSING =
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression users write.
  "the token input is empty: leave it out (it defaults to ${{ github.token }}) or pass a token";

export const inputsSchema = z.object({
  token: z.string({ error: TOKEN_MISSING }).min(1, TOKEN_MISSING),
  config: z.string().min(1).default(".github/context7-training.yml"),
  records: z.string().min(1).default("records"),
  "dry-run": booleanInput.default(false),
  /** Fetch the KPI facts (baselines, library-usage bugs) through the search API. */
  "kpi-facts": booleanInput.default(true),
  /** Evaluate at this moment (strict ISO 8601; without an offset, the programme's timezone). */
  now: z
    .string()
    .transform((value, context): Moment => {
      if (value === "") return { kind: "current" };
      const moment = parseMoment(value);
      if (typeof moment !== "string") return moment;
      context.addIssue({ code: "custom", message: moment });
      return z.NEVER;
    })
    .default({ kind: "current" }),
  "app-login": z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$/,
      "must be the App's bot login, such as context7-training[bot]",
    )
    .default(DEFAULT_APP_LOGIN),
  /** The App's `CONTEXT7_RECORDS_KEY` (a key ring): only facts it signed count. */
  "records-key": z
    .string()
    .default("")
    .transform((text, context): RecordsKeyring | null => {
      const parsed = parseRecordsKeyring(text, "the records-key input");
      if (parsed.ok) return parsed.keyring;
      context.addIssue({ code: "custom", message: parsed.message });
      return z.NEVER;
    }),
});
export type ActionInputs = z.output<typeof inputsSchema>;
export type ActionInputName = keyof z.input<typeof inputsSchema>;

/** The names of every input the Action declares, from the one schema (action.yml matches it, a test checks). */
export const INPUT_NAMES = Object.keys(inputsSchema.shape) as ActionInputName[];

/**
 * Every declared input, read by `getInput` (the runner's `INPUT_*` variables) and parsed;
 * an empty input takes the schema's default.
 */
export function readInputs(getInput: (name: ActionInputName) => string) {
  const raw: Partial<Record<ActionInputName, string>> = {};
  for (const name of INPUT_NAMES) {
    const value = getInput(name);
    if (value !== "") raw[name] = value;
  }
  return inputsSchema.safeParse(raw);
}

export interface ActionIo {
  info(message: string): void;
  error(message: string, where?: { file: string; startLine?: number }): void;
  setOutput(name: string, value: string | number): void;
  summary(markdown: string): Promise<void>;
}

export interface ActionContext {
  inputs: ActionInputs;
  octokit: Octokit;
  repo: RepoRef;
  branch: string;
  cwd: string;
  /** Where the status JSON is written (a runner's temp folder). */
  outputDir: string;
  io: ActionIo;
  clock?: () => number;
}

export interface RunResult {
  ok: boolean;
  plan: Plan | null;
  /** The "records edited by hand" issue to open or update, if any. */
  recordEdits?: RecordEditsAction | null;
  /** Every write of the run, in order: made, or in a dry run only described. */
  runPlan: RunPlan;
  apiCalls: number;
}

export async function runAction(context: ActionContext): Promise<RunResult> {
  const { inputs, octokit, repo, io } = context;
  const calls = countCalls(octokit);
  const dryRun = inputs["dry-run"];
  const clockNow = (context.clock ?? Date.now)();

  // 1. Read from the checkout.
  const configPath = resolve(context.cwd, inputs.config);
  const recordsDir = resolve(context.cwd, inputs.records);
  const [config, records] = await Promise.all([
    loadConfigText(configPath, context.cwd, { refuseLink: true }),
    loadRecordsIsolated(recordsDir, { cwd: context.cwd, allowMissing: true }),
  ]);
  // Its issues are written with the workflow's token (github-actions[bot]) or the App's.
  const issues = await findTrainingIssues(octokit, repo, [ACTIONS_LOGIN, inputs["app-login"]]);
  const keyring = inputs["records-key"];
  const keyProblems = records.ok ? missingKey(keyring, records.value.records, inputs.records) : [];
  if (!config.ok || !records.ok || keyProblems.length > 0) {
    const problems: Problem[] = [
      ...(config.ok ? [] : config.problems),
      ...(records.ok ? [] : records.problems),
      ...keyProblems,
    ];
    for (const problem of problems)
      io.error(formatProblem(problem), { file: problem.file, startLine: problem.line });
    const runPlan = buildStoppedRunPlan(issues.configProblem, problems.map(formatProblem));
    io.info(describeRunPlan(runPlan, dryRun));
    if (!dryRun)
      await executePlan(octokit, repo, runPlan, {
        branch: context.branch,
        log: (message) => io.info(message),
      });
    io.info(
      `stopped: ${problems.length} problems in the input; nothing else was written (${calls.summary()})`,
    );
    return { ok: false, plan: null, runPlan, apiCalls: calls.count };
  }
  const { config: program } = config.value;
  const now = resolveMoment(inputs.now, program.timezone, clockNow);
  const { records: readableRecords, unreadable } = records.value;
  for (const problem of unreadable.flatMap((entry) => entry.problems))
    io.error(formatProblem(problem), { file: problem.file, startLine: problem.line });

  // 2. Check the facts, evaluate and plan: only the facts the App wrote count, and an
  // unreadable record sets only its developer aside.
  const checked = verifyRecords(readableRecords, {
    keyring,
    registry: await loadRegistry(recordsDir),
  });
  const facts = checked.records;
  if (checked.integrity.mode === "unsigned")
    io.info(
      "warning: no records-key input, so the records are not verified: a hand-edited fact counts like the App's. Give the Action the App's CONTEXT7_RECORDS_KEY (docs/security.md)",
    );
  if (checked.integrity.rejected.length > 0)
    io.info(
      `records: ${checked.integrity.rejected.length} facts rejected (not written by the App as they stand); they are listed on the dashboard and left out of every status`,
    );
  const evaluated = evaluateDespiteUnreadable(program, facts, unreadable, now);
  const status: ProgramStatus = { ...evaluated.status, records: checked.integrity };
  const readable: ProgramStatus = { ...evaluated.readable, records: checked.integrity };
  const readableProgram = readableConfig(program, unreadable);
  if (unreadable.length > 0)
    io.info(
      `set aside ${unreadable.length} unreadable records (${unreadable.map((entry) => entry.file).join(", ")}); everyone else is evaluated`,
    );
  const currentFiles = await readDashboards(recordsDir, dashboardPaths(status));
  // This week's report once due, and any missed week's: one lookup finds which are posted.
  const dueTitles = dueReports(
    program,
    new LocalClock(program.timezone),
    status.today,
    status.now,
  ).map((due) => due.title);
  const report =
    dueTitles.length === 0
      ? null
      : await findReports(octokit, repo, program.reports.discussionCategory, dueTitles);
  const kpis = computeKpis(readableProgram, facts, now, readable);
  const plan = buildPlan({
    kpis,
    config: program,
    status,
    openEscalations: issues.escalations,
    openTrackers: issues.trackers,
    openReviews: issues.reviews,
    reportPosted: false,
    postedReports: report?.posted ?? [],
    currentFiles,
  });
  const recordEdits = await auditRecords(
    context,
    program,
    now,
    issues.recordEdits,
    checked.integrity.rejected,
  );
  const runPlan = buildRunPlan({
    plan,
    config: readableProgram,
    facts,
    readable,
    now,
    recordsFolder: inputs.records,
    openConfigProblem: issues.configProblem,
    unreadable,
    recordEdits,
    discussion: report,
    kpiFacts: inputs["kpi-facts"],
  });
  const statusPath = writeStatus(context.outputDir, status);
  setOutputs(io, status, plan, statusPath);
  const described = describeRunPlan(runPlan, dryRun);
  await io.summary(`${renderTeamDashboard(status, program, kpis)}\n## Plan\n\n${described}\n`);
  io.info(described);
  if (dryRun) {
    io.info(`dry run: nothing written (${calls.summary()})`);
    return { ok: true, plan, recordEdits, runPlan, apiCalls: calls.count };
  }

  // 3. Write.
  await executePlan(octokit, repo, runPlan, {
    branch: context.branch,
    store: { keyring },
    log: (message) => io.info(message),
  });
  io.info(`done (${calls.summary()})`);
  return { ok: true, plan, recordEdits, runPlan, apiCalls: calls.count };
}

/**
 * The audit of `records/`: the commits on this branch that touched it since the previous
 * workday began (one call per 100, at most MAX_COMMIT_PAGES), those made by no allowed
 * writer, and the files of the ones not listed yet (one call each, a few at most).
 */
async function auditRecords(
  context: ActionContext,
  program: Config,
  now: number,
  open: OpenRecordEdits | null,
  rejected: readonly RejectedFact[],
): Promise<RecordEditsAction | null> {
  const { octokit, repo, inputs, io } = context;
  const appLogin = inputs["app-login"];
  const path = inputs.records.replace(/\/+$/, "");
  const since = recordEditsSince(program, now);
  const { commits, truncated } = await listRecordCommits(octokit, repo, {
    branch: context.branch,
    path,
    since,
  });
  if (truncated)
    io.info(
      `records audit: only the newest ${MAX_COMMIT_PAGES * 100} commits to ${path}/ since ${since} were checked`,
    );
  const listed = new Set((open?.commits ?? []).map((commit) => commit.sha));
  const flagged = flagRecordCommits(commits, recordWriters(program, appLogin)).filter(
    (commit) => !listed.has(commit.sha),
  );
  const withFiles = await lookUpRecordFiles(octokit, repo, flagged, path);
  return planRecordEdits({ config: program, appLogin, flagged: withFiles, open, rejected });
}

/**
 * Facts signed by the App but no key to check them: the Action was not given the App's
 * key, and would count a hand-edited fact like the App's. It stops instead (docs/security.md).
 */
function missingKey(
  keyring: RecordsKeyring | null,
  records: readonly DeveloperRecord[],
  folder: string,
): Problem[] {
  if (keyring !== null) return [];
  const signed = records.filter((record) =>
    record.evidence.some((fact) => fact.proof !== undefined),
  );
  if (signed.length === 0) return [];
  return [
    {
      file: folder,
      path: "",
      message:
        `${signed.map((record) => `${record.login}.yml`).join(", ")} hold facts signed by the App, but the Action has no key to check them, so a hand-edited fact could not be told from the App's. ` +
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression users write.
        "Pass the App's CONTEXT7_RECORDS_KEY to the Action: `records-key: ${{ secrets.CONTEXT7_RECORDS_KEY }}`",
    },
  ];
}

function writeStatus(outputDir: string, status: ProgramStatus): string {
  mkdirSync(outputDir, { recursive: true });
  const path = join(outputDir, "context7-status.json");
  writeFileSync(path, `${JSON.stringify(status, null, 2)}\n`);
  return path;
}

function setOutputs(io: ActionIo, status: ProgramStatus, plan: Plan, statusPath: string) {
  for (const [colour, count] of Object.entries(status.team.statusCounts))
    io.setOutput(colour, count);
  io.setOutput("escalations-opened", plan.escalations.filter((e) => e.action === "open").length);
  io.setOutput("escalations-closed", plan.escalations.filter((e) => e.action === "close").length);
  io.setOutput(
    "trackers-opened",
    plan.issues.filter((i) => i.kind === "tracker" && i.action === "open").length,
  );
  io.setOutput("status-json", statusPath);
}

/** Counts the API calls of this run and remembers the rate limit GitHub reports. */
function countCalls(octokit: Octokit) {
  const state = { count: 0, remaining: "unknown" };
  const note = (headers: Record<string, unknown> | undefined) => {
    state.count++;
    const remaining = headers?.["x-ratelimit-remaining"];
    if (remaining !== undefined) state.remaining = String(remaining);
  };
  octokit.hook.after("request", (response) => note(response.headers as Record<string, unknown>));
  octokit.hook.error("request", (error) => {
    note((error as { response?: { headers?: Record<string, unknown> } }).response?.headers);
    throw error;
  });
  return {
    get count() {
      return state.count;
    },
    summary: () => `${state.count} API calls, rate limit remaining ${state.remaining}`,
  };
}
