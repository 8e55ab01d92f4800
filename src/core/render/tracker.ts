/**
 * Each developer's tracker, `records/<login>.md`, modelled on the plan's "Developer
 * Progress Tracker Template": three phases with ticked items, the four gates, the colour.
 */
import { addDays } from "../calendar.js";
import type { Config } from "../config.js";
import { type Exercise, matchesPattern, type RequirementClause } from "../curriculum.js";
import type { SelfReportedItem } from "../evidence.js";
import { SELF_REPORTED_LABELS, SELF_REPORTED_NOTE } from "../self-report.js";
import { type DeveloperStatus, GATE_TITLES, GATES } from "../status.js";
import { checkbox, colourBadge, escapeText, gateIcon, number, percent, table } from "./markdown.js";

interface TrackerOptions {
  /**
   * The self-reported boxes to show, when they should differ from the recorded evidence
   * (the tracker issue keeps the developer's latest ticks).
   */
  selfReported?: Partial<Record<SelfReportedItem, boolean>>;
  /** A relative link back to the team dashboard, for the tracker files beside it. */
  teamDashboardLink?: string;
}

export function renderTracker(
  developer: DeveloperStatus,
  config: Config,
  options: TrackerOptions = {},
): string {
  const selfReported = (item: SelfReportedItem) =>
    checkbox(
      options.selfReported?.[item] ?? developer.selfReported[item],
      `${SELF_REPORTED_LABELS[item]} ${SELF_REPORTED_NOTE}`,
    );
  const name = escapeText(developer.name ?? developer.login);
  const { thresholds } = config;
  const today = developer.started ? `Day ${developer.day}` : `starts on ${developer.start}`;
  const sections = [
    `# Developer progress tracker — ${name}`,
    ...(options.teamDashboardLink === undefined
      ? []
      : [`[← Team dashboard](${options.teamDashboardLink})`]),
    [
      `**Developer**: ${name} (\`${developer.login}\`)  `,
      `**Role**: ${developer.role}  `,
      `**Start Date**: ${developer.start}  `,
      `**Target Completion**: ${addDays(developer.start, config.deadlines.certification - 1)}  `,
      `**Today**: ${today}`,
    ].join("\n"),
    "## Phase 1: Foundation (Days 1-3)",
    [
      selfReported("training-guide"),
      checkbox(
        developer.gates.knowledge.state === "passed",
        `Knowledge check completed (Score: ${developer.knowledgeScore ?? "__"}/100, needs ${thresholds.knowledgeScore})`,
      ),
      selfReported("trainer-session"),
      selfReported("qa-session"),
    ].join("\n"),
    "## Phase 2: Practice (Days 4-7)",
    [
      ...exerciseItems(developer, config),
      checkbox(
        developer.realWorldApplications >= thresholds.realWorldApplications,
        `Real-world application merged (${developer.realWorldApplications} of ${thresholds.realWorldApplications})`,
      ),
      checkbox(
        developer.exercises.some((exercise) => exercise.passedOn !== null),
        "Peer review session completed (an approved and merged submission)",
      ),
    ].join("\n"),
    "## Phase 3: Integration (Days 8-14)",
    [
      checkbox(
        developer.longestStreak >= thresholds.consecutiveUsageWorkdays,
        `Daily Context7 usage documented (longest streak ${developer.longestStreak} of ${thresholds.consecutiveUsageWorkdays} workdays; consistency ${percent(developer.consistency)}, must be above ${percent(thresholds.consistency)})`,
      ),
      checkbox(
        developer.reviewsWithContext7 >= thresholds.reviewReferences,
        `Code review participation with Context7 references (${developer.reviewsWithContext7} of ${thresholds.reviewReferences})`,
      ),
      checkbox(
        developer.discoveriesShared >= thresholds.discoveries,
        `Team knowledge sharing contribution (${developer.discoveriesShared} of ${thresholds.discoveries})`,
      ),
      checkbox(
        developer.finalScore !== null && developer.finalScore >= thresholds.finalScore,
        `Final competency assessment passed (Score: ${developer.finalScore ?? "__"}/100, needs ${thresholds.finalScore})`,
      ),
    ].join("\n"),
    "## Quality gates",
    table(
      ["gate", "state", "deadline", "passed on", "still needed"],
      GATES.map((gate, index) => {
        const status = developer.gates[gate];
        return [
          `Gate ${index + 1}: ${GATE_TITLES[gate]}`,
          `${gateIcon(status)} ${status.state}${status.late ? " (late)" : ""}`,
          status.deadline,
          status.passedOn ?? "—",
          status.missing.map(escapeText).join("; ") || "—",
        ];
      }),
    ),
    "## Escalation status",
    [
      `**${colourBadge(developer.status)}**`,
      ...developer.reasons.map((reason) => `- ${escapeText(reason)}`),
    ].join("\n"),
    "## Metrics",
    table(
      ["metric", "value"],
      [
        ["Consistency", percent(developer.consistency)],
        ["Workdays with usage", String(developer.usageWorkdays)],
        ["Longest streak (workdays)", String(developer.longestStreak)],
        ["Idle workdays", String(developer.idleWorkdays)],
        ["Last usage", developer.lastUsage ?? "—"],
        ["Context7 references recorded", String(developer.usageEvents)],
        ["Final assessment score", number(developer.finalScore)],
        ["Confirmation with all commitments", developer.confirmed ? "yes" : "no"],
        ["Leave days", developer.leaveDays.join(", ") || "—"],
        [
          "Certification",
          developer.certificationId === null
            ? "—"
            : `${developer.certificationId} on ${developer.certifiedOn}`,
        ],
        [
          "Next certification review",
          developer.nextReviewDate === null
            ? "—"
            : `${developer.nextReviewDate}${developer.reviewOverdue ? " (overdue)" : ""}`,
        ],
      ],
    ),
  ];
  return `${sections.join("\n\n")}\n`;
}

