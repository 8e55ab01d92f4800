/**
 * Who may change the programme's config, and what a change did. The config names the
 * managers, the roster and the thresholds every gate is computed with, so only a manager
 * changes it: a manager of the config as it was before the change (a push cannot make its
 * own pusher a manager). A change by anyone else is shown to the managers with what it did.
 */
import { CONFIG_PATH, type Config } from "./config.js";

/** True when `login` is a manager of `before`, the config the change was made to. */
export function mayChangeConfig(before: Pick<Config, "managers">, login: string): boolean {
  const wanted = login.toLowerCase();
  return before.managers.some((manager) => manager.toLowerCase() === wanted);
}

/** The changes that matter to a manager, one line each; empty when none of them changed. */
export function configChanges(before: Config, after: Config | null): string[] {
  if (after === null) return [`\`${CONFIG_PATH}\` is now invalid or gone: nothing is recorded`];
  const lines = [
    ...added("manager", before.managers, after.managers),
    ...removed("manager", before.managers, after.managers),
    ...added(
      "developer",
      before.roster.map((entry) => entry.login),
      after.roster.map((entry) => entry.login),
    ),
    ...removed(
      "developer",
      before.roster.map((entry) => entry.login),
      after.roster.map((entry) => entry.login),
    ),
  ];
  const was = flatten(before.thresholds);
  for (const [key, value] of flatten(after.thresholds)) {
    if (JSON.stringify(was.get(key)) !== JSON.stringify(value))
      lines.push(
        `threshold \`${key}\`: ${JSON.stringify(was.get(key))} → ${JSON.stringify(value)}`,
      );
  }
  return lines;
}

function added(what: string, before: readonly string[], after: readonly string[]): string[] {
  const had = new Set(before.map((login) => login.toLowerCase()));
  return after
    .filter((login) => !had.has(login.toLowerCase()))
    .map((login) => `${what} added: \`${login}\``);
}

function removed(what: string, before: readonly string[], after: readonly string[]): string[] {
  return added(what, after, before).map((line) => line.replace(" added: ", " removed: "));
}

/** `idleWorkdays.red` → 3, and so on for every leaf of the thresholds. */
function flatten(value: object, prefix = ""): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, leaf] of Object.entries(value)) {
    const path = `${prefix}${key}`;
    if (leaf !== null && typeof leaf === "object" && !Array.isArray(leaf))
      for (const [inner, innerLeaf] of flatten(leaf, `${path}.`)) out.set(inner, innerLeaf);
    else out.set(path, leaf);
  }
  return out;
}
