/**
 * The plan's success metrics (section 7), pure: `computeKpis(config, records, now)` turns
 * the recorded facts into each KPI against its target — met, not met, or not enough data —
 * with the sample it was computed from, and weekly trends since the cohort started.
 *
 * The formulas (also in the README, "How the rules are computed"):
 *
 * - Competency: the developer's lowest assessment score (best knowledge check, final
 *   assessment); met when every recorded one is at least the threshold (85).
 * - Usage frequency: Context7 uses from Day 1 to the end of yesterday ÷ the developer's
 *   complete workdays since Day 1 (leave excluded); target ≥ 1 a workday.
 * - Implementation success: successes ÷ attempts. Attempts are exercise submissions that
 *   ended (merged, or closed without merge) plus merged real-world PRs; successes are
 *   submissions merged with an approval by someone else, plus the real-world PRs. A PR
 *   still open is not an attempt yet. Target ≥ 90%.
 * - Knowledge sharing: discoveries and standup credits in the developer's complete weeks
 *   since Day 1 ÷ those weeks; target ≥ 1 a week; no complete week yet: not enough data.
 * - Quality score: 100 × Σ (first-pass × completeness) ÷ reviewed submissions, where a
 *   submission is reviewed once it has an approval, a changes-requested review, a merge or
 *   a close; first-pass is 1 when it was approved without any changes-requested review, else
 *   0; completeness is done ÷ total of its latest exercise check (1 when it was never
 *   checked). Target ≥ 85.
 * - Review cycles: mean changes-requested reviews per merged PR outside the training repo,
 *   programme (merged on or after Day 1) against baseline (merged in the `baselineWeeks`
 *   before Day 1); reduction = (baseline − programme) ÷ baseline, target ≥ 30%.
 * - Delivery: median lead time (open to merge) of the same PRs, pooled over the team;
 *   improvement = (baseline − programme) ÷ baseline, target ≥ 25%.
 *   Both need `minimumSample` (5) PRs on each side, else not enough data.
 * - Knowledge base: distinct discoveries plus distinct best practices of passed
 *   submissions; target ≥ 50.
 * - Library-usage bugs: issues with the label per week, from the cohort's first Day 1 to
 *   today, against the `baselineWeeks` before it; reduction ≥ 40%. Not enough data until
 *   the baseline was searched, with at least `minimumSample` bugs in it, and a week of
 *   programme has passed.
 * - Certification: certified ÷ started, target 100%. Adoption: the team adoption rate
 *   (RULES §7), target 80%.
 * - Time saved: the sum of `Context7 saved:` durations since the first Day 1. With
 *   `hourlyCost` and `programmeHours`, return = hours saved × cost − programme hours ×
 *   cost, and ROI = return ÷ (programme hours × cost).
 */
import { addDays, dateOf, dayNumber, isoWeekOf, LocalClock } from "./calendar.js";
import type { Config } from "./config.js";
import { type DeveloperRecord, type Evidence, TEAM_RECORD_LOGIN } from "./evidence.js";
import { evaluate, ProgramCalendar } from "./gates.js";
import type { ProgramStatus } from "./status.js";

export type KpiState = "met" | "not-met" | "no-data";

export const INDIVIDUAL_KPIS = [
  "competency",
  "usage",
  "implementation-success",
  "knowledge-sharing",
  "review-cycles",
  "quality",
] as const;
export const TEAM_KPIS = [
  "certification",
  "delivery",
  "patterns",
  "library-bugs",
  "adoption",
] as const;
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
}

export interface Pattern {
  kind: "discovery" | "practice";
  date: string;
  login: string;
  text: string;
  url: string | null;
}

export interface WeekTrend {
  weekStart: string;
  uses: number;
  /** Distinct documented patterns at the end of the week. */
  patterns: number;
  libraryBugs: number;
  /** Median open-to-merge hours of the PRs merged that week; null with none. */
  medianLeadHours: number | null;
  savedMinutes: number;
}

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
  return: {
    currency: string;
    hoursSaved: number;
    value: number;
    cost: number;
    net: number;
    roi: number;
  } | null;
  /** Library-usage bugs per week before the first Day 1; null until searched. */
  baselineBugsPerWeek: number | null;
  weeks: WeekTrend[];
}

const EPSILON = 1e-9;

