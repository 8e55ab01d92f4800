/**
 * `npm run demo`: replays the two-week sample scenario through the App's own handlers into
 * a folder, offline, writes the dashboards the scheduled run would commit, and prints a
 * short summary a manager can read first: who needs attention, most urgent first.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { CliIo } from "../cli/io.js";
import { main } from "../cli/main.js";
import { loadProgram, withIntegrity } from "../cli/program.js";
import { evaluate } from "../core/gates.js";
import { computeKpis } from "../core/kpis.js";
import { changedFiles } from "../core/plan.js";
import { formatProblem } from "../core/problems.js";
import {
  COLOUR_ICONS,
  COLOUR_LABELS,
  needingAttention,
  type ProgramStatus,
} from "../core/status.js";

const DEMO_CONFIG = "test/fixtures/sample-team/config.yml";
const DEMO_EVENTS = "test/fixtures/scenario/events.ndjson";
/** The end of the scenario's second week, in the programme's timezone (Europe/Berlin). */
const DEMO_NOW = "2026-12-04T18:00:00+01:00";

export async function runDemo(folder: string, io: CliIo): Promise<number> {
  const records = join(folder, "records");
  const outbox = join(folder, "outbox.ndjson");
  const replayed = await main(
    ["replay", "--config", DEMO_CONFIG, "--records", records, "--outbox", outbox, DEMO_EVENTS],
    { ...io, stdout: { write: () => true } },
  );
  if (replayed !== 0) return replayed;
  const loaded = await loadProgram(io.cwd, DEMO_CONFIG, records);
  if (!loaded.ok) {
    for (const problem of loaded.problems) io.stderr.write(`${formatProblem(problem)}\n`);
    return 1;
  }
  const { config, records: developerRecords } = loaded.program;
  const now = Date.parse(DEMO_NOW);
  const status = withIntegrity(evaluate(config, developerRecords, now), loaded.program);
  const files = changedFiles(
    config,
    status,
    {},
    computeKpis(config, developerRecords, now, status),
  );
  for (const file of files) {
    const path = join(folder, file.path);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, file.content);
  }
  io.stdout.write(demoSummary(status, folder, outbox));
  return 0;
}

function demoSummary(status: ProgramStatus, folder: string, outbox: string): string {
  const attention = needingAttention(status);
  const onTrack = status.developers.filter((d) => d.started && d.status === "green");
  const notStarted = status.developers.filter((d) => !d.started);
  const width = Math.max(0, ...attention.map((d) => d.login.length));
  const lines = [
    `Context7 training on ${status.today} (${status.timezone}): ${status.team.size} developers started, ${status.team.certified} certified.`,
    "",
    attention.length === 0 ? "Nobody needs attention." : "Needs attention, most urgent first:",
    ...attention.map(
      (d) =>
        `  ${COLOUR_ICONS[d.status]} ${d.login.padEnd(width)}  ${COLOUR_LABELS[d.status]}: ${d.reasons.join("; ")}`,
    ),
    ...(onTrack.length > 0 ? [`On track: ${onTrack.map((d) => d.login).join(", ")}`] : []),
    ...(notStarted.length > 0
      ? [`Not started yet: ${notStarted.map((d) => `${d.login} (${d.start})`).join(", ")}`]
      : []),
    "",
    "Dashboards (the files the scheduled run commits to the training repo):",
    `  team dashboard  ${pathToFileURL(join(folder, "records", "README.md")).href}`,
    `  trackers        ${join(folder, "records")}/<login>.md, linked from the team dashboard and back`,
    `  for machines    ${join(folder, "records", "dashboard.json")}`,
    `Records the App committed: ${join(folder, "records")}/<login>.yml; its other writes (comments, check runs): ${outbox}`,
  ];
  return `${lines.join("\n")}\n`;
}
