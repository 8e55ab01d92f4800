/**
 * `computeKpis(config, records, now)`: every KPI against its target, per developer and for
 * the team, with the knowledge base, the time saved and its return, and the weekly trends.
 */
import { dayNumber, LocalClock } from "../calendar.js";
import type { Config } from "../config.js";
import { type DeveloperRecord, TEAM_RECORD_LOGIN } from "../evidence.js";
import { evaluate } from "../gates.js";
import { ProgramCalendar } from "../program-calendar.js";
import type { ProgramStatus } from "../status.js";
import { libraryCoverage, type WeekLibraries } from "./coverage.js";
import {
  type FeedbackEntry,
  feedbackEntry,
  summariseFeedback,
  type TrainingFeedbackSummary,
} from "./feedback.js";
import { developerKpis, pooledKpis } from "./individual.js";
import { type DeveloperKpis, INDIVIDUAL_KPIS, type Kpi, noData } from "./kpi.js";
import { libraryBugs } from "./library-bugs.js";
import { type MergedPr, mergedPrsOf } from "./merged-prs.js";
import { distinctPatterns, type Pattern, patternsOf } from "./patterns.js";
import { cohortStart } from "./periods.js";
import { type ReturnFigures, returnOn } from "./return.js";
import { submissionsOf } from "./submissions.js";
import { type Tally, tallyOf } from "./tally.js";
import { teamKpis } from "./team.js";
import { type WeekTrend, weeklyTrends } from "./trends.js";
import { type UsageKindCounts, usageByKind } from "./usage-kinds.js";
import { savedMinutesOf, type Use, usesSince } from "./uses.js";

export interface KpiReport {
  /** The cohort's first Day 1; null before anyone has started. */
  since: string | null;
  today: string;
  /** Pooled over the developers who have started. */
  individual: Kpi[];
  team: Kpi[];
  developers: DeveloperKpis[];
  patterns: Pattern[];
  savedMinutes: number;
  /** Null unless `kpis.hourlyCost` and `kpis.programmeHours` are set. */
  return: ReturnFigures | null;
  /** Library-usage bugs per week before the first Day 1; null until searched. */
  baselineBugsPerWeek: number | null;
  weeks: WeekTrend[];
  /** The team's uses since each Day 1 by how they cited Context7. */
  usageByKind: UsageKindCounts;
  /** The libraries the team named most, per ISO week since the first Day 1. */
  libraryCoverage: WeekLibraries[];
  /** Each started developer's latest confirmation feedback, and the difficulty distribution. */
  feedback: TrainingFeedbackSummary;
}

export function computeKpis(
  config: Config,
  records: readonly DeveloperRecord[],
  now: Date | string | number,
  status: ProgramStatus = evaluate(config, records, now),
): KpiReport {
  const nowMs = Date.parse(status.now);
  const calendar = new ProgramCalendar(config);
  const clock = new LocalClock(config.timezone);
  const today = dayNumber(status.today);
  const since = cohortStart(config, status.today);
  const byLogin = new Map(records.map((record) => [record.login.toLowerCase(), record]));
  const visible = (login: string) =>
    (byLogin.get(login.toLowerCase())?.evidence ?? []).filter(
      (item) => Date.parse(item.at) <= nowMs,
    );
  const started = status.developers.filter((developer) => developer.started);

  const developers: DeveloperKpis[] = [];
  const tallies: Tally[] = [];
  const uses: Use[] = [];
  const prs: MergedPr[] = [];
  const allPatterns: Pattern[] = [];
  const feedback: FeedbackEntry[] = [];
  for (const developer of started) {
    const evidence = visible(developer.login);
    const submissions = submissionsOf(config, evidence, developer.login);
    const ownUses = usesSince(evidence, clock, dayNumber(developer.start));
    const ownPrs = mergedPrsOf(config, developer, evidence, clock);
    const tally = tallyOf(developer, evidence, submissions, ownUses, { today, calendar, clock });
    tallies.push(tally);
    uses.push(...ownUses);
    prs.push(...ownPrs);
    allPatterns.push(...patternsOf(developer.login, evidence, submissions, clock, nowMs));
    const answers = feedbackEntry(developer, evidence, clock);
    if (answers !== null) feedback.push(answers);
    developers.push({
      login: developer.login,
      name: developer.name,
      kpis: developerKpis(config, developer, tally, ownPrs),
      usageByKind: usageByKind(ownUses),
    });
  }

  const patterns = distinctPatterns(allPatterns);
  const bugs = libraryBugs(config, visible(TEAM_RECORD_LOGIN), clock, since, today);
  const savedMinutes = savedMinutesOf(uses);
  return {
    since,
    today: status.today,
    individual:
      started.length === 0
        ? INDIVIDUAL_KPIS.map((id) => noData(id, "", "no developer has started"))
        : pooledKpis(config, developers, tallies, prs),
    team: teamKpis(config, status.team, prs, patterns, bugs.kpi),
    developers,
    patterns,
    savedMinutes,
    return: returnOn(config, savedMinutes),
    baselineBugsPerWeek: bugs.baselinePerWeek,
    weeks: weeklyTrends(since, today, { uses, patterns, libraryBugDays: bugs.days, prs }),
    usageByKind: usageByKind(uses),
    libraryCoverage: libraryCoverage(since, today, uses),
    feedback: summariseFeedback(feedback),
  };
}
