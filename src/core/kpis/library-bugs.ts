/**
 * Library-usage bugs: issues with the label a week, from the cohort's first Day 1 to today,
 * against the `baselineWeeks` before it. Not enough data until the scheduled run searched
 * the baseline, with at least `minimumSample` bugs in it, and a week of programme has passed.
 */
import { dayNumber, type LocalClock } from "../calendar.js";
import type { Config } from "../config.js";
import type { Evidence } from "../evidence.js";
import { type Kpi, kpi, noData } from "./kpi.js";
import { changeInWords, pct, round } from "./numbers.js";

interface LibraryBugs {
  kpi: Kpi;
  /** The local days the bugs were filed on. */
  days: number[];
  /** Null until the baseline was searched. */
  baselinePerWeek: number | null;
}

export function libraryBugs(
  config: Config,
  /** The team record's evidence up to now. */
  evidence: readonly Evidence[],
  clock: LocalClock,
  since: string | null,
  today: number,
): LibraryBugs {
  const { libraryBugLabel: label, minimumSample, targets, baselineWeeks } = config.kpis;
  const target = {
    text: `≥ ${pct(targets.libraryBugReduction)} fewer a week`,
    goal: targets.libraryBugReduction,
  };
  const labelled = (other: string) => other.toLowerCase() === label.toLowerCase();
  const days = evidence.flatMap((item) =>
    item.kind === "library-bug" && labelled(item.label) ? [clock.day(item.at)] : [],
  );
  const result = (verdict: Kpi, baselinePerWeek: number | null = null) => ({
    kpi: verdict,
    days,
    baselinePerWeek,
  });
  if (since === null)
    return result(noData("library-bugs", target.text, "no developer has started"));
  const first = dayNumber(since);
  const baselineFrom = first - 7 * baselineWeeks;
  const searched = evidence.some(
    (item) =>
      item.kind === "bug-search" && labelled(item.label) && dayNumber(item.from) <= baselineFrom,
  );
  if (!searched)
    return result(
      noData(
        "library-bugs",
        target.text,
        `the scheduled run has not searched the "${label}" issues yet`,
      ),
    );
  const before = days.filter((day) => day >= baselineFrom && day < first).length;
  const during = days.filter((day) => day >= first && day <= today).length;
  const programmeDays = today - first + 1;
  const basePerWeek = before / baselineWeeks;
  const sample = `${before} in the ${baselineWeeks} weeks before the first Day 1, ${during} in ${programmeDays} days since`;
  if (before < minimumSample || programmeDays < 7)
    return result(
      noData(
        "library-bugs",
        target.text,
        `${sample}; ${minimumSample} baseline bugs and a week of programme needed`,
      ),
      basePerWeek,
    );
  const perWeek = (during * 7) / programmeDays;
  const change = (basePerWeek - perWeek) / basePerWeek;
  return result(
    kpi(
      "library-bugs",
      target,
      change,
      `${changeInWords(change, "fewer", "more")} (${round(basePerWeek)} → ${round(perWeek)} a week; ${sample})`,
    ),
    basePerWeek,
  );
}
