import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { readEvents, replayEvents } from "../local/replay.js";
import { loadConfigText, loadRecords } from "../local/workspace.js";
import { type CliIo, EXIT_OK, reportProblems, UsageError } from "./io.js";
import { required } from "./program.js";

export const replayUsage =
  "context7-training replay --config FILE --records DIR [--outbox FILE] EVENT...";

export async function replayCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: {
      config: { type: "string" },
      records: { type: "string" },
      outbox: { type: "string" },
    },
    allowPositionals: true,
  });
  if (positionals.length === 0)
    throw new UsageError(
      "give at least one EVENT: a JSON file, a folder of them, or an .ndjson file",
    );
  const recordsDir = resolve(io.cwd, required(values.records, "--records", "records"));
  const [config, records, events] = await Promise.all([
    loadConfigText(
      resolve(io.cwd, required(values.config, "--config", ".github/context7-training.yml")),
      io.cwd,
    ),
    loadRecords(recordsDir, { cwd: io.cwd, allowMissing: true }),
    readEvents(positionals, io.cwd),
  ]);
  const problems = [config, records, events].flatMap((parsed) =>
    parsed.ok ? [] : parsed.problems,
  );
  if (!config.ok || !records.ok || !events.ok) return reportProblems(io, problems);

  const result = await replayEvents({ ...config.value, recordsDir, events: events.value });
  if (values.outbox !== undefined) {
    const lines = result.outbox.map((request) => JSON.stringify(request)).join("\n");
    await writeFile(resolve(io.cwd, values.outbox), lines === "" ? "" : `${lines}\n`);
  }
  const recordWrites = result.writes - result.outbox.length;
  io.stdout.write(
    `replayed ${events.value.length} events: ${recordWrites} record commits in ${values.records}, ` +
      `${result.outbox.length} other writes${values.outbox === undefined ? "" : ` in ${values.outbox}`}, ` +
      `${result.reads + result.writes} API calls\n`,
  );
  return EXIT_OK;
}
