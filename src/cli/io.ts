/** What a CLI command reads and writes, injected so tests run commands in-process. */
import type { Readable } from "node:stream";
import { LocalClock } from "../core/calendar.js";
import { formatProblem, type Problem } from "../core/problems.js";

interface Writer {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  stdin: Readable;
  cwd: string;
}

/** Exit codes of every command (CLI.md). */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;

/** A wrong command line: the message says what is wrong and how to call the command. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function reportProblems(io: CliIo, problems: readonly Problem[]): number {
  for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  io.stderr.write(`${count} found; nothing was written.\n`);
  return EXIT_BAD_INPUT;
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const NOW_EXAMPLE = "write it like 2026-12-01T09:00:00Z, 2026-12-01T10:00:00+01:00 or 2026-12-01";

/**
 * A `--now` flag, checked strictly (`2026-02-30` is refused, not rolled over to March).
 * With an offset or `Z` it is one instant; without one (a date, or a time with no offset)
 * it is a wall-clock time in the programme's timezone, known once the config is read,
 * never the machine's.
 */
type NowFlag =
  | { kind: "instant"; ms: number }
  | { kind: "wall-clock"; wallClockMs: number }
  | { kind: "current" };

export function parseNowFlag(value: string | undefined): NowFlag {
  if (value === undefined) return { kind: "current" };
  const match = ISO_TIME.exec(value);
  if (match === null) {
    throw new UsageError(`--now "${value}" is not an ISO-8601 date or time; ${NOW_EXAMPLE}`);
  }
  const [, year, month, day, hour = "00", minute = "00", second = "00", fraction = "", offset] =
    match as unknown as (string | undefined)[];
  const fields = [year, month, day, hour, minute, second].map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const wallClockMs =
    Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5]) +
    Math.round(Number(`0${fraction}`) * 1000);
  const back = new Date(wallClockMs);
  const exists =
    back.getUTCFullYear() === fields[0] &&
    back.getUTCMonth() === fields[1] - 1 &&
    back.getUTCDate() === fields[2] &&
    back.getUTCHours() === fields[3] &&
    back.getUTCMinutes() === fields[4] &&
    back.getUTCSeconds() === fields[5];
  if (!exists) {
    throw new UsageError(
      `--now "${value}" names a date or time that does not exist; ${NOW_EXAMPLE}`,
    );
  }
  if (offset === undefined) return { kind: "wall-clock", wallClockMs };
  if (offset === "Z") return { kind: "instant", ms: wallClockMs };
  const sign = offset.startsWith("-") ? -1 : 1;
  const [offsetHours, offsetMinutes] = offset.slice(1).split(":").map(Number) as [number, number];
  if (offsetHours > 14 || offsetMinutes > 59) {
    throw new UsageError(`--now "${value}" has an offset out of range; ${NOW_EXAMPLE}`);
  }
  return { kind: "instant", ms: wallClockMs - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
}

/** The instant `--now` names, as epoch milliseconds, once the programme's timezone is known. */
export function resolveNow(flag: NowFlag, timezone: string, current: number): number {
  if (flag.kind === "current") return current;
  if (flag.kind === "instant") return flag.ms;
  return new LocalClock(timezone).instantOfWallClock(flag.wallClockMs);
}
