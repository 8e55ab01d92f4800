/**
 * The scheduled run's plan (RULES §7), pure: which escalation issues to open, update or
 * close, whether the weekly report is due, and which dashboard files would change. The run
 * plan (run-plan.ts) adds the run's other writes to it, and is what the Action executes and
 * `context7-training plan` prints.
 *
 * Escalation issues carry their state in a hidden marker in the body, so a rerun finds
 * them (by label and marker) and never opens a duplicate.
 */
import { dateOf, dayNumber, isoWeekOf, LocalClock } from "./calendar.js";
import type { Config } from "./config.js";
import type { KpiReport } from "./kpis.js";
import { readMarker, writeMarker } from "./markers.js";
import {
  type IssueAction,
  type OpenReview,
  type OpenTracker,
  planReviews,
  planTrackers,
} from "./plan-trackers.js";
import { ProgramCalendar } from "./program-calendar.js";
import { renderTeamDashboard } from "./render/dashboard.js";
import { escapeText } from "./render/markdown.js";
import { renderTracker } from "./render/tracker.js";
import { weeklyReportTitle } from "./render/weekly-report.js";
import { type DueReport, dueReports } from "./report-catch-up.js";
import {
  COLOUR_ICONS,
  COLOUR_LABELS,
  type Colour,
  type DeveloperStatus,
  type ProgramStatus,
} from "./status.js";

const TEAM_SUBJECT = "team";
type EscalationStatus = Exclude<Colour, "green"> | "adoption";

/** An open escalation issue, as the marker in its body describes it. */
export interface OpenEscalation {
  number: number;
  subject: string;
  status: EscalationStatus;
  level: number;
  /** The local date the current level began. */
  since: string;
  /** When GitHub says the issue was opened (not editable, unlike the marker). */
  openedAt?: string;
}

export interface EscalationAction {
  subject: string;
  action: "open" | "update" | "close";
  /** The status the issue shows after the action; `green` when it is closed. */
  status: EscalationStatus | "green";
  level: number;
  /** The issue to update or close. */
  number: number | null;
  title: string;
  /** The issue body (open, update) or the closing comment (close). */
  body: string;
  assignees: string[];
}

export interface PlannedFile {
  path: string;
  content: string;
}

export interface Plan {
  escalations: EscalationAction[];
  /** Tracker and certification review issues to open, update or close. */
  issues: IssueAction[];
  /** The newest weekly report to post, if any (CLI.md's shape). */
  report: { title: string } | null;
  /** Every weekly report to post, oldest first: missed weeks, then this one. */
  reports: DueReport[];
  files: PlannedFile[];
}

interface PlanInput {
  config: Config;
  status: ProgramStatus;
  openEscalations: readonly OpenEscalation[];
  openTrackers?: readonly OpenTracker[];
  openReviews?: readonly OpenReview[];
  /** Whether this ISO week's report discussion exists already. */
  reportPosted: boolean;
  /** The titles of the due reports whose discussion exists already (missed weeks included). */
  postedReports?: readonly string[];
  /** The dashboard files as they are now (path → content); absent means missing. */
  currentFiles: Readonly<Record<string, string>>;
  /** The success metrics, shown on the team dashboard and in dashboard.json when given. */
  kpis?: KpiReport;
}

export function escalationMarker(escalation: Omit<OpenEscalation, "number">): string {
  const { subject, status, level, since } = escalation;
  return writeMarker("escalation", { subject, status, level, since });
}

/** The escalation an issue body describes, or null for an issue that is not one of ours. */
export function parseEscalationMarker(number: number, body: string | null): OpenEscalation | null {
  const value = readMarker("escalation", body);
  const valid =
    typeof value?.subject === "string" &&
    typeof value.status === "string" &&
    typeof value.level === "number" &&
    typeof value.since === "string";
  return valid ? { number, ...(value as unknown as Omit<OpenEscalation, "number">) } : null;
}

const PROCEDURES: Record<EscalationStatus, string> = {
  yellow: "Schedule a check-in within 24 hours.",
  red: "Hold an immediate 1:1 session with the developer.",
  critical: "Training suspension and re-assessment.",
  adoption: "Executive notification: team adoption is below target.",
};

