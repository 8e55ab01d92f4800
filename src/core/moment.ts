/**
 * A moment given on a command line or as an Action input (`--now`, `now:`), read strictly
 * as ISO 8601: `2026-02-30` is refused, not rolled over to March. With an offset or `Z` it
 * is one instant; without one (a date, or a time with no offset) it is a wall-clock time in
 * the programme's timezone, known once the config is read, never the machine's.
 */
import { LocalClock } from "./calendar.js";

const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const EXAMPLE = "write it like 2026-12-01T09:00:00Z, 2026-12-01T10:00:00+01:00 or 2026-12-01";

/** `current`: none was given, the run's own clock applies. */
export type Moment =
  | { kind: "instant"; ms: number }
  | { kind: "wall-clock"; wallClockMs: number }
  | { kind: "current" };

/** The moment `value` names, or what is wrong with it (to follow the value in a message). */
export function parseMoment(value: string): Moment | string {
  const match = ISO_TIME.exec(value);
  if (match === null) {
    return `is not an ISO-8601 date or time; ${EXAMPLE}`;
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
    return `names a date or time that does not exist; ${EXAMPLE}`;
  }
  if (offset === undefined) return { kind: "wall-clock", wallClockMs };
  if (offset === "Z") return { kind: "instant", ms: wallClockMs };
  const sign = offset.startsWith("-") ? -1 : 1;
  const [offsetHours, offsetMinutes] = offset.slice(1).split(":").map(Number) as [number, number];
  if (offsetHours > 14 || offsetMinutes > 59) {
    return `has an offset out of range; ${EXAMPLE}`;
  }
  return { kind: "instant", ms: wallClockMs - sign * (offsetHours * 60 + offsetMinutes) * 60_000 };
}

/** The instant a moment names, as epoch milliseconds, once the programme's timezone is known. */
export function resolveMoment(flag: Moment, timezone: string, current: number): number {
  if (flag.kind === "current") return current;
  if (flag.kind === "instant") return flag.ms;
  return new LocalClock(timezone).instantOfWallClock(flag.wallClockMs);
}
