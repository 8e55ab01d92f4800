/**
 * Manager commands (RULES §8), written in an issue or PR comment of the training repo:
 *
 *   /context7 knowledge @alice 92        knowledge-check score (0..100)
 *   /context7 final @alice 90            final assessment score (0..100)
 *   /context7 shared @alice <note>       knowledge shared at standup
 *   /context7 leave @alice 2026-11-26 [2026-11-27]
 *   /context7 certify @alice             issue the certification (RULES §5.4)
 *   /context7 reviewed @alice            the certification review took place
 *
 * Parsing, authorising and turning a command into evidence are pure; the App answers the
 * comment once with `describeOutcome`. A comment may hold several commands, one a line
 * (lines in code blocks, fenced or indented, and HTML comments do not count):
 * either all are recorded or, on any error, none.
 */
import { addMonths, dateOf, dayNumber, LocalClock } from "./calendar.js";
import { type Config, rosterEntryFor } from "./config.js";
import { visibleText } from "./detect.js";
import type { Evidence } from "./evidence.js";
import { closesFence, type Fence, openingFence } from "./forms.js";
import { CERTIFY_STEP } from "./gates/certification.js";
import { escapeText } from "./render/markdown.js";
import type { DeveloperStatus } from "./status.js";

type Command =
  | { name: "knowledge" | "final"; login: string; score: number }
  | { name: "shared"; login: string; note: string }
  | { name: "leave"; login: string; from: string; to: string }
  | { name: "certify" | "reviewed"; login: string };

type CommandName = Command["name"];

const COMMAND_USAGE: Record<CommandName, string> = {
  knowledge: "/context7 knowledge @login <score 0-100>",
  final: "/context7 final @login <score 0-100>",
  shared: "/context7 shared @login <what they shared>",
  leave: "/context7 leave @login <YYYY-MM-DD> [<YYYY-MM-DD>]",
  certify: "/context7 certify @login",
  reviewed: "/context7 reviewed @login",
};

/** Commands whose decision needs the developer's status, read before deciding. */
export const STATUS_COMMANDS: ReadonlySet<CommandName> = new Set(["certify", "reviewed"]);

const COMMAND_LINE = /^\s*\/context7(?:\s+(.*))?$/i;
const LOGIN = /^@([A-Za-z0-9](?:[A-Za-z0-9-]{0,37}[A-Za-z0-9])?)$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Leave longer than this is more likely a typo in a year than a holiday. */
const MAX_LEAVE_DAYS = 31;
/** Commands taken from one comment: the one reply stays well within GitHub's 65,536 characters. */
export const MAX_COMMANDS_PER_COMMENT = 100;
/** A `shared` note is shown in the dashboards and the report: a sentence, not an essay. */
const MAX_NOTE_LENGTH = 280;

/**
 * A piece of the comment quoted back in a reply: short, one line, no backticks, and each
 * invisible character (NUL, a right-to-left override) shown as "�" rather than hidden.
 */
