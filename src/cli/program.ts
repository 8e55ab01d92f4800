/** Loads what most commands need: the config and the records folder. */
import { resolve } from "node:path";
import type { Config } from "../core/config.js";
import type { DeveloperRecord } from "../core/evidence.js";
import type { Problem } from "../core/problems.js";
import { parseRecordsKeyring, RECORDS_KEY_VARIABLE } from "../core/proof.js";
import { verifyRecords } from "../core/record-proofs.js";
import type { ProgramStatus, RecordsIntegrity } from "../core/status.js";
import { loadConfig, loadRecords, loadRegistry } from "../local/workspace.js";
import { UsageError } from "./io.js";

interface Program {
  config: Config;
  /** The facts that count: with `CONTEXT7_RECORDS_KEY`, only those the App signed. */
  records: DeveloperRecord[];
  integrity: RecordsIntegrity;
}

/** The status with what the records check found, as the scheduled run shows it. */
export function withIntegrity(status: ProgramStatus, program: Program): ProgramStatus {
  return { ...status, records: program.integrity };
}

export function required(value: string | undefined, flag: string, example: string): string {
  if (value === undefined || value === "") {
    throw new UsageError(`${flag} is required, for example ${flag} ${example}`);
  }
  return value;
}

/**
 * The config and the records, checked like the scheduled run checks them: with
 * `CONTEXT7_RECORDS_KEY` in the environment only facts with the App's proof count, and a
 * certification counts only when the registry holds it; the rest are listed as rejected.
 */
export async function loadProgram(
  cwd: string,
  configPath: string,
  recordsDir: string | undefined,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ ok: true; program: Program } | { ok: false; problems: Problem[] }> {
  const key = parseRecordsKeyring(env[RECORDS_KEY_VARIABLE], RECORDS_KEY_VARIABLE);
  if (!key.ok)
    return {
      ok: false,
      problems: [{ file: RECORDS_KEY_VARIABLE, path: "", message: key.message }],
    };
  const [config, records] = await Promise.all([
    loadConfig(resolve(cwd, configPath), cwd),
    recordsDir === undefined
      ? Promise.resolve({ ok: true as const, value: [] })
      : loadRecords(resolve(cwd, recordsDir), { cwd }),
  ]);
  const problems = [...(config.ok ? [] : config.problems), ...(records.ok ? [] : records.problems)];
  if (!config.ok || !records.ok) return { ok: false, problems };
  const registry = recordsDir === undefined ? null : await loadRegistry(resolve(cwd, recordsDir));
  const checked = verifyRecords(records.value, { keyring: key.keyring, registry });
  return {
    ok: true,
    program: { config: config.value, records: checked.records, integrity: checked.integrity },
  };
}

/** The config and records named by the `--config` and `--records` flags, both required. */
export function loadProgramFromFlags(
  cwd: string,
  flags: { config?: string | undefined; records?: string | undefined },
) {
  return loadProgram(
    cwd,
    required(flags.config, "--config", ".github/context7-training.yml"),
    required(flags.records, "--records", "records"),
  );
}
