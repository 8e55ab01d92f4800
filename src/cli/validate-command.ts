import { parseArgs } from "node:util";
import { type CliIo, EXIT_OK, reportProblems } from "./io.js";
import { loadProgram, required } from "./program.js";

export const validateUsage = "context7-training validate --config FILE [--records DIR]";

export async function validateCommand(argv: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: { config: { type: "string" }, records: { type: "string" } },
  });
  const loaded = await loadProgram(
    io.cwd,
    required(values.config, "--config", ".github/context7-training.yml"),
    values.records,
  );
  if (!loaded.ok) return reportProblems(io, loaded.problems);
  const { config, records } = loaded.program;
  const onRoster = new Set(config.roster.map((entry) => entry.login.toLowerCase()));
  const strangers = records.filter((record) => !onRoster.has(record.login.toLowerCase()));
  io.stdout.write(
    `config is valid: ${config.roster.length} developers, ${config.managers.length} managers\n`,
  );
  if (values.records !== undefined) {
    io.stdout.write(`records are valid: ${records.length} files\n`);
    const { integrity } = loaded.program;
    if (integrity.mode === "unsigned")
      io.stdout.write(
        "note: CONTEXT7_RECORDS_KEY is not set, so the facts' proofs were not checked (docs/security.md)\n",
      );
    for (const fact of integrity.rejected)
      io.stdout.write(
        `rejected: ${fact.file} ${fact.kind} ${fact.id}: ${fact.reason}; it does not count\n`,
      );
    for (const record of strangers) {
      io.stdout.write(
        `note: records/${record.login}.yml belongs to "${record.login}", who is not on the roster; it is kept but not evaluated\n`,
      );
    }
  }
  return EXIT_OK;
}
