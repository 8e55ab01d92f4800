import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { evaluate } from "../core/gates.js";
import { computeKpis } from "../core/kpis.js";
import { buildPlan, dashboardPaths } from "../core/plan.js";
import { DEFAULT_APP_LOGIN, planRecordEdits } from "../core/record-edits.js";
import { buildRunPlan, type RunPlan, type RunStep } from "../core/run-plan.js";
import { readDashboards } from "../local/workspace.js";
import { type CliIo, EXIT_OK, parseNowFlag, reportProblems, resolveNow } from "./io.js";
import { loadProgramFromFlags, required, withIntegrity } from "./program.js";

export const planUsage =
  "context7-training plan --config FILE --records DIR [--now ISO-8601] [--json]";

/**
 * What the scheduled run would do at `now`, nothing written, from the same plan the run
 * executes. Offline there are no open issues and no report discussion yet (so a past
 * week's report shows as due), no commit history (the records audit lists only the facts
 * that do not count), no unreadable record (the command stops on one instead), and the
 * KPI-facts search is on; the dashboards are compared with the files in the records folder.
 */
export async function planCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      records: { type: "string" },
      now: { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const nowFlag = parseNowFlag(values.now);
  const loaded = await loadProgramFromFlags(io.cwd, values);
  if (!loaded.ok) return reportProblems(io, loaded.problems);
  const { config, records } = loaded.program;
  const now = resolveNow(nowFlag, config.timezone, Date.now());
  const status = withIntegrity(evaluate(config, records, now), loaded.program);
  const recordsDir = required(values.records, "--records", "records");
  const currentFiles = await readDashboards(resolve(io.cwd, recordsDir), dashboardPaths(status));
  const plan = buildPlan({
    config,
    status,
    openEscalations: [],
    reportPosted: false,
    currentFiles,
    kpis: computeKpis(config, records, now, status),
  });
  const runPlan = buildRunPlan({
    plan,
    config,
    facts: records,
    readable: status,
    now,
    recordsFolder: "records",
    openConfigProblem: null,
    unreadable: [],
    recordEdits: planRecordEdits({
      config,
      appLogin: DEFAULT_APP_LOGIN,
      flagged: [],
      open: null,
      rejected: loaded.program.integrity.rejected,
    }),
    discussion: null,
    kpiFacts: true,
  });
  io.stdout.write(
    values.json ? `${JSON.stringify(planJson(runPlan), null, 2)}\n` : formatPlan(runPlan),
  );
  return EXIT_OK;
}

/** The first step of a kind, typed as that kind. */
function stepOf<K extends RunStep["step"]>(
  runPlan: RunPlan,
  kind: K,
): Extract<RunStep, { step: K }> | null {
  for (const step of runPlan.steps) if (isStep(step, kind)) return step;
  return null;
}

function stepsOf<K extends RunStep["step"]>(
  runPlan: RunPlan,
  kind: K,
): Extract<RunStep, { step: K }>[] {
  return runPlan.steps.filter((step) => isStep(step, kind));
}

function isStep<K extends RunStep["step"]>(
  step: RunStep,
  kind: K,
): step is Extract<RunStep, { step: K }> {
  return step.step === kind;
}

/**
 * CLI.md's shape (subjects, actions, statuses and levels; titles; file paths), and the
 * run's other writes: the configuration-problem issue, the records audit and the KPI facts.
 */
function planJson(runPlan: RunPlan) {
  const configProblem = stepOf(runPlan, "config-problem");
  const recordEdits = stepOf(runPlan, "record-edits");
  const kpiFacts = stepOf(runPlan, "kpi-facts");
  const reports = stepsOf(runPlan, "report").map((report) => report.title);
  const newest = reports.at(-1);
  return {
    escalations: stepsOf(runPlan, "escalation").map(({ action }) => ({
      subject: action.subject,
      action: action.action,
      status: action.status,
      level: action.level,
    })),
    issues: stepsOf(runPlan, "issue").map(({ action }) => ({
      kind: action.kind,
      login: action.login,
      action: action.action,
    })),
    report: newest === undefined ? null : { title: newest },
    reports,
    files: stepOf(runPlan, "dashboards")?.files.map((file) => file.path) ?? [],
    configProblem:
      configProblem === null
        ? null
        : { action: configProblem.issue.write, problems: configProblem.problems },
    recordEdits:
      recordEdits === null
        ? null
        : {
            action: recordEdits.action.action,
            title: recordEdits.action.title,
            commits: recordEdits.action.added.map((commit) => commit.sha),
            rejectedFacts: recordEdits.action.rejected.map((fact) => `${fact.file}#${fact.id}`),
          },
    kpiFacts:
      kpiFacts === null
        ? null
        : {
            baselines: kpiFacts.baselines.map((due) => due.login),
            bugSearch: kpiFacts.bugSearch,
          },
  };
}

function formatPlan(runPlan: RunPlan): string {
  const json = planJson(runPlan);
  const escalations = stepsOf(runPlan, "escalation").map((step) => step.action);
  const { configProblem, recordEdits, kpiFacts } = json;
  const lines = [
    escalations.length === 0 ? "escalations: none" : "escalations:",
    ...escalations.map(
      (e) =>
        `  ${e.action.padEnd(6)} ${e.subject.padEnd(20)} ${e.status.padEnd(9)} level ${e.level}`,
    ),
    json.issues.length === 0 ? "tracker and review issues: none" : "tracker and review issues:",
    ...json.issues.map((i) => `  ${i.action.padEnd(6)} ${i.kind.padEnd(8)} ${i.login}`),
    json.reports.length === 0
      ? "weekly report: not due"
      : `weekly reports to post (${json.reports.length}):`,
    ...json.reports.map((title) => `  ${title}`),
    json.files.length === 0
      ? "files: none change"
      : `files that would change (${json.files.length}):`,
    ...json.files.map((path) => `  ${path}`),
    configProblem === null
      ? "configuration-problem issue: none"
      : `configuration-problem issue: ${configProblem.action} (${configProblem.problems.length} problems)`,
    recordEdits === null
      ? "records audit: nothing to report"
      : `records audit: ${recordEdits.action} "${recordEdits.title}" (${recordEdits.commits.length} commits, ${recordEdits.rejectedFacts.length} facts that do not count)`,
    ...(recordEdits?.rejectedFacts.map((fact) => `  ${fact}`) ?? []),
    kpiFacts === null
      ? "KPI facts: not searched"
      : `KPI facts: baselines of ${kpiFacts.baselines.length === 0 ? "no one" : kpiFacts.baselines.join(", ")}; ${kpiFacts.bugSearch === null ? "no bug search" : `"${kpiFacts.bugSearch.label}" issues since ${kpiFacts.bugSearch.from}`}`,
  ];
  return `${lines.join("\n")}\n`;
}
