import { describe, expect, it } from "vitest";
import { LocalClock } from "../../src/core/calendar.js";
import { evaluate } from "../../src/core/gates.js";
import { buildPlan } from "../../src/core/plan.js";
import {
  dueReports,
  endOfLocalDay,
  REPORT_CATCH_UP_WEEKS,
} from "../../src/core/report-catch-up.js";
import { at, makeConfig, record, usageOn } from "../support/builders.js";

// alice's Day 1 is Monday 2026-11-23 (week 48); reports are due on Fridays.
const config = makeConfig();
const clock = new LocalClock("UTC");
const W47 = "Context7 weekly report — 2026-W47 (2026-11-16 to 2026-11-22)";
const W48 = "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)";
const W49 = "Context7 weekly report — 2026-W49 (2026-11-30 to 2026-12-06)";

const titles = (today: string) =>
  dueReports(config, clock, today, at(today)).map((report) => report.title);

describe("the weekly reports due", () => {
  it("is this week's from its report weekday to its Sunday, none before", () => {
    expect(titles("2026-11-26")).toEqual([]);
    expect(titles("2026-11-27")).toEqual([W48]);
    expect(titles("2026-11-29")).toEqual([W48]);
  });

  it("keeps a missed week due in the following weeks, oldest first, up to the limit", () => {
    expect(titles("2026-11-30")).toEqual([W48]);
    expect(titles("2026-12-04")).toEqual([W48, W49]);
    const later = titles("2026-12-25");
    expect(later).toHaveLength(REPORT_CATCH_UP_WEEKS + 1);
    expect(later[0]).toBe("Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)");
    expect(titles("2027-01-01")).not.toContain(W48);
  });

  it("never asks for a week that ended before anyone's Day 1", () => {
    const early = makeConfig({
      roster: [{ login: "alice", role: "backend", start: "2026-11-22" }],
    });
    expect(dueReports(early, clock, "2026-11-30", at("2026-11-30")).map((r) => r.title)).toEqual([
      W47,
      W48,
    ]);
    expect(titles("2026-11-30")).not.toContain(W47);
  });

  it("describes a past week as of the end of its Sunday, this week as of now", () => {
    const [past, current] = dueReports(config, clock, "2026-12-04", "2026-12-04T16:00:00.000Z");
    expect(past?.asOf).toBe("2026-11-29T23:59:59.999Z");
    expect(current?.asOf).toBe("2026-12-04T16:00:00.000Z");
  });

  it("finds the end of a local day in any zone, across a DST change", () => {
    expect(endOfLocalDay(new LocalClock("Europe/Berlin"), "2026-11-29")).toBe(
      "2026-11-29T22:59:59.999Z",
    );
    expect(endOfLocalDay(new LocalClock("Pacific/Kiritimati"), "2026-11-29")).toBe(
      "2026-11-29T09:59:59.999Z",
    );
    expect(endOfLocalDay(new LocalClock("America/New_York"), "2026-03-08")).toBe(
      "2026-03-09T03:59:59.999Z",
    );
  });

  it("plans only the reports not posted yet, and names the newest for the CLI", () => {
    const records = [record("alice", usageOn("2026-11-23"))];
    const plan = (postedReports: string[]) =>
      buildPlan({
        config,
        status: evaluate(config, records, at("2026-12-04", "16:00:00")),
        openEscalations: [],
        reportPosted: false,
        postedReports,
        currentFiles: {},
      });
    expect(plan([]).reports.map((report) => report.title)).toEqual([W48, W49]);
    expect(plan([]).report).toEqual({ title: W49 });
    expect(plan([W49]).reports.map((report) => report.title)).toEqual([W48]);
    expect(plan([W48, W49]).reports).toEqual([]);
    expect(plan([W48, W49]).report).toBeNull();
  });
});
