/**
 * The PRs a developer merged outside the training repo, in the baseline weeks before Day 1
 * and since, and the two KPIs that compare the sides: review cycles (mean changes-requested
 * reviews per PR, per developer and pooled) and delivery (median open-to-merge hours, pooled
 * over the team). Each needs `minimumSample` PRs on each side.
 */
import { dayNumber, type LocalClock } from "../calendar.js";
import type { Config } from "../config.js";
import type { Evidence } from "../evidence.js";
import type { DeveloperStatus } from "../status.js";
import { type Kpi, kpi, noData } from "./kpi.js";
import { changeInWords, mean, median, pct, round } from "./numbers.js";
import { baselineWindow } from "./periods.js";

export interface MergedPr {
  login: string;
  day: number;
  leadHours: number;
  rounds: number;
  baseline: boolean;
}

export function mergedPrsOf(
  config: Config,
  developer: DeveloperStatus,
  evidence: readonly Evidence[],
  clock: LocalClock,
): MergedPr[] {
  const firstDay = dayNumber(developer.start);
  const baselineFrom = dayNumber(baselineWindow(config, developer.start).from);
  return evidence.flatMap((item) => {
    if (item.kind !== "merged-pr") return [];
    const day = clock.day(item.at);
    if (day < baselineFrom) return [];
    return [
      {
        login: developer.login,
        day,
        leadHours: Math.max(0, Date.parse(item.at) - Date.parse(item.opened)) / 3_600_000,
        rounds: item.changesRequested,
        baseline: day < firstDay,
      },
    ];
  });
}

const REDUCTIONS = {
  "review-cycles": {
    goal: (config: Config) => config.kpis.targets.reviewCyclesReduction,
    measure: (prs: readonly MergedPr[]) => mean(prs.map((pr) => pr.rounds)),
    words: { what: "review rounds", unit: " review rounds per PR", better: "fewer", worse: "more" },
  },
  delivery: {
    goal: (config: Config) => config.kpis.targets.deliveryImprovement,
    measure: (prs: readonly MergedPr[]) => median(prs.map((pr) => pr.leadHours)),
    words: { what: "lead time", unit: "h median lead time", better: "faster", worse: "slower" },
  },
};

/** (baseline − programme) ÷ baseline of the PRs' measure, or not enough data. */
export function reduction(
  id: keyof typeof REDUCTIONS,
  config: Config,
  prs: readonly MergedPr[],
): Kpi {
  const { goal, measure, words } = REDUCTIONS[id];
  const { what, unit, better, worse } = words;
  const { minimumSample } = config.kpis;
  const target = { text: `≥ ${pct(goal(config))} ${better}`, goal: goal(config) };
  const before = prs.filter((pr) => pr.baseline);
  const during = prs.filter((pr) => !pr.baseline);
  const sample = `${before.length} PRs before Day 1, ${during.length} since`;
  if (before.length < minimumSample || during.length < minimumSample)
    return noData(id, target.text, `${sample}; ${minimumSample} needed on each side`);
  const base = measure(before);
  const now = measure(during);
  if (base === 0)
    return noData(id, target.text, `${sample}; the baseline has no ${what} to reduce`);
  const change = (base - now) / base;
  return kpi(
    id,
    target,
    change,
    `${changeInWords(change, better, worse)} (${round(base)}${unit} → ${round(now)}; ${sample})`,
  );
}
