import { describe, expect, it } from "vitest";
import { addDays, dayNumber, isoWeekOf, LocalClock, weekdayOf } from "../../src/core/calendar.js";

/** The local date by the slow, obviously right route: Intl for every instant. */
function referenceClock(timezone: string): (ms: number) => string {
  const format = new Intl.DateTimeFormat("en-CA", {
    timeZone: timezone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (ms) => format.format(ms);
}

describe("LocalClock", () => {
  const zones = [
    "UTC",
    "Europe/Berlin",
    "America/New_York",
    "Asia/Kolkata",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/St_Johns",
  ];

  it("agrees with Intl on every 7 minutes across a year of DST changes", () => {
    const start = Date.parse("2026-01-01T00:00:00Z");
    const end = Date.parse("2027-01-01T00:00:00Z");
    for (const zone of zones) {
      const clock = new LocalClock(zone);
      const referenceDate = referenceClock(zone);
      const mismatches: string[] = [];
      for (let ms = start; ms < end; ms += 7 * 60_000) {
        if (clock.date(ms) !== referenceDate(ms)) mismatches.push(new Date(ms).toISOString());
      }
      expect(mismatches, zone).toEqual([]);
    }
  });

  it("dates 23:30 UTC as the next day east of Greenwich", () => {
    expect(new LocalClock("Europe/Berlin").date("2026-11-24T23:30:00Z")).toBe("2026-11-25");
    expect(new LocalClock("UTC").date("2026-11-24T23:30:00Z")).toBe("2026-11-24");
    expect(new LocalClock("America/New_York").date("2026-11-25T03:00:00Z")).toBe("2026-11-24");
  });
});

describe("dates", () => {
  it("does arithmetic and weekdays on local dates", () => {
    expect(weekdayOf(dayNumber("2026-11-23"))).toBe("mon");
    expect(weekdayOf(dayNumber("2026-11-29"))).toBe("sun");
    expect(addDays("2026-11-23", 13)).toBe("2026-12-06");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });

  it("finds the ISO week, Monday to Sunday", () => {
    expect(isoWeekOf("2026-11-27")).toEqual({ weekStart: "2026-11-23", weekEnd: "2026-11-29" });
    expect(isoWeekOf("2026-11-23")).toEqual({ weekStart: "2026-11-23", weekEnd: "2026-11-29" });
    expect(isoWeekOf("2026-11-29")).toEqual({ weekStart: "2026-11-23", weekEnd: "2026-11-29" });
    expect(isoWeekOf("2027-01-01")).toEqual({ weekStart: "2026-12-28", weekEnd: "2027-01-03" });
  });
});