/** One item per required exercise, or per clause when the role may choose among several. */
function exerciseItems(developer: DeveloperStatus, config: Config): string[] {
  const progress = new Map(developer.exercises.map((exercise) => [exercise.exercise, exercise]));
  const passed = new Set(
    developer.exercises.filter((e) => e.passedOn !== null).map((e) => e.exercise),
  );
  const used = new Set<string>();
  const describe = (exercise: Exercise) => {
    const state = progress.get(exercise.id);
    const details: string[] = [];
    if (state?.passedOn) details.push(`passed ${state.passedOn}`);
    if (state !== undefined && state.failedAttempts > 0) {
      details.push(`${state.failedAttempts} failed attempt${state.failedAttempts > 1 ? "s" : ""}`);
    }
    if (developer.retestExhausted.includes(exercise.id)) details.push("retest used up");
    return `\`${exercise.id}\`: ${escapeText(exercise.title)}${details.length > 0 ? ` — ${details.join(", ")}` : ""}`;
  };
  return config.requirements[developer.role].flatMap((clause: RequirementClause) => {
    const candidates = config.exercises.filter((exercise) =>
      clause.from.some((pattern) => matchesPattern(exercise.id, pattern)),
    );
    const taken = candidates
      .filter((exercise) => passed.has(exercise.id) && !used.has(exercise.id))
      .slice(0, clause.count);
    for (const exercise of taken) used.add(exercise.id);
    const everyOne = clause.count === candidates.length;
    if (everyOne)
      return candidates.map((exercise) => checkbox(passed.has(exercise.id), describe(exercise)));
    const header = checkbox(
      taken.length >= clause.count,
      `Any ${clause.count} of ${clause.from.map((pattern) => `\`${pattern}\``).join(", ")} (${taken.length} of ${clause.count} passed)`,
    );
    const attempted = candidates.filter((exercise) => progress.has(exercise.id));
    return [
      header,
      ...attempted.map((exercise) => `  ${checkbox(passed.has(exercise.id), describe(exercise))}`),
    ];
  });
}
