import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { evaluate } from "../core/gates.js";
import { computeKpis } from "../core/kpis.js";
import { buildPlan, dashboardPaths, type Plan } from "../core/plan.js";
import { readDashboards } from "../local/workspace.js";
import { type CliIo, EXIT_OK, parseNowFlag, reportProblems, resolveNow } from "./io.js";
import { loadProgramFromFlags, withIntegrity } from "./program.js";

export const planUsage =
  "context7-training plan --config FILE --records DIR [--now ISO-8601] [--json]";

/**
 * What the scheduled run would do at `now`, nothing written. Offline there are no open
 * escalation issues and no report discussion yet (so a past week's report shows as due); the dashboards are compared with the
 * files in the records folder.
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
  const currentFiles = await readDashboards(
    resolve(io.cwd, values.records as string),
    dashboardPaths(status),
  );
  const plan = buildPlan({
    config,
    status,
    openEscalations: [],
    reportPosted: false,
    currentFiles,
    kpis: computeKpis(config, records, now, status),
  });
  io.stdout.write(values.json ? `${JSON.stringify(planJson(plan), null, 2)}\n` : formatPlan(plan));
  return EXIT_OK;
}

/** The shape of CLI.md: subjects, actions, statuses and levels; titles; file paths. */
function planJson(plan: Plan) {
  return {
    escalations: plan.escalations.map(({ subject, action, status, level }) => ({
      subject,
      action,
      status,
      level,
    })),
    issues: plan.issues.map(({ kind, login, action }) => ({ kind, login, action })),
    report: plan.report,
    reports: plan.reports.map((report) => report.title),
    files: plan.files.map((file) => file.path),
  };
}

function formatPlan(plan: Plan): string {
  const lines = [
    plan.escalations.length === 0 ? "escalations: none" : "escalations:",
    ...plan.escalations.map(
      (e) =>
        `  ${e.action.padEnd(6)} ${e.subject.padEnd(20)} ${e.status.padEnd(9)} level ${e.level}`,
    ),
    plan.issues.length === 0 ? "tracker and review issues: none" : "tracker and review issues:",
    ...plan.issues.map((i) => `  ${i.action.padEnd(6)} ${i.kind.padEnd(8)} ${i.login}`),
    plan.reports.length === 0
      ? "weekly report: not due"
      : `weekly reports to post (${plan.reports.length}):`,
    ...plan.reports.map((report) => `  ${report.title}`),
    plan.files.length === 0
      ? "files: none change"
      : `files that would change (${plan.files.length}):`,
    ...plan.files.map((file) => `  ${file.path}`),
  ];
  return `${lines.join("\n")}\n`;
}
