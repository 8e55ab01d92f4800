/**
 * Calendar arithmetic on local dates of the program timezone.
 *
 * A local date is a `YYYY-MM-DD` string; arithmetic happens on day numbers (days since
 * 1970-01-01), which are plain integers and never see a timezone or a DST change.
 */

export const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const;
type Weekday = (typeof WEEKDAYS)[number];

const MS_PER_DAY = 86_400_000;
// Offsets change on quarter-hour boundaries in every IANA zone in use (Chatham is +12:45).
const MS_PER_QUARTER_HOUR = 900_000;

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

export function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(dayNumber(date) + days);
}

/**
 * The same day of the month `months` later; a day the month does not have becomes its last
 * day (2026-11-30 + 3 months = 2027-02-28), as a manager reading a calendar would expect.
 */
export function addMonths(date: string, months: number): string {
  const [year, month, day] = date.split("-").map(Number) as [number, number, number];
  const target = new Date(Date.UTC(year, month - 1 + months, 1));
  const lastDay = new Date(
    Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0),
  ).getUTCDate();
  target.setUTCDate(Math.min(day, lastDay));
  return target.toISOString().slice(0, 10);
}

export function weekdayOf(day: number): Weekday {
  // 1970-01-01 was a Thursday (index 4).
  return WEEKDAYS[(((day + 4) % 7) + 7) % 7] as Weekday;
}

/** Monday to Sunday of the ISO week that holds a local date. */
export function isoWeekOf(date: string): { weekStart: string; weekEnd: string } {
  const day = dayNumber(date);
  // Day 0 (1970-01-01) was a Thursday, the fourth day of its ISO week.
  const monday = day - ((((day + 3) % 7) + 7) % 7);
  return { weekStart: dateOf(monday), weekEnd: dateOf(monday + 6) };
}

export function isValidTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: timezone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Converts instants to local day numbers in one timezone. Offsets are looked up once per
 * quarter hour of UTC time and cached, so converting millions of timestamps stays cheap.
 */
export class LocalClock {
  readonly timezone: string;
  private readonly formatter: Intl.DateTimeFormat | null;
  private readonly offsetByQuarter = new Map<number, number>();

  constructor(timezone: string) {
    this.timezone = timezone;
    this.formatter =
      timezone === "UTC"
        ? null
        : new Intl.DateTimeFormat("en-US", {
            timeZone: timezone,
            hourCycle: "h23",
            year: "numeric",
            month: "2-digit",
            day: "2-digit",
            hour: "2-digit",
            minute: "2-digit",
            second: "2-digit",
          });
  }

  /** The local day number of an instant (epoch milliseconds or an ISO-8601 string). */
  day(instant: number | string): number {
    const ms = typeof instant === "number" ? instant : Date.parse(instant);
    return Math.floor((ms + this.offsetAt(ms)) / MS_PER_DAY);
  }

  date(instant: number | string): string {
    return dateOf(this.day(instant));
  }

  /**
   * The instant a wall-clock time (written as if it were UTC, in epoch milliseconds) names
   * in this timezone. In a DST gap the earlier offset applies; in an overlap, the first.
   */
  instantOfWallClock(wallClock: number): number {
    const guess = wallClock - this.offsetAt(wallClock);
    return wallClock - this.offsetAt(guess);
  }

  private offsetAt(ms: number): number {
    if (this.formatter === null) return 0;
    const quarter = Math.floor(ms / MS_PER_QUARTER_HOUR);
    let offset = this.offsetByQuarter.get(quarter);
    if (offset === undefined) {
      offset = this.computeOffset(quarter * MS_PER_QUARTER_HOUR);
      this.offsetByQuarter.set(quarter, offset);
    }
    return offset;
  }

  private computeOffset(ms: number): number {
    const parts: Record<string, number> = {};
    for (const part of (this.formatter as Intl.DateTimeFormat).formatToParts(ms)) {
      if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    const asUtc = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return asUtc - ms;
  }
}