/** Met when the value reaches the target (exactly at it counts). */
function judge(value: number | null, target: number): KpiState {
  if (value === null) return "no-data";
  return value + EPSILON >= target ? "met" : "not-met";
}

const pct = (value: number) => `${Math.round(value * 100)}%`;
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits;

function kpi(
  id: KpiId,
  target: string,
  value: number | null,
  targetValue: number,
  display: string,
): Kpi {
  return { id, target, value, display, state: judge(value, targetValue) };
}

function noData(id: KpiId, target: string, why: string): Kpi {
  return { id, target, value: null, display: `not enough data (${why})`, state: "no-data" };
}

/** The local dates of a developer's baseline: the `baselineWeeks` weeks before Day 1. */
export function baselineWindow(config: Config, start: string): { from: string; to: string } {
  return { from: addDays(start, -7 * config.kpis.baselineWeeks), to: addDays(start, -1) };
}

/** The first Day 1 of the cohort (roster members who have started by `today`), or null. */
export function cohortStart(config: Config, today: string): string | null {
  const starts = config.roster.map((entry) => entry.start).filter((start) => start <= today);
  return starts.length === 0 ? null : starts.reduce((a, b) => (a < b ? a : b));
}

/** Roster members whose Day 1 has come and whose baseline has not been fetched yet. */
export function baselinesDue(
  config: Config,
  records: readonly DeveloperRecord[],
  today: string,
): { login: string; from: string; to: string }[] {
  const byLogin = new Map(records.map((record) => [record.login.toLowerCase(), record]));
  return config.roster
    .filter((entry) => entry.start <= today)
    .filter(
      (entry) =>
        !(byLogin.get(entry.login.toLowerCase())?.evidence ?? []).some(
          (item) => item.kind === "baseline",
        ),
    )
    .slice(0, config.kpis.baselineDevelopersPerRun)
    .map((entry) => ({ login: entry.login, ...baselineWindow(config, entry.start) }));
}

interface SubmissionFacts {
  key: string;
  merged: boolean;
  closed: boolean;
  approved: boolean;
  changesRequested: boolean;
  check: { at: number; done: number; total: number; practices: string[] } | null;
  url: string | null;
  mergedAt: number | null;
}

function submissionsOf(evidence: readonly Evidence[], login: string): SubmissionFacts[] {
  const byKey = new Map<string, SubmissionFacts>();
  for (const item of evidence) {
    if (
      item.kind !== "exercise-approval" &&
      item.kind !== "exercise-merged" &&
      item.kind !== "exercise-closed" &&
      item.kind !== "exercise-changes-requested" &&
      item.kind !== "exercise-check"
    )
      continue;
    const key = `${item.repo.toLowerCase()}#${item.pr}`;
    const facts = byKey.get(key) ?? {
      key,
      merged: false,
      closed: false,
      approved: false,
      changesRequested: false,
      check: null,
      url: null,
      mergedAt: null,
    };
    const own = "by" in item && item.by.toLowerCase() === login.toLowerCase();
    if (item.kind === "exercise-merged") {
      facts.merged = true;
      facts.mergedAt = Date.parse(item.at);
      facts.url = item.url ?? facts.url;
    }
    if (item.kind === "exercise-closed") facts.closed = true;
    if (item.kind === "exercise-approval" && !own) facts.approved = true;
    if (item.kind === "exercise-changes-requested" && !own) facts.changesRequested = true;
    if (item.kind === "exercise-check") {
      const at = Date.parse(item.at);
      if (facts.check === null || at >= facts.check.at)
        facts.check = {
          at,
          done: Math.min(item.done, item.total),
          total: item.total,
          practices: item.bestPractices ?? [],
        };
      facts.url = facts.url ?? item.url ?? null;
    }
    byKey.set(key, facts);
  }
  return [...byKey.values()];
}

