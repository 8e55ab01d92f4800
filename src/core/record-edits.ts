/**
 * `records/` is written only by the App (from GitHub events), the scheduled run (its
 * dashboards) and managers. Pure decisions for the two guards:
 *
 * - the App's `Context7 records` check on a pull request in the training repo that changes
 *   `records/` (`recordsCheck`);
 * - the scheduled run's audit of the commits on its branch that touched `records/` since the
 *   previous workday began (`recordEditsSince`, `flagRecordCommits`, `planRecordEdits`): one
 *   issue, found again by its hidden marker, lists the commits nobody allowed made.
 */
import { CONFIG_PATH, type Config } from "./config.js";
import { readMarker, writeMarker } from "./markers.js";
import { ProgramCalendar } from "./program-calendar.js";
import { RECORDS_DIR } from "./records.js";
import { codeSpan } from "./render/markdown.js";
import { rejectedFactsTable } from "./render/rejected.js";
import type { RejectedFact } from "./status.js";

export const RECORDS_CHECK_NAME = "Context7 records";
/** The App's bot login when it is registered from app.yml under its own name. */
export const DEFAULT_APP_LOGIN = "context7-training[bot]";
/** The author of the commits the scheduled run makes with the workflow's `github.token`. */
export const ACTIONS_LOGIN = "github-actions[bot]";
export const RECORD_EDITS_TITLE = "Context7 training: records edited by hand";
/** At most this many commits are listed in the issue (the newest); its body stays small. */
export const MAX_LISTED_COMMITS = 100;
/** At most this many rejected facts are listed in the issue; the others are counted. */
export const MAX_LISTED_FACTS = 100;

const WHY =
  "records are written by the App from GitHub events; a hand edit could forge evidence; ask a manager";
const CONFIG_WHY =
  "the config names the managers, the roster and the thresholds every gate is computed with";
const MAX_FILES_SHOWN = 50;

export function isManager(config: Pick<Config, "managers">, login: string): boolean {
  const wanted = login.toLowerCase();
  return config.managers.some((manager) => manager.toLowerCase() === wanted);
}

/** A file a pull request changes, as `pulls.listFiles` lists it. */
interface ChangedFile {
  filename: string;
  previous_filename?: string;
}

/** The paths under `records/` a pull request adds, changes, removes or renames. */
export function recordFilesIn(files: readonly ChangedFile[], recordsDir = "records"): string[] {
  const prefix = `${recordsDir.replace(/\/+$/, "")}/`;
  return pathsIn(files, (path) => path.startsWith(prefix));
}

/**
 * The files only managers change that a pull request touches: `records/` and the
 * programme's config (it names the managers, the roster and the thresholds).
 */
export function protectedFilesIn(files: readonly ChangedFile[]): string[] {
  return [
    ...recordFilesIn(files, RECORDS_DIR),
    ...pathsIn(files, (path) => path === CONFIG_PATH),
  ].sort();
}

function pathsIn(files: readonly ChangedFile[], wanted: (path: string) => boolean): string[] {
  const paths = new Set<string>();
  for (const file of files) {
    if (wanted(file.filename)) paths.add(file.filename);
    if (file.previous_filename !== undefined && wanted(file.previous_filename))
      paths.add(file.previous_filename);
  }
  return [...paths].sort();
}

interface RecordsCheck {
  conclusion: "success" | "failure";
  title: string;
  summary: string;
}

/**
 * The `Context7 records` check of a pull request in the training repo: a failure when it
 * changes `records/` or the config and its author is not a manager (of the config the App
 * reads, the default branch's: a PR cannot make its own author one), a success when a
 * manager's does, and no check at all when it leaves both alone.
 */
export function recordsCheck(
  config: Pick<Config, "managers">,
  author: string,
  changed: readonly string[],
): RecordsCheck | null {
  if (changed.length === 0) return null;
  const files = listFiles(changed);
  // What is said about each kind of protected file, for those the pull request changes.
  const records = changed.filter((path) => path !== CONFIG_PATH).length;
  const parts = [
    records > 0 && {
      what: "records/",
      changes: `${records === 1 ? "a file" : `${records} files`} under \`records/\``,
      why: WHY,
      restore: "records/",
    },
    changed.includes(CONFIG_PATH) && {
      what: "the programme's config",
      changes: `the programme's config (\`${CONFIG_PATH}\`)`,
      why: CONFIG_WHY,
      restore: CONFIG_PATH,
    },
  ].filter((part) => part !== false);
  const what = parts.map((part) => part.what).join(" and ");
  if (isManager(config, author)) {
    return {
      conclusion: "success",
      title: `${what} changed by a manager (@${author})`,
      summary: `Managers may correct records by hand and change the config. Changed:\n\n${files}\n`,
    };
  }
  const managers =
    config.managers.length === 0
      ? "no manager is configured: add one to `managers` in the config"
      : `managers: ${config.managers.map((manager) => `@${manager}`).join(", ")}`;
  const why = parts.map((part) => part.why).join("; ");
  const restore = parts.map((part) => part.restore).join(" ");
  return {
    conclusion: "failure",
    title: `${what} changed by @${author}, who is not a manager`,
    summary: [
      `This pull request changes ${parts.map((part) => part.changes).join(" and ")}, and @${author} is not one of the programme's managers: ${why}.`,
      "",
      files,
      "",
      `**To fix:** take these changes out of the pull request (for example \`git checkout origin/main -- ${restore}\`, commit, push). If a record is wrong, or the programme should change, ask a manager ` +
        `(${managers}): a score, leave or credit is recorded with a \`/context7\` command, and a manager may correct a record or the config by hand.`,
    ].join("\n"),
  };
}

