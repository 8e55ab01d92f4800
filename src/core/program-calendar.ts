/**
 * The programme's calendar: which local days are workdays (the config's weekdays less its
 * holidays), and each developer's own workdays and deadlines once their leave is taken out
 * (RULES §3).
 *
 * It lives beside `calendar.ts` rather than in it: `calendar.ts` is pure date arithmetic on
 * day numbers and knows nothing of the config, while these calendars read the programme's
 * timezone, workdays, holidays and a developer's leave evidence.
 */
import { dayNumber, LocalClock, weekdayOf } from "./calendar.js";
import type { Config } from "./config.js";
import type { EvidenceOf } from "./evidence.js";

/** Leave ranges longer than this are cut: nobody's programme leave spans more than a year. */
const MAX_LEAVE_DAYS = 366;

/** The calendar of the program: which local days are workdays, before any leave. */
export class ProgramCalendar {
  readonly clock: LocalClock;
  private readonly weekdays: Set<string>;
  private readonly holidays: Set<number>;

  constructor(config: Pick<Config, "timezone" | "workdays" | "holidays">) {
    this.clock = new LocalClock(config.timezone);
    this.weekdays = new Set(config.workdays);
    this.holidays = new Set(config.holidays.map(dayNumber));
  }

  isProgramWorkday(day: number): boolean {
    return this.weekdays.has(weekdayOf(day)) && !this.holidays.has(day);
  }

  /** The last `count` program workdays before `today` (complete ones), oldest first. */
  lastCompleteWorkdays(today: number, count: number): number[] {
    const days: number[] = [];
    for (let day = today - 1; days.length < count && day > today - 7 * count - 400; day--) {
      if (this.isProgramWorkday(day)) days.unshift(day);
    }
    return days;
  }
}

/** A developer's workdays: program workdays from Day 1 on, less their leave. */
export class DeveloperCalendar {
  readonly leaveDays: Set<number>;
  constructor(
    private readonly calendar: ProgramCalendar,
    readonly firstDay: number,
    leave: readonly EvidenceOf<"leave">[],
  ) {
    this.leaveDays = new Set();
    for (const range of leave) {
      const from = dayNumber(range.from);
      const to = Math.min(dayNumber(range.to), from + MAX_LEAVE_DAYS - 1);
      for (let day = Math.max(from, firstDay); day <= to; day++) {
        // Only a day that would have been worked is a leave day.
        if (calendar.isProgramWorkday(day)) this.leaveDays.add(day);
      }
    }
  }

  isWorkday(day: number): boolean {
    return day >= this.firstDay && this.calendar.isProgramWorkday(day) && !this.leaveDays.has(day);
  }

  /** Day N's end, moved one day later for each leave day on or before it (RULES §3). */
  deadline(dayN: number): number {
    let deadline = this.firstDay + dayN - 1;
    for (const leaveDay of [...this.leaveDays].sort((a, b) => a - b)) {
      if (leaveDay <= deadline) deadline++;
    }
    return deadline;
  }
}
