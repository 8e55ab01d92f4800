/**
 * Everything one scheduled run writes, decided before its first write: an ordered list of
 * steps. The Action executes them (src/github/execute-plan.ts), a dry run only describes
 * them, and `context7-training plan` lists them. Pure: the reads (open issues, the commits
 * audit, the discussion lookup) are done before, and passed in.
 */
import type { Config } from "./config.js";
import type { DeveloperRecord } from "./evidence.js";
import { evaluate } from "./gates.js";
import { baselinesDue, baselineWindow, cohortStart } from "./kpis.js";
import { plainMarker } from "./markers.js";
import type { EscalationAction, Plan, PlannedFile } from "./plan.js";
import type { IssueAction } from "./plan-trackers.js";
import { formatProblem } from "./problems.js";
import type { RecordEditsAction } from "./record-edits.js";
import { renderWeeklyReport } from "./render/weekly-report.js";
import type { ProgramStatus } from "./status.js";
import type { UnreadableRecord } from "./unreadable-records.js";

export const CONFIG_PROBLEM_TITLE = "Context7 training: configuration problem";
const CONFIG_PROBLEM_MARKER = plainMarker("config-problem");
const WEEK = 7 * 86_400_000;

/** One write to an issue, with the issue number whenever one exists already. */
export type IssueWrite =
  | { write: "open"; title: string; body: string; assignees?: string[] }
  | { write: "update"; number: number; title: string; body: string; assignees?: string[] }
  | { write: "close"; number: number; comment: string };

/** Where a weekly report is posted, as the discussion lookup found it. */
export interface DiscussionTarget {
  repositoryId: string;
  /** Null when the category does not exist: posting then fails, saying how to fix it. */
  categoryId: string | null;
}

/** The KPI facts search: its results are known only when it runs, its inputs now. */
export interface KpiFactsStep {
  step: "kpi-facts";
  /** The local date and the instant the facts are recorded as of. */
  today: string;
  at: string;
  /** The developers whose baseline is fetched (one search each, and their PRs' reviews). */
  baselines: { login: string; from: string; to: string }[];
  /** The library-usage bug search, or null before anyone on the roster has started. */
  bugSearch: { label: string; from: string } | null;
  config: Config;
  records: readonly DeveloperRecord[];
}

export type RunStep =
  | {
      step: "config-problem";
      issue: IssueWrite;
      /** The problems the issue lists (none when it is closed). */
      problems: string[];
      /** Developers whose record file was set aside while the run went on without them. */
      skipped: string[];
    }
  | { step: "dashboards"; files: PlannedFile[]; message: string }
  | { step: "escalation"; action: EscalationAction; issue: IssueWrite }
  | { step: "issue"; action: IssueAction; issue: IssueWrite }
  | { step: "record-edits"; action: RecordEditsAction; issue: IssueWrite }
  | {
      step: "report";
      title: string;
      body: string;
      category: string;
      /** Null when the plan was made offline, with no discussion looked up. */
      discussion: DiscussionTarget | null;
    }
  | KpiFactsStep;

export interface RunPlan {
  /** What the steps were decided from; null when the input stopped the run. */
  plan: Plan | null;
  /** The "records edited by hand" issue to open or update, if any. */
  recordEdits: RecordEditsAction | null;
  /** Every write, in the order the run makes them. */
  steps: RunStep[];
}

export interface RunPlanInput {
  plan: Plan;
  /** The config and facts of the developers whose record could be read. */
  config: Config;
  facts: readonly DeveloperRecord[];
  /** Their status at `now` (the weekly report of the current week shows it). */
  readable: ProgramStatus;
  now: number;
  /** The records folder in the training repo, where the dashboards are committed. */
  recordsFolder: string;
  /** The open configuration-problem issue and the record files that could not be read. */
  openConfigProblem: number | null;
  unreadable: readonly UnreadableRecord[];
  recordEdits: RecordEditsAction | null;
  discussion: DiscussionTarget | null;
  /** Whether the run searches for KPI facts (the Action's `kpi-facts` input). */
  kpiFacts: boolean;
}

