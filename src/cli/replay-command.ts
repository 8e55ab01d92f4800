import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { formatProblem } from "../core/problems.js";
import { readEventFiles, replayEvents, type SourcedEvent } from "../local/replay.js";
import { loadConfigText, loadRecords } from "../local/workspace.js";
import { type CliIo, EXIT_BAD_INPUT, EXIT_OK, reportProblems, UsageError } from "./io.js";
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
    readEventFiles(positionals, io.cwd),
  ]);
  const problems = [config, records].flatMap((parsed) => (parsed.ok ? [] : parsed.problems));
  if (!config.ok || !records.ok) return reportProblems(io, [...problems, ...events.problems]);

  // A malformed event is named in one line and skipped; the others are replayed.
  for (const problem of events.problems) io.stderr.write(`${formatProblem(problem)}\n`);
  let failed = 0;
  const replayed = events.events;
  if (replayed.length === 0) {
    io.stderr.write(
      `no event to replay: ${events.problems.length} malformed; nothing was written.\n`,
    );
    return EXIT_BAD_INPUT;
  }
  const result = await replayEvents({
    ...config.value,
    recordsDir,
    events: replayed.map((entry) => entry.event),
    onFailure: (index, error) => {
      failed++;
      io.stderr.write(`${handlerFailure(replayed[index] as SourcedEvent, error)}\n`);
    },
  });
  if (values.outbox !== undefined) {
    const lines = result.outbox.map((request) => JSON.stringify(request)).join("\n");
    await writeFile(resolve(io.cwd, values.outbox), lines === "" ? "" : `${lines}\n`);
  }
  const recordWrites = result.writes - result.outbox.length;
  const skipped = events.problems.length + failed;
  io.stdout.write(
    `replayed ${replayed.length - failed} events: ${recordWrites} record commits in ${values.records}, ` +
      `${result.outbox.length} other writes${values.outbox === undefined ? "" : ` in ${values.outbox}`}, ` +
      `${result.reads + result.writes} API calls${skipped === 0 ? "" : `; ${skipped} events skipped (listed above)`}\n`,
  );
  return skipped === 0 ? EXIT_OK : EXIT_BAD_INPUT;
}

/** One line for an event its handler failed on: where it was read, which event, why. */
function handlerFailure(source: SourcedEvent, error: unknown): string {
  // Probot gathers the handlers' errors into one AggregateError.
  const inner = (error as { errors?: unknown[] }).errors?.[0] ?? error;
  const reason = (inner instanceof Error ? inner.message : String(inner)).split("\n")[0];
  const where = formatProblem({ file: source.file, path: "", line: source.line, message: "" });
  return `${where}event ${source.event.id} (${source.event.name}) failed in the App and was skipped: ${reason}`;
}
