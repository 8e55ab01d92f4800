/**
 * A record file that does not parse blocks only its developer: everyone else is evaluated
 * as usual, and the developer is shown as "record unreadable" with nothing acted on (no
 * escalation opened, changed or closed, no tracker written) until the file is fixed.
 */
import type { Config } from "./config.js";
import type { DeveloperRecord } from "./evidence.js";
import { evaluate } from "./gates.js";
import type { Problem } from "./problems.js";
import type { ProgramStatus } from "./status.js";

/** A `records/<login>.yml` that could not be read or parsed, with what is wrong in it. */
export interface UnreadableRecord {
  /** The login its file name stands for. */
  login: string;
  file: string;
  problems: Problem[];
}

/** The login a record file stands for: its name without `.yml`. */
export function loginOfRecordFile(name: string): string {
  return name.replace(/\.yml$/, "").toLowerCase();
}

/** The config with the developers whose record is unreadable taken off the roster. */
export function readableConfig(config: Config, unreadable: readonly UnreadableRecord[]): Config {
  const broken = new Set(unreadable.map((entry) => entry.login.toLowerCase()));
  if (broken.size === 0) return config;
  return { ...config, roster: config.roster.filter((e) => !broken.has(e.login.toLowerCase())) };
}

/**
 * The program's status with each unreadable developer kept in the list, flagged, and left
 * out of the team figures (their missing evidence would read as idleness). `readable` is
 * what `evaluate` gives for the readable developers only.
 */
export function evaluateDespiteUnreadable(
  config: Config,
  records: readonly DeveloperRecord[],
  unreadable: readonly UnreadableRecord[],
  now: number,
): { status: ProgramStatus; readable: ProgramStatus } {
  const readable = evaluate(readableConfig(config, unreadable), records, now);
  if (unreadable.length === 0) return { status: readable, readable };
  const fileOf = new Map(unreadable.map((entry) => [entry.login.toLowerCase(), entry.file]));
  const everyone = evaluate(config, records, now);
  const developers = everyone.developers.map((developer) => {
    const file = fileOf.get(developer.login.toLowerCase());
    if (file === undefined) return developer;
    return {
      ...developer,
      recordUnreadable: file,
      reasons: [
        `${file} cannot be read, so this developer's progress is unknown; fix the file (the configuration problem issue says where)`,
      ],
    };
  });
  return { status: { ...readable, developers }, readable };
}