/** The steps of a run that goes on: config problem, dashboards, issues, reports, KPI facts. */
export function buildRunPlan(input: RunPlanInput): RunPlan {
  const { plan, config } = input;
  const steps: RunStep[] = [];
  const configProblem = unreadableRecordsStep(input.openConfigProblem, input.unreadable);
  if (configProblem !== null) steps.push(configProblem);
  if (plan.files.length > 0) {
    const folder = input.recordsFolder.replace(/\/+$/, "");
    steps.push({
      step: "dashboards",
      files: plan.files.map((file) => ({
        ...file,
        path: file.path.replace(/^records\//, `${folder}/`),
      })),
      message: `Update Context7 training dashboards for ${input.readable.today}`,
    });
  }
  for (const action of plan.escalations)
    steps.push({
      step: "escalation",
      action,
      issue: issueWrite(action, `the escalation of ${action.subject}`),
    });
  for (const action of plan.issues)
    steps.push({
      step: "issue",
      action,
      issue: issueWrite(action, `the ${action.kind} issue of ${action.login}`),
    });
  if (input.recordEdits !== null)
    steps.push({
      step: "record-edits",
      action: input.recordEdits,
      issue: issueWrite(input.recordEdits, `the issue "${input.recordEdits.title}"`),
    });
  for (const due of plan.reports) {
    const asOf = Date.parse(due.asOf);
    steps.push({
      step: "report",
      title: due.title,
      body: renderWeeklyReport({
        config,
        status: asOf === input.now ? input.readable : evaluate(config, input.facts, asOf),
        previous: evaluate(config, input.facts, asOf - WEEK),
        records: input.facts,
        weekStart: due.weekStart,
        weekEnd: due.weekEnd,
      }),
      category: config.reports.discussionCategory,
      discussion: input.discussion,
    });
  }
  if (input.kpiFacts)
    steps.push(kpiFactsStep(config, input.facts, input.readable.today, input.now));
  return { plan, recordEdits: input.recordEdits, steps };
}

/** A run stopped by invalid input writes one thing: the configuration-problem issue. */
export function buildStoppedRunPlan(openConfigProblem: number | null, problems: string[]): RunPlan {
  return {
    plan: null,
    recordEdits: null,
    steps: [configProblemStep(openConfigProblem, problems, [])],
  };
}

/**
 * The configuration-problem issue names each unreadable record file (opened or updated),
 * or is closed once every file reads again.
 */
function unreadableRecordsStep(
  open: number | null,
  unreadable: readonly UnreadableRecord[],
): RunStep | null {
  if (unreadable.length === 0) {
    if (open === null) return null;
    return {
      step: "config-problem",
      issue: {
        write: "close",
        number: open,
        comment: "The config and records are valid again. Closing.",
      },
      problems: [],
      skipped: [],
    };
  }
  return configProblemStep(
    open,
    unreadable.flatMap((entry) => entry.problems).map(formatProblem),
    unreadable.map((entry) => entry.login),
  );
}

function configProblemStep(open: number | null, problems: string[], skipped: string[]): RunStep {
  const body = [
    skipped.length === 0
      ? "The scheduled context7-training run stopped: its input is invalid, and nothing was written."
      : `The scheduled context7-training run could not read the records of ${skipped.map((login) => `\`${login}\``).join(", ")}: everyone else was evaluated as usual. Until the files are fixed, these developers show as "record unreadable" on the dashboard, and their escalations and trackers are left as they are.`,
    "",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Fix these (`npx context7-training validate --config .github/context7-training.yml --records records` lists them), and the next run closes this issue.",
    CONFIG_PROBLEM_MARKER,
  ].join("\n");
  const issue: IssueWrite =
    open === null
      ? { write: "open", title: CONFIG_PROBLEM_TITLE, body }
      : { write: "update", number: open, title: CONFIG_PROBLEM_TITLE, body };
  return { step: "config-problem", issue, problems, skipped };
}

function kpiFactsStep(
  config: Config,
  records: readonly DeveloperRecord[],
  today: string,
  now: number,
): KpiFactsStep {
  const since = cohortStart(config, today);
  return {
    step: "kpi-facts",
    today,
    at: new Date(now).toISOString(),
    baselines: baselinesDue(config, records, today),
    bugSearch:
      since === null
        ? null
        : { label: config.kpis.libraryBugLabel, from: baselineWindow(config, since).from },
    config,
    records,
  };
}

/** An issue action as the write it makes; an update or close always names its issue. */
function issueWrite(
  action: {
    action: "open" | "update" | "close";
    number: number | null;
    title: string;
    body: string;
    assignees: string[];
  },
  what: string,
): IssueWrite {
  const { title, body, assignees } = action;
  if (action.action === "open") return { write: "open", title, body, assignees };
  if (action.number === null)
    throw new Error(
      `the plan would ${action.action} ${what} but knows no issue number for it; this is a bug in the planner, please report it`,
    );
  return action.action === "close"
    ? { write: "close", number: action.number, comment: body }
    : { write: "update", number: action.number, title, body, assignees };
}

/** The plan in words, one line a write: the run's log, its summary and the dry run's. */
export function describeRunPlan(runPlan: RunPlan, dryRun: boolean): string {
  const verb = dryRun ? "would" : "will";
  const steps = runPlan.steps;
  const lines = steps.map((step) => describeStep(step, verb));
  if (runPlan.plan !== null) {
    if (!steps.some((step) => step.step === "report")) lines.push("- no weekly report due");
    if (!steps.some((step) => step.step === "dashboards")) lines.push("- no dashboard changed");
    if (runPlan.recordEdits === null) lines.push("- no hand edit of records found");
  }
  return lines.join("\n");
}

function describeStep(step: RunStep, verb: string): string {
  switch (step.step) {
    case "config-problem":
      return step.issue.write === "close"
        ? `- ${verb} close the issue "${CONFIG_PROBLEM_TITLE}" (#${step.issue.number}): everything reads again`
        : `- ${verb} ${step.issue.write} the issue "${CONFIG_PROBLEM_TITLE}" with ${step.problems.length} problems${step.skipped.length === 0 ? "" : ` (records set aside: ${step.skipped.join(", ")})`}`;
    case "dashboards":
      return `- ${verb} commit ${step.files.map((file) => `\`${file.path}\``).join(", ")}`;
    case "escalation": {
      const e = step.action;
      return `- ${verb} ${e.action} the escalation of \`${e.subject}\` (${e.status}, level ${e.level})`;
    }
    case "issue":
      return `- ${verb} ${step.action.action} the ${step.action.kind} issue of \`${step.action.login}\``;
    case "record-edits": {
      const { action, title, added, rejected } = step.action;
      const commits =
        added.length === 0
          ? ""
          : `: ${added.map((commit) => `${commit.sha.slice(0, 7)} by ${commit.author}`).join(", ")}`;
      return `- ${verb} ${action} the issue "${title}" with ${added.length} commits${commits} and ${rejected.length} newly rejected facts`;
    }
    case "report":
      return `- ${verb} post "${step.title}"`;
    case "kpi-facts": {
      const baselines =
        step.baselines.length === 0
          ? "no baseline due"
          : `the baselines of ${step.baselines.map((due) => due.login).join(", ")}`;
      const bugs =
        step.bugSearch === null
          ? "no bug search (nobody has started)"
          : `the "${step.bugSearch.label}" issues since ${step.bugSearch.from}`;
      return `- ${verb} search for KPI facts (${baselines}; ${bugs}) and record what it finds`;
    }
  }
}
