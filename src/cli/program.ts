/** Loads what most commands need: the config and the records folder. */
import { resolve } from "node:path";
import type { Config } from "../core/config.js";
import type { DeveloperRecord } from "../core/evidence.js";
import type { Problem } from "../core/problems.js";
import { loadConfig, loadRecords } from "../local/workspace.js";
import { UsageError } from "./io.js";

interface Program {
  config: Config;
  records: DeveloperRecord[];
}

export function required(value: string | undefined, flag: string, example: string): string {
  if (value === undefined || value === "") {
    throw new UsageError(`${flag} is required, for example ${flag} ${example}`);
  }
  return value;
}

export async function loadProgram(
  cwd: string,
  configPath: string,
  recordsDir: string | undefined,
): Promise<{ ok: true; program: Program } | { ok: false; problems: Problem[] }> {
  const [config, records] = await Promise.all([
    loadConfig(resolve(cwd, configPath), cwd),
    recordsDir === undefined
      ? Promise.resolve({ ok: true as const, value: [] })
      : loadRecords(resolve(cwd, recordsDir), { cwd }),
  ]);
  const problems = [...(config.ok ? [] : config.problems), ...(records.ok ? [] : records.problems)];
  if (!config.ok || !records.ok) return { ok: false, problems };
  return { ok: true, program: { config: config.value, records: records.value } };
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