interface MergedPr {
  login: string;
  day: number;
  leadHours: number;
  rounds: number;
  baseline: boolean;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

const meanOf = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / values.length;

/** The reduction of a per-PR measure from baseline to programme, or not enough data. */
function reduction(
  id: "review-cycles" | "delivery",
  config: Config,
  prs: readonly MergedPr[],
): Kpi {
  const { minimumSample, targets } = config.kpis;
  const target = id === "delivery" ? targets.deliveryImprovement : targets.reviewCyclesReduction;
  const targetText = `≥ ${pct(target)} ${id === "delivery" ? "faster" : "fewer"}`;
  const before = prs.filter((pr) => pr.baseline);
  const during = prs.filter((pr) => !pr.baseline);
  const sample = `${before.length} PRs before Day 1, ${during.length} since`;
  if (before.length < minimumSample || during.length < minimumSample)
    return noData(id, targetText, `${sample}; ${minimumSample} needed on each side`);
  const measure = (side: readonly MergedPr[]) =>
    id === "delivery"
      ? median(side.map((pr) => pr.leadHours))
      : meanOf(side.map((pr) => pr.rounds));
  const base = measure(before);
  const now = measure(during);
  const unit = id === "delivery" ? "h median lead time" : " review rounds per PR";
  if (base === 0)
    return noData(
      id,
      targetText,
      `${sample}; the baseline has no ${id === "delivery" ? "lead time" : "review rounds"} to reduce`,
    );
  const change = (base - now) / base;
  return kpi(
    id,
    targetText,
    change,
    target,
    `${change >= 0 ? "" : "+"}${pct(Math.abs(change))} ${change >= 0 ? (id === "delivery" ? "faster" : "fewer") : id === "delivery" ? "slower" : "more"} (${round(base)}${unit} → ${round(now)}; ${sample})`,
  );
}

const normalise = (text: string) => text.toLowerCase().replace(/\s+/g, " ").trim();

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
  const visible = (record: DeveloperRecord | undefined) =>
    (record?.evidence ?? []).filter((item) => Date.parse(item.at) <= nowMs);
  const { targets } = config.kpis;
  const started = status.developers.filter((developer) => developer.started);

  const developers: DeveloperKpis[] = [];
  const pooled = {
    lowest: [] as number[],
    competent: 0,
    withScores: 0,
    uses: 0,
    workdays: 0,
    successes: 0,
    attempts: 0,
    shares: 0,
    weeks: 0,
    quality: 0,
    reviewed: 0,
  };
  const merged: MergedPr[] = [];
  const patterns: Pattern[] = [];
  const seenPatterns = new Set<string>();
  const addPattern = (pattern: Pattern) => {
    const key = `${pattern.kind}:${normalise(pattern.text)}`;
    if (seenPatterns.has(key)) return;
    seenPatterns.add(key);
    patterns.push(pattern);
  };
  let savedMinutes = 0;
  const usesByDay: number[] = [];
  const savedByDay: { day: number; minutes: number }[] = [];

