/**
 * The team KPIs: certification (certified ÷ started), delivery, the knowledge base,
 * library-usage bugs, and adoption (the team adoption rate of RULES §7).
 */
import type { Config } from "../config.js";
import type { TeamStatus } from "../status.js";
import { type Kpi, kpi, measured, ratio } from "./kpi.js";
import { type MergedPr, reduction } from "./merged-prs.js";
import { pct } from "./numbers.js";
import type { Pattern } from "./patterns.js";

export function teamKpis(
  config: Config,
  team: TeamStatus,
  prs: readonly MergedPr[],
  patterns: readonly Pattern[],
  libraryBugs: Kpi,
): Kpi[] {
  const { targets } = config.kpis;
  const { adoptionRate } = config.thresholds;
  const count = (kind: Pattern["kind"]) => patterns.filter((p) => p.kind === kind).length;
  return [
    measured(
      "certification",
      { text: `${pct(targets.certification)} certified`, goal: targets.certification },
      ratio(team.certified, team.size),
      "no developer has started",
      (share) => `${pct(share)} (${team.certified} of ${team.size})`,
    ),
    reduction("delivery", config, prs),
    kpi(
      "patterns",
      { text: `≥ ${targets.patterns} patterns`, goal: targets.patterns },
      patterns.length,
      `${patterns.length} (${count("discovery")} discoveries, ${count("practice")} best practices)`,
    ),
    libraryBugs,
    measured(
      "adoption",
      { text: `≥ ${pct(adoptionRate)} of workdays`, goal: adoptionRate },
      team.adoptionRate,
      "no complete workday yet",
      (rate) => `${pct(rate)} over the last ${team.adoptionWindow.length} workdays`,
    ),
  ];
}