function quoted(text: string, max = 60): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, "\uFFFD").replace(/`/g, "'");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A quoted piece in the text of a reply (outside a code span): plain text, too. */
function quotedText(text: string): string {
  return escapeText(quoted(text));
}

export type ParsedCommand =
  | { ok: true; command: Command }
  | { ok: false; line: string; error: string };

/** The `/context7` lines of a comment body, each parsed; code blocks and HTML comments are skipped. */
export function parseCommands(body: string): ParsedCommand[] {
  const results: ParsedCommand[] = [];
  // As GitHub renders it: only a fence of the same character, at least as long, closes one.
  let fence: Fence | null = null;
  for (const line of visibleText(body).split(/\r?\n/)) {
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    fence = openingFence(line);
    // Four spaces or a tab: an indented code block, an example shown, not a command run.
    if (fence !== null || /^(?: {4}|\t)/.test(line)) continue;
    const match = COMMAND_LINE.exec(line);
    if (match !== null)
      results.push(parseCommand(quoted(line.trim(), 120), (match[1] ?? "").trim()));
  }
  return results;
}

function parseCommand(line: string, rest: string): ParsedCommand {
  const [rawName = "", rawLogin = "", ...args] = rest.split(/\s+/).filter((word) => word !== "");
  const name = rawName.toLowerCase();
  const fail = (error: string): ParsedCommand => ({ ok: false, line, error });
  if (!isCommandName(name)) {
    const known = Object.values(COMMAND_USAGE).join("`, `");
    return fail(
      name === ""
        ? `a command is missing after /context7; use one of \`${known}\``
        : `"${quotedText(rawName)}" is not a command; use one of \`${known}\``,
    );
  }
  const usage = `use \`${COMMAND_USAGE[name]}\``;
  const login = LOGIN.exec(rawLogin)?.[1];
  if (login === undefined) {
    return fail(
      `${rawLogin === "" ? "the developer is missing" : `"${quotedText(rawLogin)}" is not an @login`}; ${usage}`,
    );
  }
  switch (name) {
    case "certify":
    case "reviewed":
      if (args.length > 0) return fail(`nothing may follow the @login; ${usage}`);
      return { ok: true, command: { name, login } };
    case "knowledge":
    case "final": {
      const [value, ...extra] = args;
      const score = value === undefined ? Number.NaN : Number(value.replace(/%$/, ""));
      if (
        value === undefined ||
        extra.length > 0 ||
        !Number.isFinite(score) ||
        !/^\d+(\.\d+)?%?$/.test(value)
      ) {
        return fail(`the score must be one number from 0 to 100; ${usage}`);
      }
      if (score < 0 || score > 100)
        return fail(`the score ${quotedText(value)} is out of range (0 to 100); ${usage}`);
      return { ok: true, command: { name, login, score } };
    }
    case "shared": {
      const note = args
        .join(" ")
        .replace(/\p{Cc}/gu, "")
        .trim();
      if (note === "") return fail(`say what was shared; ${usage}`);
      if (note.length > MAX_NOTE_LENGTH)
        return fail(
          `the note is ${note.length} characters long; keep it to ${MAX_NOTE_LENGTH} (a sentence; link to the details); ${usage}`,
        );
      return { ok: true, command: { name, login, note } };
    }
    case "leave": {
      const [from, until, ...extra] = args;
      if (from === undefined || extra.length > 0)
        return fail(`give one date or a range of two; ${usage}`);
      const to = until ?? from;
      for (const date of [from, to]) {
        if (!isRealDate(date))
          return fail(`"${quotedText(date)}" is not a date; write dates as YYYY-MM-DD; ${usage}`);
      }
      if (to < from) return fail(`the leave ends (${to}) before it starts (${from}); ${usage}`);
      if (dayNumber(to) - dayNumber(from) + 1 > MAX_LEAVE_DAYS) {
        return fail(`the leave is longer than ${MAX_LEAVE_DAYS} days; check the dates; ${usage}`);
      }
      return { ok: true, command: { name, login, from, to } };
    }
  }
}

function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMAND_USAGE, name);
}

function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(text);
}

export interface CommandItem {
  login: string;
  evidence: Evidence;
  /** Said in the reply instead of the plain description of the evidence. */
  note?: string;
}

/** A certification to issue: the App allocates its id, then records it. */
export interface CertifyRequest {
  login: string;
  /** The evidence id the certification is recorded under. */
  id: string;
  at: string;
  by: string;
  url?: string;
}

export type CommandOutcome =
  | { recorded: true; items: CommandItem[]; certify: CertifyRequest[] }
  | { recorded: false; errors: string[] };

interface CommandContext {
  author: string;
  deliveryId: string;
  at: string;
  url?: string;
  /**
   * The status, as of the command, of each developer a `certify` or `reviewed` command
   * names (keyed by lower-case login); the App reads their records first.
   */
  developers?: ReadonlyMap<string, DeveloperStatus>;
}

/**
 * Decides what a comment's commands record: nothing when the author is not a manager, when
 * any command is malformed or names someone not on the roster.
 */
