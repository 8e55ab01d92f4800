/**
 * The per-developer issues of the scheduled run, pure: each developer's tracker issue
 * (opened on Day 1, kept current, closed on certification) and the certification review
 * issue (opened `reviewNoticeDays` before the review date, closed once a manager records
 * the review). Both are found again by a hidden marker, so reruns never duplicate them.
 */
import { addDays, dayNumber } from "./calendar.js";
import type { Config } from "./config.js";
import { readMarker, writeMarker } from "./markers.js";
import { renderTracker } from "./render/tracker.js";
import { selfReportedTicks, trackerMarker } from "./self-report.js";
import type { DeveloperStatus, ProgramStatus } from "./status.js";

/** An open tracker issue, as its marker and body show it. */
export interface OpenTracker {
  number: number;
  login: string;
  body: string;
  /** The day the scheduled run last wrote it (from its marker). */
  asOf: string | null;
}

/** An open certification review issue. */
export interface OpenReview {
  number: number;
  login: string;
  /** The review date the issue was opened for. */
  due: string;
}

export interface IssueAction {
  kind: "tracker" | "review";
  login: string;
  action: "open" | "update" | "close";
  number: number | null;
  title: string;
  /** The issue body (open, update) or the closing comment (close). */
  body: string;
  assignees: string[];
}

export function reviewMarker(login: string, due: string): string {
  return writeMarker("review", { login, due });
}

export function parseReviewMarker(number: number, body: string | null): OpenReview | null {
  const value = readMarker("review", body);
  return typeof value?.login === "string" && typeof value.due === "string"
    ? { number, login: value.login, due: value.due }
    : null;
}

function trackerTitle(developer: DeveloperStatus): string {
  return `Context7 training tracker: ${developer.login}`;
}

/** The tracker issue's body: the tracker, with the developer's latest ticks kept. */
export function trackerIssueBody(
  developer: DeveloperStatus,
  config: Config,
  currentBody: string | null,
  asOf: string,
): string {
  const ticks = currentBody === null ? {} : selfReportedTicks(currentBody);
  return [
    renderTracker(developer, config, { selfReported: ticks }).trimEnd(),
    "",
    "_Tick the self-reported boxes yourself when done; the rest is kept current by the context7-training scheduled run from what GitHub shows._",
    trackerMarker(developer.login, asOf),
  ].join("\n");
}

export function planTrackers(
  config: Config,
  status: ProgramStatus,
  open: readonly OpenTracker[],
): IssueAction[] {
  const byLogin = new Map<string, OpenTracker>();
  for (const issue of [...open].sort((a, b) => a.number - b.number)) {
    if (!byLogin.has(issue.login.toLowerCase())) byLogin.set(issue.login.toLowerCase(), issue);
  }
  const actions: IssueAction[] = [];
  const writes: { action: IssueAction; asOf: string | null }[] = [];
  const onRoster = new Set<string>();
  for (const developer of status.developers) {
    const key = developer.login.toLowerCase();
    onRoster.add(key);
    // An unreadable record leaves the tracker as it is until the file is fixed.
    if (developer.recordUnreadable !== undefined) continue;
    const existing = byLogin.get(key) ?? null;
    const base = {
      kind: "tracker" as const,
      login: developer.login,
      title: trackerTitle(developer),
    };
    if (developer.certificationId !== null) {
      if (existing !== null) {
        actions.push({
          ...base,
          action: "close",
          number: existing.number,
          body: `Certified as \`${developer.certificationId}\` on ${developer.certifiedOn}. Well done — closing this tracker.`,
          assignees: [],
        });
      }
      continue;
    }
    if (!developer.started) continue;
    const body = trackerIssueBody(developer, config, existing?.body ?? null, status.today);
    // Written today already: tomorrow's run brings it up to date.
    if (existing !== null && (existing.body === body || existing.asOf === status.today)) continue;
    writes.push({
      action: {
        ...base,
        action: existing === null ? "open" : "update",
        number: existing?.number ?? null,
        body,
        assignees: [developer.login],
      },
      asOf: existing === null ? null : existing.asOf,
    });
  }
  // The budget of writes per run goes to new trackers first, then the longest unwritten.
  writes.sort((a, b) => (a.asOf ?? "").localeCompare(b.asOf ?? ""));
  actions.push(...writes.slice(0, config.trackerWritesPerRun).map((write) => write.action));
  for (const [key, issue] of byLogin) {
    if (onRoster.has(key)) continue;
    actions.push({
      kind: "tracker",
      login: issue.login,
      action: "close",
      number: issue.number,
      title: "",
      body: `\`${issue.login}\` is no longer on the roster. Closing this tracker.`,
      assignees: [],
    });
  }
  return actions;
}

export function planReviews(
  config: Config,
  status: ProgramStatus,
  open: readonly OpenReview[],
): IssueAction[] {
  const today = dayNumber(status.today);
  const actions: IssueAction[] = [];
  const developers = new Map(status.developers.map((d) => [d.login.toLowerCase(), d]));
  const stillDue = new Set<number>();
  for (const developer of status.developers) {
    const due = developer.nextReviewDate;
    if (due === null) continue;
    const existing = open.find(
      (issue) => issue.login.toLowerCase() === developer.login.toLowerCase() && issue.due === due,
    );
    if (existing !== undefined) {
      stillDue.add(existing.number);
      continue;
    }
    if (today < dayNumber(due) - config.thresholds.reviewNoticeDays) continue;
    const contacts = config.escalation.find((entry) => entry.level === 1)?.assignees ?? [];
    actions.push({
      kind: "review",
      login: developer.login,
      action: "open",
      number: null,
      title: `Context7 certification review: ${developer.login} (due ${due})`,
      body: reviewBody(config, developer, due),
      assignees: [...new Set([developer.login, ...contacts])],
    });
  }
  for (const issue of open) {
    if (stillDue.has(issue.number)) continue;
    const developer = developers.get(issue.login.toLowerCase());
    // An unreadable record says nothing about the review: the issue stays open.
    if (developer?.recordUnreadable !== undefined) continue;
    actions.push({
      kind: "review",
      login: issue.login,
      action: "close",
      number: issue.number,
      title: "",
      body:
        developer?.nextReviewDate == null
          ? `\`${issue.login}\` has no certification to review any more. Closing.`
          : `The review was recorded; the next one is due on ${developer.nextReviewDate}. Closing.`,
      assignees: [],
    });
  }
  return actions;
}

function reviewBody(config: Config, developer: DeveloperStatus, due: string): string {
  return [
    `\`${developer.login}\`'s Context7 certification \`${developer.certificationId}\` (${developer.certifiedOn}) is due for its review on **${due}**.`,
    "",
    "Meet, check that Context7 is still the first resource for documentation lookups and that the commitments hold, then a manager records the review by commenting:",
    "",
    "```",
    `/context7 reviewed @${developer.login}`,
    "```",
    "",
    `Until it is recorded, \`${developer.login}\` shows as at risk (yellow) from ${addDays(due, 1)}. The next review is then due ${config.thresholds.reviewIntervalMonths} months later.`,
    reviewMarker(developer.login, due),
  ].join("\n");
}
