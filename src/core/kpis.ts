/**
 * The plan's success metrics (section 7), pure: `computeKpis(config, records, now)` turns
 * the recorded facts into each KPI against its target — met, not met, or not enough data —
 * with the sample it was computed from, and weekly trends since the cohort started. The
 * formulas are in docs/rules.md ("The success metrics") and beside each computation in kpis/.
 */
export {
  KPI_TITLES,
  type Kpi,
  type KpiId,
  type KpiState,
} from "./kpis/kpi.js";
export type { Pattern } from "./kpis/patterns.js";
export { baselinesDue, baselineWindow, cohortStart } from "./kpis/periods.js";
export { computeKpis, type KpiReport } from "./kpis/report.js";
export type { WeekTrend } from "./kpis/trends.js";
