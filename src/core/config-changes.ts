/**
 * Who may change the programme's config, and what a change did. The config names the
 * managers, the roster, the curriculum, the calendar and the thresholds every gate is
 * computed with, so only a manager changes it: a manager of the last valid config before
 * the change (a push cannot make its own pusher a manager). A change by anyone else is put
 * to the managers with everything it changed.
 */
import { CONFIG_PATH, type Config } from "./config.js";
import { codeSpan } from "./render/markdown.js";

/**
 * Roster lines listed at most of each kind (developers added, removed, changed); the rest
 * are counted. The roster is the one part of the config a change can make arbitrarily
 * long, so this keeps the managers and settings, listed first and in full, in view.
 */
export const MAX_ROSTER_LINES = 20;

/** True when `login` is a manager of `before`, the config the change was made to. */
export function mayChangeConfig(before: Pick<Config, "managers">, login: string): boolean {
  const wanted = login.toLowerCase();
  return before.managers.some((manager) => manager.toLowerCase() === wanted);
}

/**
 * Every change between two parsed configs, one line each: managers added or removed, every
 * other setting changed (its path, before and after; a list's elements added or removed),
 * then developers added, removed or changed. Empty only when the two are the same.
 */
export function configChanges(before: Config, after: Config | null): string[] {
  if (after === null)
    return [`${codeSpan(CONFIG_PATH)} is now invalid, a link or gone: nothing is recorded`];
  return [
    ...managersChanged(before.managers, after.managers),
    ...settingsChanged(settingsOf(before), settingsOf(after)),
    ...rosterChanged(before.roster, after.roster),
  ];
}

/** The changes as a Markdown list. */
export function listChanges(changes: readonly string[]): string {
  if (changes.length === 0) return "Nothing the programme computes with changed.";
  return changes.map((line) => `- ${line}`).join("\n");
}

type RosterEntry = Config["roster"][number];

/** The settings other than the managers and the roster, as written (not the derived catalog). */
function settingsOf(config: Config): object {
  const { managers, roster, exercises, requirements, ...settings } = config;
  return settings;
}

function managersChanged(before: readonly string[], after: readonly string[]): string[] {
  const { added, removed } = loginsChanged(before, after);
  return [
    ...added.map((login) => `manager added: ${codeSpan(login)}`),
    ...removed.map((login) => `manager removed: ${codeSpan(login)}`),
  ];
}

/** The logins in `after` and not `before` (added), and the other way round (removed). */
function loginsChanged(before: readonly string[], after: readonly string[]) {
  const had = new Set(before.map((login) => login.toLowerCase()));
  const has = new Set(after.map((login) => login.toLowerCase()));
  return {
    added: after.filter((login) => !had.has(login.toLowerCase())),
    removed: before.filter((login) => !has.has(login.toLowerCase())),
  };
}

function rosterChanged(before: readonly RosterEntry[], after: readonly RosterEntry[]): string[] {
  const { added, removed } = loginsChanged(
    before.map((entry) => entry.login),
    after.map((entry) => entry.login),
  );
  const was = new Map(before.map((entry) => [entry.login.toLowerCase(), entry]));
  const changed = after.flatMap((entry) => {
    const earlier = was.get(entry.login.toLowerCase());
    return earlier === undefined
      ? []
      : settingsChanged(earlier, entry).map(
          (line) => `developer ${codeSpan(entry.login)}: ${line}`,
        );
  });
  return [
    ...capped(added, (login) => `developer added: ${codeSpan(login)}`, "developers added"),
    ...capped(removed, (login) => `developer removed: ${codeSpan(login)}`, "developers removed"),
    ...capped(changed, (line) => line, "changes to developers' entries"),
  ];
}

function capped<T>(items: readonly T[], line: (item: T) => string, what: string): string[] {
  const shown = items.slice(0, MAX_ROSTER_LINES).map(line);
  if (items.length > shown.length)
    shown.push(`… and ${items.length - shown.length} more ${what} (${items.length} in all)`);
  return shown;
}

/**
 * Each leaf setting that differs: `thresholds.idleWorkdays.red`: `3` → `4`. A list shows
 * the elements added and removed (so a long list's change stays visible).
 */
function settingsChanged(before: object, after: object): string[] {
  const was = leaves(before);
  const is = leaves(after);
  const lines: string[] = [];
  for (const path of new Set([...was.keys(), ...is.keys()])) {
    const from = was.get(path);
    const to = is.get(path);
    if (JSON.stringify(from) === JSON.stringify(to)) continue;
    if (Array.isArray(from) && Array.isArray(to)) lines.push(...listChanged(path, from, to));
    else lines.push(`${codeSpan(path)}: ${shown(from)} → ${shown(to)}`);
  }
  return lines;
}

function listChanged(path: string, from: readonly unknown[], to: readonly unknown[]): string[] {
  const before = from.map((item) => JSON.stringify(item));
  const after = to.map((item) => JSON.stringify(item));
  const added = after.filter((item) => !before.includes(item));
  const removed = before.filter((item) => !after.includes(item));
  if (added.length === 0 && removed.length === 0) return [`${codeSpan(path)}: reordered`];
  return [
    ...added.map((item) => `${codeSpan(path)}: added ${codeSpan(item, 80)}`),
    ...removed.map((item) => `${codeSpan(path)}: removed ${codeSpan(item, 80)}`),
  ];
}

function shown(value: unknown): string {
  return value === undefined ? "(not set)" : codeSpan(JSON.stringify(value), 80);
}

/** path → value, for every leaf of an object (a list is one leaf). */
function leaves(value: object, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, leaf] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    if (leaf !== null && typeof leaf === "object" && !Array.isArray(leaf))
      for (const [inner, innerLeaf] of leaves(leaf, `${path}.`)) out.set(inner, innerLeaf);
    else if (leaf !== undefined) out.set(path, leaf);
  }
  return out;
}