  for (const developer of started) {
    const evidence = visible(byLogin.get(developer.login.toLowerCase()));
    const firstDay = dayNumber(developer.start);
    const leave = new Set(developer.leaveDays.map(dayNumber));

    // Competency.
    const scores = [developer.knowledgeScore, developer.finalScore].filter(
      (score): score is number => score !== null,
    );
    const threshold = Math.max(config.thresholds.knowledgeScore, config.thresholds.finalScore);
    const competencyTarget = `≥ ${threshold} on every assessment`;
    const lowest = scores.length === 0 ? null : Math.min(...scores);
    const competency =
      lowest === null
        ? noData("competency", competencyTarget, "no assessment recorded")
        : kpi(
            "competency",
            competencyTarget,
            lowest,
            threshold,
            `${lowest} (knowledge ${developer.knowledgeScore ?? "—"}, final ${developer.finalScore ?? "—"})`,
          );
    if (lowest !== null) {
      pooled.lowest.push(lowest);
      pooled.withScores++;
      if (competency.state === "met") pooled.competent++;
    }

    // Usage frequency.
    let workdays = 0;
    for (let day = firstDay; day < today; day++)
      if (calendar.isProgramWorkday(day) && !leave.has(day)) workdays++;
    let uses = 0;
    for (const item of evidence) {
      if (item.kind !== "usage") continue;
      const day = clock.day(item.at);
      if (day >= firstDay) usesByDay.push(day);
      if (day >= firstDay && day < today) uses++;
      if (day >= firstDay && item.savedMinutes !== undefined) {
        savedMinutes += item.savedMinutes;
        savedByDay.push({ day, minutes: item.savedMinutes });
      }
    }
    const usesTarget = `≥ ${targets.usesPerWorkday} a workday`;
    const usage =
      workdays === 0
        ? noData("usage", usesTarget, "no complete workday yet")
        : kpi(
            "usage",
            usesTarget,
            uses / workdays,
            targets.usesPerWorkday,
            `${round(uses / workdays)} a workday (${uses} uses over ${workdays} workdays)`,
          );
    pooled.uses += uses;
    pooled.workdays += workdays;

    // Implementation success and quality.
    const submissions = submissionsOf(evidence, developer.login);
    const realWorld = evidence.filter((item) => item.kind === "real-world").length;
    const ended = submissions.filter((s) => s.merged || s.closed);
    const passed = submissions.filter((s) => s.merged && s.approved);
    const attempts = ended.length + realWorld;
    const successes = passed.length + realWorld;
    const successTarget = `≥ ${pct(targets.implementationSuccess)}`;
    const success =
      attempts === 0
        ? noData("implementation-success", successTarget, "no ended submission or merged PR")
        : kpi(
            "implementation-success",
            successTarget,
            successes / attempts,
            targets.implementationSuccess,
            `${pct(successes / attempts)} (${successes} of ${attempts} attempts)`,
          );
    pooled.successes += successes;
    pooled.attempts += attempts;

    const reviewed = submissions.filter(
      (s) => s.approved || s.changesRequested || s.merged || s.closed,
    );
    const points = reviewed.reduce(
      (sum, s) =>
        sum +
        (s.approved && !s.changesRequested ? 1 : 0) *
          (s.check === null ? 1 : s.check.done / s.check.total),
      0,
    );
    const qualityTarget = `≥ ${targets.qualityScore}`;
    const quality =
      reviewed.length === 0
        ? noData("quality", qualityTarget, "no reviewed submission")
        : kpi(
            "quality",
            qualityTarget,
            round((100 * points) / reviewed.length),
            targets.qualityScore,
            `${round((100 * points) / reviewed.length)} (${reviewed.filter((s) => s.approved && !s.changesRequested).length} of ${reviewed.length} submissions approved first time)`,
          );
    pooled.quality += points;
    pooled.reviewed += reviewed.length;

    // Knowledge sharing, over complete weeks since Day 1.
    const weeks = Math.floor((today - firstDay) / 7);
    const shares = evidence.filter((item) => {
      if (item.kind !== "discovery" && item.kind !== "shared") return false;
      const day = clock.day(item.at);
      return day >= firstDay && day < firstDay + 7 * weeks;
    }).length;
    const sharingTarget = `≥ ${targets.discoveriesPerWeek} a week`;
    const sharing =
      weeks === 0
        ? noData("knowledge-sharing", sharingTarget, "first week not over")
        : kpi(
            "knowledge-sharing",
            sharingTarget,
            shares / weeks,
            targets.discoveriesPerWeek,
            `${round(shares / weeks)} a week (${shares} in ${weeks} weeks)`,
          );
    pooled.shares += shares;
    pooled.weeks += weeks;

    // Merged PRs: baseline and programme.
    const baseline = baselineWindow(config, developer.start);
    const own: MergedPr[] = [];
    for (const item of evidence) {
      if (item.kind !== "merged-pr") continue;
      const day = clock.day(item.at);
      if (day < dayNumber(baseline.from)) continue;
      own.push({
        login: developer.login,
        day,
        leadHours: Math.max(0, Date.parse(item.at) - Date.parse(item.opened)) / 3_600_000,
        rounds: item.changesRequested,
        baseline: day < firstDay,
      });
    }
    merged.push(...own);

    // Patterns: discoveries and the best practices of passed submissions.
    for (const item of evidence) {
      if (item.kind === "discovery")
        addPattern({
          kind: "discovery",
          date: clock.date(item.at),
          login: developer.login,
          text: item.title ?? "a discovery",
          url: item.url ?? null,
        });
    }
    for (const s of passed) {
      for (const practice of s.check?.practices ?? [])
        addPattern({
          kind: "practice",
          date: dateOf(clock.day(s.mergedAt ?? nowMs)),
          login: developer.login,
          text: practice,
          url: s.url,
        });
    }

    developers.push({
      login: developer.login,
      name: developer.name,
      kpis: [competency, usage, success, sharing, reduction("review-cycles", config, own), quality],
    });
  }

  const individual: Kpi[] =
    started.length === 0
      ? INDIVIDUAL_KPIS.map((id) => noData(id, "", "no developer has started"))
      : pooledKpis(config, developers, pooled, merged);

