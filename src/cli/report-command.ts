import { parseArgs } from "node:util";
import { isoWeekOf } from "../core/calendar.js";
import { evaluate } from "../core/gates.js";
import { renderWeeklyReport } from "../core/render/weekly-report.js";
import { type CliIo, EXIT_OK, parseNowFlag, reportProblems, resolveNow } from "./io.js";
import { loadProgramFromFlags, withIntegrity } from "./program.js";

export const reportUsage = "context7-training report --config FILE --records DIR [--now ISO-8601]";

const WEEK_MS = 7 * 86_400_000;

export async function reportCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: "string" }, records: { type: "string" }, now: { type: "string" } },
  });
  const nowFlag = parseNowFlag(values.now);
  const loaded = await loadProgramFromFlags(io.cwd, values);
  if (!loaded.ok) return reportProblems(io, loaded.problems);
  const { config, records } = loaded.program;
  const now = resolveNow(nowFlag, config.timezone, Date.now());
  const status = withIntegrity(evaluate(config, records, now), loaded.program);
  const week = isoWeekOf(status.today);
  io.stdout.write(
    renderWeeklyReport({
      config,
      status,
      previous: evaluate(config, records, now - WEEK_MS),
      records,
      ...week,
    }),
  );
  return EXIT_OK;
}
