import { describe, expect, it } from "vitest";
import { dateOf, dayNumber } from "../../src/core/calendar.js";
import { DeveloperCalendar, ProgramCalendar } from "../../src/core/program-calendar.js";
import { leave, makeConfig } from "../support/builders.js";

// Monday 2026-11-23 is Day 1; the default workdays are Monday to Friday.
const DAY1 = dayNumber("2026-11-23");
const dates = (days: Iterable<number>) => [...days].sort((a, b) => a - b).map(dateOf);

describe("ProgramCalendar", () => {
  const calendar = new ProgramCalendar(makeConfig({ holidays: ["2026-11-26"] }));

  it("counts the configured weekdays less the holidays as program workdays", () => {
    expect(calendar.isProgramWorkday(dayNumber("2026-11-25"))).toBe(true);
    expect(calendar.isProgramWorkday(dayNumber("2026-11-26"))).toBe(false);
    expect(calendar.isProgramWorkday(dayNumber("2026-11-28"))).toBe(false);
  });

  it("lists the last complete workdays before today, oldest first, skipping weekend and holiday", () => {
    const window = calendar.lastCompleteWorkdays(dayNumber("2026-11-30"), 5);
    expect(dates(window)).toEqual([
      "2026-11-20",
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-27",
    ]);
  });

  it("reads days in the program timezone", () => {
    const tokyo = new ProgramCalendar(makeConfig({ timezone: "Asia/Tokyo" }));
    expect(dateOf(tokyo.clock.day("2026-11-23T20:00:00Z"))).toBe("2026-11-24");
  });
});

describe("DeveloperCalendar", () => {
  const calendar = new ProgramCalendar(makeConfig());

  it("takes leave only on program workdays from Day 1 on", () => {
    const developer = new DeveloperCalendar(calendar, DAY1, [
      leave("2026-11-19", "2026-11-24"),
      leave("2026-11-28", "2026-11-29"),
    ]);
    expect(dates(developer.leaveDays)).toEqual(["2026-11-23", "2026-11-24"]);
    expect(developer.isWorkday(dayNumber("2026-11-24"))).toBe(false);
    expect(developer.isWorkday(dayNumber("2026-11-25"))).toBe(true);
    expect(developer.isWorkday(dayNumber("2026-11-20"))).toBe(false);
  });

  it("moves Day N's deadline one day per leave day on or before it, and not for later leave", () => {
    const developer = new DeveloperCalendar(calendar, DAY1, [
      leave("2026-11-25", "2026-11-26"),
      leave("2026-12-01"),
    ]);
    expect(dateOf(developer.deadline(3))).toBe("2026-11-27");
    expect(dateOf(developer.deadline(2))).toBe("2026-11-24");
  });

  it("cuts a leave range at 366 days", () => {
    const developer = new DeveloperCalendar(calendar, DAY1, [leave("2026-11-23", "2030-01-01")]);
    // 366 days from Monday 2026-11-23 end on Tuesday 2027-11-23, a workday.
    expect(dateOf(Math.max(...developer.leaveDays))).toBe("2027-11-23");
    expect(developer.isWorkday(dayNumber("2027-11-24"))).toBe(true);
  });
});
