/**
 * The individual KPIs (competency, usage, implementation success, knowledge sharing, review
 * cycles, quality) of a developer, and pooled over the team with how many developers meet each.
 */
import type { Config } from "../config.js";
import type { DeveloperStatus } from "../status.js";
import {
  type DeveloperKpis,
  INDIVIDUAL_KPIS,
  type Kpi,
  measured,
  ratio,
  type Target,
} from "./kpi.js";
import { type MergedPr, reduction } from "./merged-prs.js";
import { pct, round } from "./numbers.js";
import { pool, type Tally } from "./tally.js";

type TalliedId = Exclude<(typeof INDIVIDUAL_KPIS)[number], "review-cycles">;

/** Each tallied KPI's target, its value from a tally, and why there is none. */
const TALLIED: Record<
  TalliedId,
  { target: (config: Config) => Target; value: (tally: Tally) => number | null; missing: string }
> = {
  competency: {
    target: (config) => {
      const goal = Math.max(config.thresholds.knowledgeScore, config.thresholds.finalScore);
      return { text: `≥ ${goal} on every assessment`, goal };
    },
    value: (tally) => tally.lowest,
    missing: "no assessment recorded",
  },
  usage: {
    target: ({ kpis: { targets } }) => ({
      text: `≥ ${targets.usesPerWorkday} a workday`,
      goal: targets.usesPerWorkday,
    }),
    value: (tally) => ratio(tally.uses, tally.workdays),
    missing: "no complete workday yet",
  },
  "implementation-success": {
    target: ({ kpis: { targets } }) => ({
      text: `≥ ${pct(targets.implementationSuccess)}`,
      goal: targets.implementationSuccess,
    }),
    value: (tally) => ratio(tally.successes, tally.attempts),
    missing: "no ended submission or merged PR",
  },
  "knowledge-sharing": {
    target: ({ kpis: { targets } }) => ({
      text: `≥ ${targets.discoveriesPerWeek} a week`,
      goal: targets.discoveriesPerWeek,
    }),
    value: (tally) => ratio(tally.shares, tally.weeks),
    missing: "first week not over",
  },
  quality: {
    target: ({ kpis: { targets } }) => ({
      text: `≥ ${targets.qualityScore}`,
      goal: targets.qualityScore,
    }),
    value: (tally) => {
      const score = ratio(100 * tally.qualityPoints, tally.reviewed);
      return score === null ? null : round(score);
    },
    missing: "no reviewed submission",
  },
};

/** The individual KPIs, in their order, with each tallied value shown by `show`. */
function individualKpis(
  config: Config,
  tally: Tally,
  prs: readonly MergedPr[],
  show: Record<TalliedId, (value: number) => string>,
): Kpi[] {
  return INDIVIDUAL_KPIS.map((id) => {
    if (id === "review-cycles") return reduction(id, config, prs);
    const { target, value, missing } = TALLIED[id];
    return measured(id, target(config), value(tally), missing, show[id]);
  });
}

export function developerKpis(
  config: Config,
  developer: DeveloperStatus,
  tally: Tally,
  prs: readonly MergedPr[],
): Kpi[] {
  return individualKpis(config, tally, prs, {
    competency: (lowest) =>
      `${lowest} (knowledge ${developer.knowledgeScore ?? "—"}, final ${developer.finalScore ?? "—"})`,
    usage: (perDay) =>
      `${round(perDay)} a workday (${tally.uses} uses over ${tally.workdays} workdays)`,
    "implementation-success": (share) =>
      `${pct(share)} (${tally.successes} of ${tally.attempts} attempts)`,
    "knowledge-sharing": (perWeek) =>
      `${round(perWeek)} a week (${tally.shares} in ${tally.weeks} weeks)`,
    quality: (score) =>
      `${score} (${tally.firstPass} of ${tally.reviewed} submissions approved first time)`,
  });
}

/** The individual KPIs pooled over the developers, each with how many of them meet it. */
export function pooledKpis(
  config: Config,
  developers: readonly DeveloperKpis[],
  tallies: readonly Tally[],
  prs: readonly MergedPr[],
): Kpi[] {
  const team = pool(tallies);
  const meeting = (id: TalliedId) =>
    `${developers.filter((d) => d.kpis.some((k) => k.id === id && k.state === "met")).length} of ${developers.length} developers meet it`;
  return individualKpis(config, team, prs, {
    competency: (lowest) => `lowest ${lowest}; ${meeting("competency")}`,
    usage: (perDay) =>
      `${round(perDay)} a workday (${team.uses} uses over ${team.workdays} developer workdays); ${meeting("usage")}`,
    "implementation-success": (share) =>
      `${pct(share)} (${team.successes} of ${team.attempts} attempts); ${meeting("implementation-success")}`,
    "knowledge-sharing": (perWeek) =>
      `${round(perWeek)} a week (${team.shares} in ${team.weeks} developer weeks); ${meeting("knowledge-sharing")}`,
    quality: (score) =>
      `${score} over ${team.reviewed} reviewed submissions; ${meeting("quality")}`,
  });
}