function listFiles(paths: readonly string[]): string {
  const shown = paths.slice(0, MAX_FILES_SHOWN).map((path) => `- ${codeSpan(path)}`);
  if (paths.length > MAX_FILES_SHOWN) shown.push(`- … and ${paths.length - MAX_FILES_SHOWN} more`);
  return shown.join("\n");
}

/** A commit that touched `records/`, as `repos.listCommits` shows it. */
export interface RecordCommit {
  sha: string;
  /** The GitHub account of the commit's author; null when its e-mail belongs to none. */
  login: string | null;
  /** The author's name as the commit gives it. */
  name: string | null;
  /** The author's date. */
  at: string;
}

/** A commit the audit flags: made by someone who may not write records. */
export interface FlaggedCommit {
  sha: string;
  /** The login, or `<name> (no GitHub account)`. */
  author: string;
  at: string;
  /** The files under `records/` it changed, when they were looked up. */
  files: string[] | null;
}

/** The logins allowed to commit to `records/`: the App, the scheduled run and the managers. */
export function recordWriters(config: Pick<Config, "managers">, appLogin: string): string[] {
  return [appLogin, ACTIONS_LOGIN, ...config.managers];
}

/** The commits whose author is not an allowed writer, oldest first. */
export function flagRecordCommits(
  commits: readonly RecordCommit[],
  writers: readonly string[],
): FlaggedCommit[] {
  const allowed = new Set(writers.map((login) => login.toLowerCase()));
  return commits
    .filter((commit) => commit.login === null || !allowed.has(commit.login.toLowerCase()))
    .map((commit) => ({
      sha: commit.sha,
      author: printable(commit.login ?? `${commit.name ?? "unknown"} (no GitHub account)`),
      at: commit.at,
      files: null,
    }))
    .sort(byDate);
}

/**
 * Commit text for logs and issues: no control characters (so no line break can start a
 * workflow command in the run's log), 100 characters at most.
 */
function printable(text: string): string {
  const clean = text.replace(/\p{Cc}/gu, " ").trim();
  return clean.length > 100 ? `${clean.slice(0, 99)}…` : clean;
}

function byDate(a: FlaggedCommit, b: FlaggedCommit): number {
  return Date.parse(a.at) - Date.parse(b.at) || (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0);
}

const QUARTER_HOUR = 900_000;
const DAY = 86_400_000;

/**
 * The instant the previous program workday began (local midnight in the programme's
 * timezone): the scheduled run looks at the commits since then. Runs on consecutive
 * workdays overlap by a few hours, and a commit seen twice is listed once.
 */
export function recordEditsSince(
  config: Pick<Config, "timezone" | "workdays" | "holidays">,
  now: number,
): string {
  const calendar = new ProgramCalendar(config);
  const today = calendar.clock.day(now);
  const previous = calendar.lastCompleteWorkdays(today, 1)[0] ?? today - 1;
  // Offsets are whole quarter hours within ±14 h: the first quarter hour on that local day.
  for (let at = previous * DAY - 15 * 3_600_000; at < (previous + 1) * DAY; at += QUARTER_HOUR) {
    if (calendar.clock.day(at) >= previous) return new Date(at).toISOString();
  }
  return new Date(previous * DAY).toISOString();
}

/** The open "records edited by hand" issue, as its marker describes it. */
export interface OpenRecordEdits {
  number: number;
  commits: FlaggedCommit[];
  /** The rejected facts it lists, as `rejectedKey` gives them. */
  rejected?: string[];
}

export interface RecordEditsAction {
  action: "open" | "update";
  number: number | null;
  title: string;
  body: string;
  assignees: string[];
  /** The commits this action adds to the issue. */
  added: FlaggedCommit[];
  /** The rejected facts this action adds to the issue. */
  rejected: RejectedFact[];
}

/** A rejected fact as the issue's marker remembers it: its file and id. */
function rejectedKey(fact: Pick<RejectedFact, "file" | "id">): string {
  return `${fact.file}#${fact.id}`;
}

export function recordEditsMarker(
  commits: readonly FlaggedCommit[],
  rejected: readonly RejectedFact[] = [],
): string {
  return writeMarker("record-edits", { commits, rejected: rejected.map(rejectedKey) });
}

