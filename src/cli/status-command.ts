import { parseArgs } from "node:util";
import { evaluate } from "../core/gates.js";
import { computeKpis, type KpiReport } from "../core/kpis.js";
import { renderTeamDashboard } from "../core/render/dashboard.js";
import { COLOUR_ICONS, type DeveloperStatus, GATES, type ProgramStatus } from "../core/status.js";
import { type CliIo, EXIT_OK, parseNowFlag, reportProblems, resolveNow, UsageError } from "./io.js";
import { loadProgramFromFlags, withIntegrity } from "./program.js";

export const statusUsage =
  "context7-training status --config FILE --records DIR [--now ISO-8601] [--json | --markdown]";

export async function statusCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      records: { type: "string" },
      now: { type: "string" },
      json: { type: "boolean", default: false },
      markdown: { type: "boolean", default: false },
    },
  });
  if (values.json && values.markdown) throw new UsageError("choose one of --json and --markdown");
  const nowFlag = parseNowFlag(values.now);
  const loaded = await loadProgramFromFlags(io.cwd, values);
  if (!loaded.ok) return reportProblems(io, loaded.problems);
  const { config, records } = loaded.program;
  const now = resolveNow(nowFlag, config.timezone, Date.now());
  const status = withIntegrity(evaluate(config, records, now), loaded.program);
  if (values.json)
    io.stdout.write(
      `${JSON.stringify(withUsageByKind(status, computeKpis(config, records, now, status)), null, 2)}\n`,
    );
  else if (values.markdown)
    io.stdout.write(renderTeamDashboard(status, config, computeKpis(config, records, now, status)));
  else io.stdout.write(formatStatusText(status));
  return EXIT_OK;
}

/** Each started developer's uses since Day 1 by kind (null before Day 1), beside the status. */
function withUsageByKind(status: ProgramStatus, kpis: KpiReport) {
  const byLogin = new Map(
    kpis.developers.map((developer) => [developer.login, developer.usageByKind]),
  );
  return {
    ...status,
    developers: status.developers.map((developer) => ({
      ...developer,
      usageByKind: byLogin.get(developer.login) ?? null,
    })),
  };
}

const GATE_MARKS = { passed: "✓", pending: "·", failed: "✗" } as const;

function formatStatusText(status: ProgramStatus): string {
  const { team } = status;
  const percent = (value: number | null) => (value === null ? "—" : `${Math.round(value * 100)}%`);
  const lines = [
    `Context7 training status on ${status.today} (${status.timezone})`,
    `team: ${team.size} started, ${team.certified} certified (${percent(team.completionRate)}), ` +
      `adoption ${percent(team.adoptionRate)}, average knowledge score ${team.averageKnowledgeScore ?? "—"}`,
    "",
    ...status.developers.map(formatDeveloperLine),
    "",
    "gates: knowledge, practical, integration, certification (✓ passed, · pending, ✗ failed)",
  ];
  return `${lines.join("\n")}\n`;
}

function formatDeveloperLine(developer: DeveloperStatus): string {
  const gates = GATES.map((name) => GATE_MARKS[developer.gates[name].state]).join("");
  const day = developer.started ? `day ${developer.day}` : `starts ${developer.start}`;
  const reasons = developer.reasons.length > 0 ? ` — ${developer.reasons.join("; ")}` : "";
  return `${COLOUR_ICONS[developer.status]} ${developer.login.padEnd(20)} ${developer.role.padEnd(9)} ${day.padEnd(17)} ${gates}  ${developer.status}${reasons}`;
}
