/**
 * Who may change the programme's config, and what a change did. The config names the
 * managers, the roster, the curriculum, the calendar and the thresholds every gate is
 * computed with, so only a manager changes it: a manager of the last valid config before
 * the change (a push cannot make its own pusher a manager). A change by anyone else is put
 * to the managers with everything it changed.
 */
import { CONFIG_PATH, type Config } from "./config.js";
import { codeSpan } from "./render/markdown.js";

/** Lines listed at most; the rest are counted, so the text stays far below GitHub's limits. */
export const MAX_CHANGES_LISTED = 50;

/** True when `login` is a manager of `before`, the config the change was made to. */
export function mayChangeConfig(before: Pick<Config, "managers">, login: string): boolean {
  const wanted = login.toLowerCase();
  return before.managers.some((manager) => manager.toLowerCase() === wanted);
}

/**
 * Every change between two parsed configs, one line each: managers and developers added or
 * removed, a developer's entry changed, and every other setting changed (its path, before
 * and after). Empty only when the two are the same.
 */
export function configChanges(before: Config, after: Config | null): string[] {
  if (after === null)
    return [`${codeSpan(CONFIG_PATH)} is now invalid or gone: nothing is recorded`];
  return [
    ...loginsChanged("manager", before.managers, after.managers),
    ...rosterChanged(before.roster, after.roster),
    ...settingsChanged(settingsOf(before), settingsOf(after)),
  ];
}

/** The changes as a Markdown list, at most MAX_CHANGES_LISTED lines. */
export function listChanges(changes: readonly string[]): string {
  if (changes.length === 0) return "Nothing the programme computes with changed.";
  const shown = changes.slice(0, MAX_CHANGES_LISTED).map((line) => `- ${line}`);
  if (changes.length > shown.length) shown.push(`- … and ${changes.length - shown.length} more`);
  return shown.join("\n");
}

type RosterEntry = Config["roster"][number];

/** The settings other than the managers and the roster, as written (not the derived catalog). */
function settingsOf(config: Config): object {
  const { managers, roster, exercises, requirements, ...settings } = config;
  return settings;
}

function loginsChanged(what: string, before: readonly string[], after: readonly string[]) {
  const had = new Set(before.map((login) => login.toLowerCase()));
  const has = new Set(after.map((login) => login.toLowerCase()));
  return [
    ...after
      .filter((login) => !had.has(login.toLowerCase()))
      .map((l) => `${what} added: ${codeSpan(l)}`),
    ...before
      .filter((login) => !has.has(login.toLowerCase()))
      .map((l) => `${what} removed: ${codeSpan(l)}`),
  ];
}

function rosterChanged(before: readonly RosterEntry[], after: readonly RosterEntry[]): string[] {
  const lines = loginsChanged(
    "developer",
    before.map((entry) => entry.login),
    after.map((entry) => entry.login),
  );
  const was = new Map(before.map((entry) => [entry.login.toLowerCase(), entry]));
  for (const entry of after) {
    const earlier = was.get(entry.login.toLowerCase());
    if (earlier === undefined) continue;
    lines.push(
      ...settingsChanged(earlier, entry).map(
        (line) => `developer ${codeSpan(entry.login)}: ${line}`,
      ),
    );
  }
  return lines;
}

/** Each leaf setting that differs: `thresholds.idleWorkdays.red`: 3 → 4. Lists compare whole. */
function settingsChanged(before: object, after: object): string[] {
  const was = leaves(before);
  const is = leaves(after);
  const lines: string[] = [];
  for (const path of new Set([...was.keys(), ...is.keys()])) {
    const from = was.get(path);
    const to = is.get(path);
    if (from !== to) lines.push(`${codeSpan(path)}: ${shown(from)} → ${shown(to)}`);
  }
  return lines;
}

function shown(json: string | undefined): string {
  return json === undefined ? "(not set)" : codeSpan(json, 80);
}

/** path → the value as JSON, for every leaf of an object (a list is one leaf). */
function leaves(value: object, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, leaf] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    if (leaf !== null && typeof leaf === "object" && !Array.isArray(leaf))
      for (const [inner, innerLeaf] of leaves(leaf, `${path}.`)) out.set(inner, innerLeaf);
    else if (leaf !== undefined) out.set(path, JSON.stringify(leaf));
  }
  return out;
}