export function buildPlan(input: PlanInput): Plan {
  const { config, status } = input;
  const calendar = new ProgramCalendar(config);
  const today = dayNumber(status.today);
  const open = new Map(input.openEscalations.map((issue) => [issue.subject.toLowerCase(), issue]));
  const escalations: EscalationAction[] = [];

  const wanted: {
    subject: string;
    status: EscalationStatus | "green";
    baseLevel: number;
    developer?: DeveloperStatus;
  }[] = status.developers.filter(isReadable).map((developer) => ({
    subject: developer.login,
    status: developer.started ? developer.status : "green",
    baseLevel: developer.status === "critical" ? 2 : 1,
    developer,
  }));
  if (status.team.size > 0) {
    wanted.push({
      subject: TEAM_SUBJECT,
      status: status.team.adoptionBelowThreshold ? "adoption" : "green",
      baseLevel: 3,
    });
  }

  for (const subject of wanted) {
    const marked = open.get(subject.subject.toLowerCase()) ?? null;
    const highestBase = subject.subject === TEAM_SUBJECT ? 3 : 2;
    const existing = plausible(config, calendar, today, marked, highestBase);
    const action = planEscalation(config, calendar, today, status, subject, existing);
    if (action !== null) escalations.push(action);
  }
  // Someone taken off the roster is no longer escalated.
  // An unreadable record leaves its developer's escalation as it is.
  const known = new Set(
    [...wanted.map((subject) => subject.subject), ...status.developers.map((d) => d.login)].map(
      (subject) => subject.toLowerCase(),
    ),
  );
  for (const issue of input.openEscalations) {
    if (known.has(issue.subject.toLowerCase())) continue;
    const who =
      issue.subject === TEAM_SUBJECT
        ? "The programme has no started developer any more"
        : `\`${issue.subject}\` is no longer on the roster`;
    escalations.push({
      subject: issue.subject,
      action: "close",
      status: "green",
      level: issue.level,
      number: issue.number,
      title: "",
      body: `${who} (as of ${status.today}). Closing this escalation.`,
      assignees: [],
    });
  }

  const posted = new Set(input.postedReports ?? []);
  const week = isoWeekOf(status.today);
  const thisWeek = weeklyReportTitle(week.weekStart, week.weekEnd);
  const reports = dueReports(
    config,
    new LocalClock(config.timezone),
    status.today,
    status.now,
  ).filter(
    (report) => !posted.has(report.title) && !(input.reportPosted && report.title === thisWeek),
  );
  const newest = reports.at(-1);
  return {
    escalations,
    issues: [
      ...(config.trackerIssues ? planTrackers(config, status, input.openTrackers ?? []) : []),
      ...planReviews(config, status, input.openReviews ?? []),
    ],
    report: newest === undefined ? null : { title: newest.title },
    reports,
    files: changedFiles(config, status, input.currentFiles, input.kpis),
  };
}

function planEscalation(
  config: Config,
  calendar: ProgramCalendar,
  today: number,
  status: ProgramStatus,
  wanted: {
    subject: string;
    status: EscalationStatus | "green";
    baseLevel: number;
    developer?: DeveloperStatus;
  },
  existing: OpenEscalation | null,
): EscalationAction | null {
  if (wanted.status === "green") {
    if (existing === null) return null;
    const who =
      wanted.subject === TEAM_SUBJECT
        ? "Team adoption is back on target"
        : `\`${wanted.subject}\` is on track again`;
    return {
      subject: wanted.subject,
      action: "close",
      status: "green",
      level: existing.level,
      number: existing.number,
      title: "",
      body: `${who} (${COLOUR_ICONS.green} ${COLOUR_LABELS.green}) as of ${status.today}. Closing this escalation.`,
      assignees: [],
    };
  }
  let level = Math.max(wanted.baseLevel, existing?.level ?? 0);
  let since = existing !== null && level === existing.level ? existing.since : status.today;
  // Still open after enough more workdays: up one level, up to 4.
  if (existing !== null && level === existing.level && level < 4) {
    const waited = completeWorkdaysBetween(calendar, dayNumber(existing.since), today);
    if (waited >= config.thresholds.escalationStepWorkdays) {
      level += 1;
      since = status.today;
    }
  }
  const unchanged =
    existing !== null && existing.status === wanted.status && existing.level === level;
  if (unchanged) return null;
  const contact = config.escalation.find((entry) => entry.level === level);
  const escalation = { subject: wanted.subject, status: wanted.status, level, since };
  return {
    subject: wanted.subject,
    action: existing === null ? "open" : "update",
    status: wanted.status,
    level,
    number: existing?.number ?? null,
    title: escalationTitle(wanted.subject, wanted.status, level, contact?.title),
    body: escalationBody(config, status, wanted.developer, escalation, contact?.title),
    assignees: contact?.assignees ?? [],
  };
}

/**
 * An open escalation as far as its marker can be true. The marker is the run's state in an
 * issue body, which anyone with write access to the repo can edit: its `since` lies
 * between the issue's opening (GitHub's date) and today, and its level is at most the
 * highest base level plus the steps the workdays since the opening allow. A marker outside
 * those was edited: the opening day, and that ceiling, are taken instead.
 */
