/**
 * A KPI against its target: the KPIs there are, and the rule that makes one met, not met
 * or not enough data.
 */

import type { UsageKindCounts } from "./usage-kinds.js";

export type KpiState = "met" | "not-met" | "no-data";

export const INDIVIDUAL_KPIS = [
  "competency",
  "usage",
  "implementation-success",
  "knowledge-sharing",
  "review-cycles",
  "quality",
] as const;
const TEAM_KPIS = ["certification", "delivery", "patterns", "library-bugs", "adoption"] as const;
export type KpiId = (typeof INDIVIDUAL_KPIS)[number] | (typeof TEAM_KPIS)[number];

export const KPI_TITLES: Record<KpiId, string> = {
  competency: "Competency score",
  usage: "Usage frequency",
  "implementation-success": "Implementation success",
  "knowledge-sharing": "Knowledge sharing",
  "review-cycles": "Review cycles",
  quality: "Quality score",
  certification: "Certification rate",
  delivery: "Delivery time",
  patterns: "Knowledge base",
  "library-bugs": "Library-usage bugs",
  adoption: "Daily adoption",
};

export interface Kpi {
  id: KpiId;
  /** The target in words, for example "≥ 90%". */
  target: string;
  /** The number compared with the target (a share, a score, a count); null without data. */
  value: number | null;
  /** The value as shown, with the sample it comes from. */
  display: string;
  state: KpiState;
}

export interface DeveloperKpis {
  login: string;
  name: string | null;
  kpis: Kpi[];
  /** Uses since Day 1 by how they cited Context7. */
  usageByKind: UsageKindCounts;
}

export interface Target {
  /** In words, for example "≥ 90%". */
  text: string;
  /** The value that meets it. */
  goal: number;
}

const EPSILON = 1e-9;

/** Met when the value reaches the goal (exactly at it counts). */
export function kpi(id: KpiId, target: Target, value: number, display: string): Kpi {
  const state = value + EPSILON >= target.goal ? "met" : "not-met";
  return { id, target: target.text, value, display, state };
}

export function noData(id: KpiId, target: string, why: string): Kpi {
  return { id, target, value: null, display: `not enough data (${why})`, state: "no-data" };
}

/** The KPI of a value that may be missing; `missing` says why when it is. */
export function measured(
  id: KpiId,
  target: Target,
  value: number | null,
  missing: string,
  display: (value: number) => string,
): Kpi {
  return value === null ? noData(id, target.text, missing) : kpi(id, target, value, display(value));
}

/** part ÷ whole; null (not enough data) when there is nothing to divide by. */
export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : part / whole;
}