  // Team KPIs.
  const certificationTarget = `${pct(targets.certification)} certified`;
  const certification =
    status.team.size === 0
      ? noData("certification", certificationTarget, "no developer has started")
      : kpi(
          "certification",
          certificationTarget,
          status.team.certified / status.team.size,
          targets.certification,
          `${pct(status.team.certified / status.team.size)} (${status.team.certified} of ${status.team.size})`,
        );
  const patternsKpi = kpi(
    "patterns",
    `≥ ${targets.patterns} patterns`,
    patterns.length,
    targets.patterns,
    `${patterns.length} (${patterns.filter((p) => p.kind === "discovery").length} discoveries, ${patterns.filter((p) => p.kind === "practice").length} best practices)`,
  );
  const bugs = libraryBugs(config, byLogin.get(TEAM_RECORD_LOGIN), nowMs, clock, since, today);
  const adoptionTarget = `≥ ${pct(config.thresholds.adoptionRate)} of workdays`;
  const adoption =
    status.team.adoptionRate === null
      ? noData("adoption", adoptionTarget, "no complete workday yet")
      : kpi(
          "adoption",
          adoptionTarget,
          status.team.adoptionRate,
          config.thresholds.adoptionRate,
          `${pct(status.team.adoptionRate)} over the last ${status.team.adoptionWindow.length} workdays`,
        );
  const team = [
    certification,
    reduction("delivery", config, merged),
    patternsKpi,
    bugs.kpi,
    adoption,
  ];

  const { hourlyCost, programmeHours, currency } = config.kpis;
  const hoursSaved = savedMinutes / 60;
  const returnFigures =
    hourlyCost === undefined || programmeHours === undefined
      ? null
      : {
          currency,
          hoursSaved: round(hoursSaved, 2),
          value: round(hoursSaved * hourlyCost, 2),
          cost: round(programmeHours * hourlyCost, 2),
          net: round((hoursSaved - programmeHours) * hourlyCost, 2),
          roi: round((hoursSaved - programmeHours) / programmeHours, 3),
        };

  // Weekly trends since the cohort started.
  const weeks: WeekTrend[] = [];
  if (since !== null) {
    const patternDays = patterns.map((p) => dayNumber(p.date));
    for (
      let weekStart = dayNumber(isoWeekOf(since).weekStart);
      weekStart <= today;
      weekStart += 7
    ) {
      const inWeek = (day: number) => day >= weekStart && day < weekStart + 7;
      const leads = merged.filter((pr) => !pr.baseline && inWeek(pr.day)).map((pr) => pr.leadHours);
      weeks.push({
        weekStart: dateOf(weekStart),
        uses: usesByDay.filter(inWeek).length,
        patterns: patternDays.filter((day) => day < weekStart + 7).length,
        libraryBugs: bugs.days.filter(inWeek).length,
        medianLeadHours: leads.length === 0 ? null : round(median(leads)),
        savedMinutes: savedByDay
          .filter((s) => inWeek(s.day))
          .reduce((sum, s) => sum + s.minutes, 0),
      });
    }
  }

  return {
    since,
    today: status.today,
    individual,
    team,
    developers,
    patterns: patterns.sort((a, b) => a.date.localeCompare(b.date) || a.text.localeCompare(b.text)),
    savedMinutes,
    return: returnFigures,
    baselineBugsPerWeek: bugs.baselinePerWeek,
    weeks,
  };
}