function plausible(
  config: Config,
  calendar: ProgramCalendar,
  today: number,
  existing: OpenEscalation | null,
  highestBase: number,
): OpenEscalation | null {
  if (existing?.openedAt === undefined) return existing;
  const opened = calendar.clock.day(Date.parse(existing.openedAt));
  if (Number.isNaN(opened)) return existing;
  const since = dayNumber(existing.since);
  const steps = Math.floor(
    completeWorkdaysBetween(calendar, opened, today) / config.thresholds.escalationStepWorkdays,
  );
  return {
    ...existing,
    since: since >= opened && since <= today ? existing.since : dateOf(opened),
    level: Math.min(existing.level, highestBase + steps, 4),
  };
}

/** Program workdays strictly between two local days: those that have ended since `from`. */
function completeWorkdaysBetween(calendar: ProgramCalendar, from: number, today: number): number {
  let count = 0;
  for (let day = from + 1; day < today; day++) if (calendar.isProgramWorkday(day)) count++;
  return count;
}

function escalationTitle(
  subject: string,
  status: EscalationStatus,
  level: number,
  contact?: string,
): string {
  const what =
    status === "adoption" ? "team adoption below target" : `${subject} — ${COLOUR_LABELS[status]}`;
  return `Context7 escalation: ${what} (level ${level}${contact === undefined ? "" : `: ${contact}`})`;
}

function escalationBody(
  config: Config,
  status: ProgramStatus,
  developer: DeveloperStatus | undefined,
  escalation: Omit<OpenEscalation, "number">,
  contact: string | undefined,
): string {
  const lines =
    developer === undefined
      ? [
          `Team adoption over the last ${config.thresholds.adoptionWindowWorkdays} workdays is ${Math.round((status.team.adoptionRate ?? 0) * 100)}%, below the target of ${Math.round(config.thresholds.adoptionRate * 100)}%.`,
        ]
      : [
          `**\`${developer.login}\`** (${developer.role}, Day ${developer.day}) is ${COLOUR_ICONS[developer.status]} **${COLOUR_LABELS[developer.status]}**:`,
          "",
          ...developer.reasons.map((reason) => `- ${escapeText(reason)}`),
          "",
          `Tracker: [records/${developer.login.toLowerCase()}.md](../blob/HEAD/records/${developer.login.toLowerCase()}.md)`,
        ];
  return [
    ...lines,
    "",
    `**Escalation level ${escalation.level}${contact === undefined ? "" : ` — ${contact}`}** since ${escalation.since}. ${PROCEDURES[escalation.status]}`,
    `It moves up a level after ${config.thresholds.escalationStepWorkdays} more workdays open, and closes by itself when the status is green again.`,
    "",
    `_Updated by the context7-training scheduled run on ${status.today}._`,
    escalationMarker(escalation),
  ].join("\n");
}

/** Whether the developer's record could be read, so their status can be acted on. */
function isReadable(developer: DeveloperStatus): boolean {
  return developer.recordUnreadable === undefined;
}

/** The paths of the dashboards the run writes, relative to the training repo. */
export function dashboardPaths(status: ProgramStatus): string[] {
  return [
    "records/README.md",
    ...status.developers
      .filter(isReadable)
      .map((developer) => `records/${developer.login.toLowerCase()}.md`),
    "records/dashboard.json",
  ];
}

/** The dashboards the run writes, with only those whose content would change. */
export function changedFiles(
  config: Config,
  status: ProgramStatus,
  current: Readonly<Record<string, string>>,
  kpis?: KpiReport,
): PlannedFile[] {
  const files: PlannedFile[] = [
    { path: "records/README.md", content: renderTeamDashboard(status, config, kpis) },
    // An unreadable record keeps its developer's last tracker until it is fixed.
    ...status.developers.filter(isReadable).map((developer) => ({
      path: `records/${developer.login.toLowerCase()}.md`,
      content: renderTracker(developer, config, { teamDashboardLink: "./README.md" }),
    })),
    {
      path: "records/dashboard.json",
      content: `${JSON.stringify(dashboardJson(status, kpis), null, 2)}\n`,
    },
  ];
  return files.filter((file) => current[file.path] !== file.content);
}

/** The plan's monitoring dashboard: the status without the clock time, so an unchanged day rewrites nothing. */
function dashboardJson(status: ProgramStatus, kpis?: KpiReport) {
  const { now: _now, ...rest } = status;
  return kpis === undefined ? rest : { ...rest, kpis };
}