export function parseRecordEditsMarker(
  number: number,
  body: string | null | undefined,
): OpenRecordEdits | null {
  const value = readMarker("record-edits", body);
  if (value === null || !Array.isArray(value.commits)) return null;
  const commits = value.commits.filter(
    (item): item is FlaggedCommit =>
      typeof item === "object" &&
      item !== null &&
      typeof item.sha === "string" &&
      typeof item.author === "string" &&
      typeof item.at === "string" &&
      (item.files === null ||
        (Array.isArray(item.files) &&
          item.files.every((file: unknown) => typeof file === "string"))),
  );
  const rejected = Array.isArray(value.rejected)
    ? value.rejected.filter((key: unknown): key is string => typeof key === "string")
    : [];
  return { number, commits, rejected };
}

/**
 * What the scheduled run does about the flagged commits and the rejected facts (facts in
 * `records/` the App did not write as they stand): open the issue, or add the new ones to
 * the open issue; nothing when every one is listed already. The issue lists the facts
 * rejected now. It is never closed by the run: a manager closes it once each commit and
 * fact has been looked at.
 */
export function planRecordEdits(input: {
  config: Pick<Config, "escalation" | "managers">;
  appLogin: string;
  flagged: readonly FlaggedCommit[];
  open: OpenRecordEdits | null;
  rejected?: readonly RejectedFact[];
}): RecordEditsAction | null {
  const listed = new Set((input.open?.commits ?? []).map((commit) => commit.sha));
  const added = input.flagged.filter((commit) => !listed.has(commit.sha));
  const listedFacts = new Set(input.open?.rejected ?? []);
  const rejected = input.rejected ?? [];
  // Only the listed ones are remembered in the marker, so only those can be new; the rest
  // (always in the same order) are counted.
  const shown = rejected.slice(0, MAX_LISTED_FACTS);
  const newlyRejected = shown.filter((fact) => !listedFacts.has(rejectedKey(fact)));
  if (added.length === 0 && newlyRejected.length === 0) return null;
  const all = [...(input.open?.commits ?? []), ...added].sort(byDate);
  const kept = all.slice(-MAX_LISTED_COMMITS);
  const assignees = input.config.escalation.find((level) => level.level === 1)?.assignees ?? [];
  return {
    action: input.open === null ? "open" : "update",
    number: input.open?.number ?? null,
    title: RECORD_EDITS_TITLE,
    body: renderRecordEdits(
      input.config,
      input.appLogin,
      kept,
      all.length - kept.length,
      shown,
      rejected.length,
    ),
    assignees: [...assignees],
    added,
    rejected: newlyRejected,
  };
}

function renderRejected(shown: readonly RejectedFact[], total: number): string[] {
  if (total === 0) return [];
  return [
    "### Facts that do not count",
    "",
    "These facts are in `records/` but the App did not write them as they stand, so no status or gate counts them:",
    "",
    rejectedFactsTable(shown),
    ...(total > shown.length ? ["", `_and ${total - shown.length} more._`] : []),
    "",
    "**What to do:** remove each one from its file, or revert the commit that added or changed it (`git log -p -- <file>`). A genuine fact the App wrote again is recorded afresh from its GitHub event (redeliver it).",
    "",
  ];
}

function renderRecordEdits(
  config: Pick<Config, "managers">,
  appLogin: string,
  commits: readonly FlaggedCommit[],
  dropped: number,
  rejected: readonly RejectedFact[],
  rejectedTotal: number,
): string {
  const managers =
    config.managers.length === 0
      ? "none configured"
      : config.managers.map((manager) => codeSpan(manager)).join(", ");
  const rows = commits.map((commit) => {
    const files =
      commit.files === null
        ? "(not looked up)"
        : commit.files.length === 0
          ? "(none found)"
          : [
              ...commit.files.slice(0, 10).map((file) => codeSpan(file)),
              ...(commit.files.length > 10 ? [`+${commit.files.length - 10} more`] : []),
            ].join(", ");
    // A full sha outside a code span is linked to its commit by GitHub.
    return `| ${/^[0-9a-f]{40}$/i.test(commit.sha) ? commit.sha : codeSpan(commit.sha)} | ${codeSpan(commit.author, 80)} | ${commit.at.slice(0, 10)} | ${files} |`;
  });
  const commitSection =
    commits.length === 0
      ? []
      : [
          `These commits changed \`records/\` but were not made by the App (${codeSpan(appLogin)}), the scheduled run (${codeSpan(ACTIONS_LOGIN)}) or a manager (${managers}): ${WHY}.`,
          "",
          "| commit | author | date | files |",
          "| --- | --- | --- | --- |",
          ...rows,
          ...(dropped > 0 ? ["", `_${dropped} older commits are no longer listed._`] : []),
          "",
          "**What to do:** look at each commit (`git show <sha> -- records/`). If it forged or changed evidence, revert it (`git revert <sha>`) and talk to its author; if a manager asked for it, nothing more is needed. Close this issue when every commit has been looked at: a later hand edit opens a new one.",
          "",
          `If the App is registered under another name, set the Action's \`app-login\` input to its bot login, so its commits are not listed here.`,
        ];
  return [
    ...commitSection,
    ...(commitSection.length > 0 && rejectedTotal > 0 ? [""] : []),
    ...renderRejected(rejected, rejectedTotal),
    recordEditsMarker(commits, rejected),
  ].join("\n");
}