function pooledKpis(
  config: Config,
  developers: readonly DeveloperKpis[],
  pooled: {
    lowest: number[];
    competent: number;
    withScores: number;
    uses: number;
    workdays: number;
    successes: number;
    attempts: number;
    shares: number;
    weeks: number;
    quality: number;
    reviewed: number;
  },
  merged: readonly MergedPr[],
): Kpi[] {
  const { targets } = config.kpis;
  const first = (id: KpiId) => developers[0]?.kpis.find((item) => item.id === id)?.target ?? "";
  const meeting = (id: KpiId) => {
    const judged = developers.flatMap((d) =>
      d.kpis.filter((k) => k.id === id && k.state !== "no-data"),
    );
    return `${judged.filter((k) => k.state === "met").length} of ${developers.length} developers meet it`;
  };
  const threshold = Math.max(config.thresholds.knowledgeScore, config.thresholds.finalScore);
  return [
    pooled.withScores === 0
      ? noData("competency", first("competency"), "no assessment recorded")
      : kpi(
          "competency",
          first("competency"),
          Math.min(...pooled.lowest),
          threshold,
          `lowest ${Math.min(...pooled.lowest)}; ${meeting("competency")}`,
        ),
    pooled.workdays === 0
      ? noData("usage", first("usage"), "no complete workday yet")
      : kpi(
          "usage",
          first("usage"),
          pooled.uses / pooled.workdays,
          targets.usesPerWorkday,
          `${round(pooled.uses / pooled.workdays)} a workday (${pooled.uses} uses over ${pooled.workdays} developer workdays); ${meeting("usage")}`,
        ),
    pooled.attempts === 0
      ? noData(
          "implementation-success",
          first("implementation-success"),
          "no ended submission or merged PR",
        )
      : kpi(
          "implementation-success",
          first("implementation-success"),
          pooled.successes / pooled.attempts,
          targets.implementationSuccess,
          `${pct(pooled.successes / pooled.attempts)} (${pooled.successes} of ${pooled.attempts} attempts); ${meeting("implementation-success")}`,
        ),
    pooled.weeks === 0
      ? noData("knowledge-sharing", first("knowledge-sharing"), "first week not over")
      : kpi(
          "knowledge-sharing",
          first("knowledge-sharing"),
          pooled.shares / pooled.weeks,
          targets.discoveriesPerWeek,
          `${round(pooled.shares / pooled.weeks)} a week (${pooled.shares} in ${pooled.weeks} developer weeks); ${meeting("knowledge-sharing")}`,
        ),
    reduction("review-cycles", config, merged),
    pooled.reviewed === 0
      ? noData("quality", first("quality"), "no reviewed submission")
      : kpi(
          "quality",
          first("quality"),
          round((100 * pooled.quality) / pooled.reviewed),
          targets.qualityScore,
          `${round((100 * pooled.quality) / pooled.reviewed)} over ${pooled.reviewed} reviewed submissions; ${meeting("quality")}`,
        ),
  ];
}

function libraryBugs(
  config: Config,
  team: DeveloperRecord | undefined,
  nowMs: number,
  clock: LocalClock,
  since: string | null,
  today: number,
): { kpi: Kpi; days: number[]; baselinePerWeek: number | null } {
  const { libraryBugLabel: label, minimumSample, targets, baselineWeeks } = config.kpis;
  const target = `≥ ${pct(targets.libraryBugReduction)} fewer a week`;
  const evidence = (team?.evidence ?? []).filter((item) => Date.parse(item.at) <= nowMs);
  const days = evidence.flatMap((item) =>
    item.kind === "library-bug" && item.label.toLowerCase() === label.toLowerCase()
      ? [clock.day(item.at)]
      : [],
  );
  if (since === null)
    return {
      kpi: noData("library-bugs", target, "no developer has started"),
      days,
      baselinePerWeek: null,
    };
  const first = dayNumber(since);
  const baselineFrom = first - 7 * baselineWeeks;
  const searched = evidence.some(
    (item) =>
      item.kind === "bug-search" &&
      item.label.toLowerCase() === label.toLowerCase() &&
      dayNumber(item.from) <= baselineFrom,
  );
  if (!searched)
    return {
      kpi: noData(
        "library-bugs",
        target,
        `the scheduled run has not searched the "${label}" issues yet`,
      ),
      days,
      baselinePerWeek: null,
    };
  const before = days.filter((day) => day >= baselineFrom && day < first).length;
  const during = days.filter((day) => day >= first && day <= today).length;
  const programmeDays = today - first + 1;
  const basePerWeek = before / baselineWeeks;
  const sample = `${before} in the ${baselineWeeks} weeks before the first Day 1, ${during} in ${programmeDays} days since`;
  if (before < minimumSample || programmeDays < 7)
    return {
      kpi: noData(
        "library-bugs",
        target,
        `${sample}; ${minimumSample} baseline bugs and a week of programme needed`,
      ),
      days,
      baselinePerWeek: basePerWeek,
    };
  const perWeek = (during * 7) / programmeDays;
  const change = (basePerWeek - perWeek) / basePerWeek;
  return {
    kpi: kpi(
      "library-bugs",
      target,
      change,
      targets.libraryBugReduction,
      `${change >= 0 ? "" : "+"}${pct(Math.abs(change))} ${change >= 0 ? "fewer" : "more"} (${round(basePerWeek)} → ${round(perWeek)} a week; ${sample})`,
    ),
    days,
    baselinePerWeek: basePerWeek,
  };
}
