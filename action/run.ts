/**
 * One scheduled run in the training repo, in named steps with every write in the last one:
 * read config and records from the checkout (no API calls), evaluate, plan, then execute
 * (or, in a dry run, only print the plan).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Octokit } from "@octokit/rest";
import { z } from "zod";
import { isoWeekOf } from "../src/core/calendar.js";
import type { Config } from "../src/core/config.js";
import { evaluate } from "../src/core/gates.js";
import { computeKpis } from "../src/core/kpis.js";
import { buildPlan, dashboardPaths, dueReportTitle, type Plan } from "../src/core/plan.js";
import { formatProblem, type Problem } from "../src/core/problems.js";
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
import { renderTeamDashboard } from "../src/core/render/dashboard.js";
import { renderWeeklyReport } from "../src/core/render/weekly-report.js";
import type { ProgramStatus } from "../src/core/status.js";
import { fetchKpiFacts } from "../src/github/baseline.js";
import { commitFiles } from "../src/github/dashboards.js";
import { findReport, postReport } from "../src/github/discussions.js";
import {
  applyEscalation,
  applyIssueAction,
  applyRecordEdits,
  closeConfigProblem,
  findTrainingIssues,
  LabelGuard,
  type RepoRef,
  reportConfigProblem,
} from "../src/github/issues.js";
import {
  listRecordCommits,
  lookUpRecordFiles,
  MAX_COMMIT_PAGES,
} from "../src/github/record-commits.js";
import { loadConfigText, loadRecords, readDashboards } from "../src/local/workspace.js";

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
  now: z
    .string()
    .refine(
      (value) => value === "" || !Number.isNaN(Date.parse(value)),
      "must be an ISO-8601 time such as 2026-12-01T09:00:00Z",
    )
    .default(""),
  "app-login": z
    .string()
    .regex(
      /^[A-Za-z0-9][A-Za-z0-9-]*(\[bot\])?$/,
      "must be the App's bot login, such as context7-training[bot]",
    )
    .default(DEFAULT_APP_LOGIN),
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
  apiCalls: number;
}

export async function runAction(context: ActionContext): Promise<RunResult> {
  const { inputs, octokit, repo, io } = context;
  const calls = countCalls(octokit);
  const dryRun = inputs["dry-run"];
  const now = inputs.now === "" ? (context.clock ?? Date.now)() : Date.parse(inputs.now);

  // 1. Read from the checkout.
  const configPath = resolve(context.cwd, inputs.config);
  const recordsDir = resolve(context.cwd, inputs.records);
  const [config, records] = await Promise.all([
    loadConfigText(configPath, context.cwd),
    loadRecords(recordsDir, { cwd: context.cwd, allowMissing: true }),
  ]);
  // Its issues are written with the workflow's token (github-actions[bot]) or the App's.
  const issues = await findTrainingIssues(octokit, repo, [ACTIONS_LOGIN, inputs["app-login"]]);
  if (!config.ok || !records.ok) {
    const problems: Problem[] = [
      ...(config.ok ? [] : config.problems),
      ...(records.ok ? [] : records.problems),
    ];
    for (const problem of problems)
      io.error(formatProblem(problem), { file: problem.file, startLine: problem.line });
    if (!dryRun)
      await reportConfigProblem(
        octokit,
        repo,
        new LabelGuard(octokit, repo),
        issues.configProblem,
        problems.map(formatProblem),
      );
    io.info(
      `stopped: ${problems.length} problems in the input; nothing else was written (${calls.summary()})`,
    );
    return { ok: false, plan: null, apiCalls: calls.count };
  }
  const { config: program } = config.value;

  // 2. Evaluate and plan.
  const status = evaluate(program, records.value, now);
  const currentFiles = await readDashboards(recordsDir, dashboardPaths(status));
  const week = isoWeekOf(status.today);
  const reportTitle = dueReportTitle(program, status);
  const report =
    reportTitle === null
      ? null
      : await findReport(octokit, repo, program.reports.discussionCategory, reportTitle);
  const kpis = computeKpis(program, records.value, now, status);
  const plan = buildPlan({
    kpis,
    config: program,
    status,
    openEscalations: issues.escalations,
    openTrackers: issues.trackers,
    openReviews: issues.reviews,
    reportPosted: report?.posted ?? false,
    currentFiles,
  });
  const recordEdits = await auditRecords(context, program, now, issues.recordEdits);
  const statusPath = writeStatus(context.outputDir, status);
  setOutputs(io, status, plan, statusPath);
  await io.summary(
    `${renderTeamDashboard(status, program, kpis)}\n## Plan\n\n${describePlan(plan, recordEdits, dryRun)}\n`,
  );
  io.info(describePlan(plan, recordEdits, dryRun));
  if (dryRun) {
    io.info(`dry run: nothing written (${calls.summary()})`);
    return { ok: true, plan, recordEdits, apiCalls: calls.count };
  }

  // 3. Write.
  if (issues.configProblem !== null) await closeConfigProblem(octokit, repo, issues.configProblem);
  const changed = plan.files.map((file) =>
    file.path.replace(/^records\//, `${inputs.records.replace(/\/$/, "")}/`),
  );
  await commitFiles(
    octokit,
    repo,
    context.branch,
    plan.files.map((file, index) => ({ ...file, path: changed[index] as string })),
    `Update Context7 training dashboards for ${status.today}`,
  );
  const labels = new LabelGuard(octokit, repo);
  for (const action of plan.escalations) await applyEscalation(octokit, repo, labels, action);
  for (const action of plan.issues) await applyIssueAction(octokit, repo, labels, action);
  if (recordEdits !== null) await applyRecordEdits(octokit, repo, labels, recordEdits);
  if (plan.report !== null && report !== null) {
    const body = renderWeeklyReport({
      config: program,
      status,
      previous: evaluate(program, records.value, now - 7 * 86_400_000),
      records: records.value,
      ...week,
    });
    await postReport(octokit, report, program.reports.discussionCategory, plan.report.title, body);
  }
  if (inputs["kpi-facts"]) {
    // Facts for the KPIs, through the record store; they show from the next run on.
    const fetched = await fetchKpiFacts(
      octokit,
      repo,
      program,
      records.value,
      status.today,
      new Date(now).toISOString(),
    );
    io.info(
      `KPI facts: ${fetched.facts} recorded; baselines fetched for ${fetched.baselines.length === 0 ? "no one" : fetched.baselines.join(", ")}`,
    );
  }
  io.info(`done (${calls.summary()})`);
  return { ok: true, plan, recordEdits, apiCalls: calls.count };
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
  return planRecordEdits({ config: program, appLogin, flagged: withFiles, open });
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

function describePlan(plan: Plan, recordEdits: RecordEditsAction | null, dryRun: boolean): string {
  const verb = dryRun ? "would" : "will";
  const lines = [
    ...plan.escalations.map(
      (e) =>
        `- ${verb} ${e.action} the escalation of \`${e.subject}\` (${e.status}, level ${e.level})`,
    ),
    ...plan.issues.map(
      (issue) => `- ${verb} ${issue.action} the ${issue.kind} issue of \`${issue.login}\``,
    ),
    plan.report === null ? "- no weekly report due" : `- ${verb} post "${plan.report.title}"`,
    plan.files.length === 0
      ? "- no dashboard changed"
      : `- ${verb} commit ${plan.files.map((f) => `\`${f.path}\``).join(", ")}`,
    recordEdits === null
      ? "- no hand edit of records found"
      : `- ${verb} ${recordEdits.action} the issue "${recordEdits.title}" with ${recordEdits.added.length} commits: ${recordEdits.added.map((c) => `${c.sha.slice(0, 7)} by ${c.author}`).join(", ")}`,
  ];
  return lines.join("\n");
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