export function decideCommands(
  config: Config,
  parsed: readonly ParsedCommand[],
  context: CommandContext,
): CommandOutcome {
  const isManager = config.managers.some(
    (manager) => manager.toLowerCase() === context.author.toLowerCase(),
  );
  if (!isManager) {
    return {
      recorded: false,
      errors: [
        `only the programme's managers can run /context7 commands, and @${context.author} is not one of them. Nothing was recorded; ask a manager (${config.managers.map((m) => `\`${m}\``).join(", ") || "none configured"}) to run it.`,
      ],
    };
  }
  if (parsed.length > MAX_COMMANDS_PER_COMMENT) {
    return {
      recorded: false,
      errors: [
        `this comment holds ${parsed.length} commands; one comment may hold at most ${MAX_COMMANDS_PER_COMMENT}: split them over several comments`,
      ],
    };
  }
  const errors: string[] = [];
  const items: CommandItem[] = [];
  const certify: CertifyRequest[] = [];
  parsed.forEach((result, index) => {
    if (!result.ok) {
      errors.push(`\`${result.line}\`: ${result.error}`);
      return;
    }
    const entry = rosterEntryFor(config, result.command.login);
    if (entry === undefined) {
      errors.push(
        `@${result.command.login} is not on the roster; add them to \`roster\` in the config first`,
      );
      return;
    }
    if (entry.login.toLowerCase() === context.author.toLowerCase()) {
      errors.push(
        `@${context.author} cannot run \`/context7 ${result.command.name}\` about themself, even as a manager: another manager runs it (no one scores, credits or certifies themself)`,
      );
      return;
    }
    const id =
      parsed.length === 1
        ? `command-${context.deliveryId}`
        : `command-${context.deliveryId}-${index + 1}`;
    const { command } = result;
    if (command.name === "certify" || command.name === "reviewed") {
      const developer = context.developers?.get(entry.login.toLowerCase());
      if (developer === undefined)
        throw new Error(`the status of ${entry.login} was not read before deciding`);
      const refusal = certificationRefusal(command.name, developer);
      if (refusal !== null) {
        errors.push(refusal);
        return;
      }
      const common = { id, at: context.at, by: context.author, ...urlOf(context) };
      if (command.name === "certify") certify.push({ login: entry.login, ...common });
      else {
        const nextReview = addMonths(
          localDateOf(config, context.at),
          config.thresholds.reviewIntervalMonths,
        );
        items.push({
          login: entry.login,
          evidence: { ...common, kind: "certification-review" },
          note: `certification review recorded; the next one is due on ${nextReview}`,
        });
      }
      return;
    }
    items.push({ login: entry.login, evidence: commandEvidence(command, id, context) });
  });
  return errors.length > 0 ? { recorded: false, errors } : { recorded: true, items, certify };
}

function urlOf(context: { url?: string }) {
  return context.url === undefined ? {} : { url: context.url };
}

function localDateOf(config: Config, at: string): string {
  return dateOf(new LocalClock(config.timezone).day(at));
}

/** Why a certify or reviewed command cannot be carried out for this developer, or null. */
function certificationRefusal(
  name: "certify" | "reviewed",
  developer: DeveloperStatus,
): string | null {
  const who = `@${developer.login}`;
  if (name === "reviewed") {
    return developer.certificationId === null
      ? `${who} is not certified, so there is no certification review to record; certify them first with \`${COMMAND_USAGE.certify}\``
      : null;
  }
  if (developer.certificationId !== null) {
    return `${who} is certified already (${developer.certificationId} on ${developer.certifiedOn}); a certificate is issued once. Record a three-month review with \`${COMMAND_USAGE.reviewed}\``;
  }
  const missing = developer.gates.certification.missing.filter((item) => item !== CERTIFY_STEP);
  if (missing.length === 0) return null;
  return `${who} cannot be certified yet; still missing: ${missing.join("; ")}`;
}

function commandEvidence(
  command: Command,
  id: string,
  context: { author: string; at: string; url?: string },
): Evidence {
  const common = { id, at: context.at, by: context.author, ...urlOf(context) };
  switch (command.name) {
    case "knowledge":
      return { ...common, kind: "knowledge-score", score: command.score };
    case "final":
      return { ...common, kind: "final-score", score: command.score };
    case "shared":
      return { ...common, kind: "shared", note: command.note };
    case "leave":
      return { ...common, kind: "leave", from: command.from, to: command.to };
    case "certify":
    case "reviewed":
      throw new Error(`${command.name} is decided with the developer's status`);
  }
}

/** The one reply to a comment with commands: what was recorded, or why nothing was. */
export function describeOutcome(outcome: CommandOutcome): string {
  if (!outcome.recorded) {
    const list = outcome.errors.map((error) => `- ${error}`).join("\n");
    return `Nothing was recorded:\n\n${list}`;
  }
  const lines = outcome.items.map(
    ({ login, evidence, note }) => `- @${login}: ${note ?? describeEvidence(evidence)}`,
  );
  return `Recorded:\n\n${lines.join("\n")}`;
}

function describeEvidence(evidence: Evidence): string {
  switch (evidence.kind) {
    case "knowledge-score":
      return `knowledge-check score ${evidence.score}`;
    case "final-score":
      return `final assessment score ${evidence.score}`;
    case "shared":
      return `knowledge shared: ${escapeText(evidence.note)}`;
    case "leave":
      return evidence.from === evidence.to
        ? `leave on ${evidence.from}`
        : `leave from ${evidence.from} to ${evidence.to}`;
    default:
      return evidence.kind;
  }
}
