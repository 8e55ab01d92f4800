/** The team dashboard: `records/README.md` in the training repo and `status --markdown`. */
import type { Config } from "../config.js";
import type { KpiReport } from "../kpis.js";
import {
  COLOUR_ICONS,
  COLOUR_LABELS,
  COLOURS,
  type DeveloperStatus,
  GATES,
  needingAttention,
  type ProgramStatus,
} from "../status.js";
import { renderFeedback } from "./feedback.js";
import { renderKpiTables, renderTrends } from "./kpis.js";
import { colourBadge, escapeText, gateIcon, number, percent, table } from "./markdown.js";
import { renderRecordsIntegrity } from "./rejected.js";
import { renderLibraryCoverage, renderUsageByKind } from "./usage.js";

/**
 * With `kpis`, the success metrics and their trends follow the team table. With
 * `privacy.teamFiguresOnly`, no developer is named: team figures only.
 */
export function renderTeamDashboard(
  status: ProgramStatus,
  config: Config,
  kpis?: KpiReport,
): string {
  const names = !config.privacy.teamFiguresOnly;
  const { team } = status;
  const started = status.developers.filter((developer) => developer.started);
  const attention = needingAttention(status);
  const adoptionMark = team.adoptionRate === null ? "" : team.adoptionBelowThreshold ? " ⚠️" : " ✅";
  const sections = [
    "# Context7 training — team dashboard",
    `As of ${status.today} (${status.timezone}). Computed from the evidence in this folder; each developer's tracker is linked from their name.`,
    "## Team",
    table(
      ["metric", "value"],
      [
        ["Developers started", String(team.size)],
        ["Certified", `${team.certified} of ${team.size} (${percent(team.completionRate)})`],
        ["Average knowledge score", number(team.averageKnowledgeScore)],
        [
          `Adoption, last ${config.thresholds.adoptionWindowWorkdays} workdays (target ${percent(config.thresholds.adoptionRate)})`,
          `${percent(team.adoptionRate)}${adoptionMark}`,
        ],
        ...COLOURS.map((colour) => [
          `${COLOUR_ICONS[colour]} ${COLOUR_LABELS[colour]}`,
          String(team.statusCounts[colour]),
        ]),
      ],
    ),
  ];
  const integrity = renderRecordsIntegrity(status.records, names);
  if (integrity !== null) sections.push(integrity);
  if (kpis !== undefined) {
    sections.push("## Success metrics (plan §7)", renderKpiTables(kpis, config, names));
    const trends = renderTrends(kpis, config);
    if (trends !== null) sections.push("## Trends", trends);
    const kinds = renderUsageByKind(kpis, names);
    if (kinds !== null) sections.push("## Context7 usage by kind", kinds);
    const libraries = renderLibraryCoverage(kpis.libraryCoverage.at(-1));
    if (libraries !== null) sections.push("## Libraries looked up this week", libraries);
    const feedback = renderFeedback(kpis.feedback, kpis.feedback.entries, names);
    if (feedback !== null) sections.push("## Training feedback", feedback);
  }
  if (!names) {
    sections.push(
      "## Developers",
      `Individual figures are kept out of this dashboard (\`privacy.teamFiguresOnly\`)${attention.length > 0 ? `; ${attention.length} developers need attention, each with an escalation issue for their manager` : ""}.`,
    );
  }
  if (names && attention.length > 0) {
    sections.push(
      "## Needs attention",
      attention
        .map(
          (developer) =>
            `- **${link(developer)}** ${statusCell(developer)}: ${developer.reasons.map(escapeText).join("; ")}`,
        )
        .join("\n"),
    );
  }
  const ordered = [
    ...attention,
    ...status.developers.filter((developer) => !attention.includes(developer)),
  ];
  if (names)
    sections.push(
      "## Developers",
      table(
        [
          "developer",
          "role",
          "day",
          "status",
          "G1",
          "G2",
          "G3",
          "G4",
          "knowledge",
          "exercises",
          "reviews",
          "consistency",
          "idle",
          "last usage",
        ],
        ordered.map(developerRow),
      ),
      "G1 Knowledge Foundation (Day 3) · G2 Practical Application (Day 7) · G3 Integration Consistency (Day 14) · G4 Certification Validation (Day 14) — ✅ passed, ✅⏰ passed late, ⏳ pending, ❌ failed.",
    );
  const certified = status.developers.filter((developer) => developer.certificationId !== null);
  if (names && certified.length > 0) {
    sections.push(
      "## Certified",
      table(
        ["developer", "certification", "certified on", "next review"],
        certified.map((developer) => [
          link(developer),
          `\`${developer.certificationId}\``,
          developer.certifiedOn ?? "—",
          `${developer.nextReviewDate}${developer.reviewOverdue ? " ⚠️ overdue" : ""}`,
        ]),
      ),
    );
  }
  if (started.length > 0) {
    const slices = COLOURS.filter((colour) => team.statusCounts[colour] > 0)
      .map((colour) => `    "${COLOUR_LABELS[colour]}" : ${team.statusCounts[colour]}`)
      .join("\n");
    sections.push(
      "## Status",
      `\`\`\`mermaid\npie showData title Developers by status\n${slices}\n\`\`\``,
    );
  }
  return `${sections.join("\n\n")}\n`;
}

function link(developer: DeveloperStatus): string {
  return `[${escapeText(developer.name ?? developer.login)}](./${developer.login.toLowerCase()}.md)`;
}

function developerRow(developer: DeveloperStatus): string[] {
  if (!developer.started) {
    return [
      link(developer),
      developer.role,
      `starts ${developer.start}`,
      "not started",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
      "",
    ];
  }
  if (developer.recordUnreadable !== undefined) {
    return [link(developer), developer.role, String(developer.day), statusCell(developer)].concat(
      Array<string>(10).fill("?"),
    );
  }
  return [
    link(developer),
    developer.role,
    String(developer.day),
    colourBadge(developer.status),
    ...GATES.map((name) => gateIcon(developer.gates[name])),
    number(developer.knowledgeScore),
    `${developer.exercisesCompleted}/${developer.exercisesRequired}`,
    String(developer.reviewsWithContext7),
    percent(developer.consistency),
    String(developer.idleWorkdays),
    developer.lastUsage ?? "—",
  ];
}

/** The colour, or "record unreadable" when the developer's record file does not parse. */
function statusCell(developer: DeveloperStatus): string {
  return developer.recordUnreadable === undefined
    ? colourBadge(developer.status)
    : UNREADABLE_BADGE;
}

const UNREADABLE_BADGE = "⚠️ record unreadable";
