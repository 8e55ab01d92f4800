/**
 * The weekly report of the two-week scenario at Friday 2026-12-04 17:00 UTC: the events
 * replayed through the App on top of the scheduled run's KPI facts, then rendered. The
 * result is committed as test/fixtures/scenario/weekly-report.md (`npm run scenario`).
 */
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { isoWeekOf } from "../../src/core/calendar.js";
import { parseConfig } from "../../src/core/config.js";
import type { DeveloperRecord } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { renderWeeklyReport } from "../../src/core/render/weekly-report.js";
import { readEvents, replayEvents } from "../../src/local/replay.js";
import { loadRecords } from "../../src/local/workspace.js";
import { SAMPLE_CONFIG } from "./offline.js";

export const SCENARIO_NOW = "2026-12-04T17:00:00Z";
export const SCENARIO_REPORT = "test/fixtures/scenario/weekly-report.md";
export const SCENARIO_FACTS = "test/fixtures/scenario/kpi-facts";

/** The records of the replayed scenario, with the scheduled run's KPI facts. */
export async function scenarioRecords(): Promise<{ dir: string; records: DeveloperRecord[] }> {
  const parsed = parseConfig(SAMPLE_CONFIG);
  if (!parsed.ok) throw new Error("the sample config is invalid");
  const read = await readEvents(["test/fixtures/scenario/events.ndjson"]);
  if (!read.ok) throw new Error("the scenario events do not load");
  const dir = mkdtempSync(join(tmpdir(), "c7-scenario-kpis-"));
  cpSync(SCENARIO_FACTS, dir, { recursive: true });
  const result = await replayEvents({
    config: parsed.value,
    configText: SAMPLE_CONFIG,
    recordsDir: dir,
    events: read.value,
  });
  if (result.unexpected.length > 0) throw new Error("the replay made unexpected calls");
  const records = await loadRecords(dir);
  if (!records.ok) throw new Error("the replay wrote invalid records");
  return { dir, records: records.value };
}

export async function renderScenarioReport(): Promise<string> {
  const parsed = parseConfig(SAMPLE_CONFIG);
  if (!parsed.ok) throw new Error("the sample config is invalid");
  const config = parsed.value;
  const { records } = await scenarioRecords();
  const status = evaluate(config, records, SCENARIO_NOW);
  return renderWeeklyReport({
    config,
    status,
    previous: evaluate(config, records, Date.parse(SCENARIO_NOW) - 7 * 86_400_000),
    records,
    ...isoWeekOf(status.today),
  });
}
