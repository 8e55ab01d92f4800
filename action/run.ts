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
import { evaluate } from "../src/core/gates.js";
import { buildPlan, dashboardPaths, dueReportTitle, type Plan } from "../src/core/plan.js";
import { formatProblem, type Problem } from "../src/core/problems.js";
import { renderTeamDashboard } from "../src/core/render/dashboard.js";
import { renderWeeklyReport } from "../src/core/render/weekly-report.js";
import type { ProgramStatus } from "../src/core/status.js";
import { commitFiles } from "../src/github/dashboards.js";
import { findReport, postReport } from "../src/github/discussions.js";
import {
  applyEscalation,
  applyIssueAction,
  closeConfigProblem,
  findTrainingIssues,
  LabelGuard,
  type RepoRef,
  reportConfigProblem,
} from "../src/github/issues.js";
import { loadConfigText, loadRecords, readDashboards } from "../src/local/workspace.js";

const booleanInput = z
  .enum(["true", "false", "True", "False", "TRUE", "FALSE", ""])
  .transform((value) => value.toLowerCase() === "true");

export const inputsSchema = z.object({
  // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression users write.
  token: z.string().min(1, "the token input is required (use ${{ github.token }})"),
  config: z.string().min(1).default(".github/context7-training.yml"),
  records: z.string().min(1).default("records"),
  "dry-run": booleanInput.default(false),
  now: z
    .string()
    .refine(
      (value) => value === "" || !Number.isNaN(Date.parse(value)),
      "must be an ISO-8601 time such as 2026-12-01T09:00:00Z",
    )
    .default(""),
});
export type ActionInputs = z.output<typeof inputsSchema>;

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
  const issues = await findTrainingIssues(octokit, repo);
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
  const plan = buildPlan({
    config: program,
    status,
    openEscalations: issues.escalations,
    openTrackers: issues.trackers,
    openReviews: issues.reviews,
    reportPosted: report?.posted ?? false,
    currentFiles,
  });
  const statusPath = writeStatus(context.outputDir, status);
  setOutputs(io, status, plan, statusPath);
  await io.summary(
    `${renderTeamDashboard(status, program)}\n## Plan\n\n${describePlan(plan, dryRun)}\n`,
  );
  io.info(describePlan(plan, dryRun));
  if (dryRun) {
    io.info(`dry run: nothing written (${calls.summary()})`);
    return { ok: true, plan, apiCalls: calls.count };
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
  io.info(`done (${calls.summary()})`);
  return { ok: true, plan, apiCalls: calls.count };
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

function describePlan(plan: Plan, dryRun: boolean): string {
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
