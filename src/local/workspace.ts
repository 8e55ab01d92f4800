/**
 * Reads the config and the records folder from a checkout (the CLI and the Action). Every
 * problem in every file is collected, so one run shows them all.
 */
import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { type CertificateRegistry, parseRegistry, REGISTRY_PATH } from "../core/certificates.js";
import { type Config, parseConfig } from "../core/config.js";
import type { DeveloperRecord } from "../core/evidence.js";
import type { Parsed } from "../core/problems.js";
import { parseRecord } from "../core/records.js";
import { loginOfRecordFile, type UnreadableRecord } from "../core/unreadable-records.js";

const REGISTRY_FILE = REGISTRY_PATH.slice("records/".length);

function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === "" || shown.startsWith("..") ? path : shown;
}

async function isLink(path: string): Promise<boolean> {
  try {
    return (await lstat(path)).isSymbolicLink();
  } catch {
    return false; // Missing: reading it says so.
  }
}

async function readText(path: string, file: string, fix: string): Promise<Parsed<string>> {
  try {
    return { ok: true, value: await readFile(path, "utf8") };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return {
      ok: false,
      problems: [{ file, path: "", message: `cannot be read (${code}); ${fix}` }],
    };
  }
}

export async function loadConfig(path: string, cwd = process.cwd()): Promise<Parsed<Config>> {
  const loaded = await loadConfigText(path, cwd);
  return loaded.ok ? { ok: true, value: loaded.value.config } : loaded;
}

/**
 * The config with the text it was parsed from (the replay stand-in serves the text).
 * `refuseLink`: a symbolic link is a problem (the scheduled run on the training repo: the
 * App refuses it too, since the guards on who changes the config would not see a change
 * to the file it points to).
 */
export async function loadConfigText(
  path: string,
  cwd = process.cwd(),
  { refuseLink = false } = {},
): Promise<Parsed<{ config: Config; configText: string }>> {
  const file = displayPath(path, cwd);
  if (refuseLink && (await isLink(path)))
    return {
      ok: false,
      problems: [
        {
          file,
          path: "",
          message:
            "is a symbolic link; the scheduled run and the App read only the file itself, so that who changes the config can be checked: replace the link with the config file",
        },
      ],
    };
  const text = await readText(path, file, "pass --config with the path of context7-training.yml");
  if (!text.ok) return text;
  const parsed = parseConfig(text.value, file);
  return parsed.ok ? { ok: true, value: { config: parsed.value, configText: text.value } } : parsed;
}

/**
 * Reads every `*.yml` record in `dir`. A missing folder is an error unless `allowMissing`
 * (a training repo before its first evidence), so a mistyped path never reads as "no data".
 */
export async function loadRecords(
  dir: string,
  options: { cwd?: string; allowMissing?: boolean } = {},
): Promise<Parsed<DeveloperRecord[]>> {
  const loaded = await loadRecordsIsolated(dir, options);
  if (!loaded.ok) return loaded;
  const { records, unreadable } = loaded.value;
  return unreadable.length > 0
    ? { ok: false, problems: unreadable.flatMap((entry) => entry.problems) }
    : { ok: true, value: records };
}

/**
 * Like `loadRecords`, but a developer's record that cannot be read or parsed is set aside in
 * `unreadable` instead of failing the whole folder (the scheduled run goes on without it).
 * A missing or unreadable folder, or a broken certificate registry, still fails.
 */
export async function loadRecordsIsolated(
  dir: string,
  { cwd = process.cwd(), allowMissing = false } = {},
): Promise<Parsed<{ records: DeveloperRecord[]; unreadable: UnreadableRecord[] }>> {
  let names: string[];
  let allNames: string[];
  try {
    allNames = await readdir(dir);
    names = allNames.filter((name) => name.endsWith(".yml")).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && allowMissing)
      return { ok: true, value: { records: [], unreadable: [] } };
    const file = displayPath(dir, cwd);
    const message =
      code === "ENOENT"
        ? "does not exist; pass --records with the folder that holds the <login>.yml records"
        : `cannot be read (${code}); pass --records with a readable folder`;
    return { ok: false, problems: [{ file, path: "", message }] };
  }
  const records: DeveloperRecord[] = [];
  const unreadable: UnreadableRecord[] = [];
  for (const name of names) {
    const path = join(dir, name);
    const file = displayPath(path, cwd);
    const text = await readText(path, file, "check the file's permissions");
    const parsed = text.ok ? parseRecord(text.value, file) : text;
    if (parsed.ok) records.push(parsed.value);
    else unreadable.push({ login: loginOfRecordFile(name), file, problems: parsed.problems });
  }
  // The certificate registry is the App's too: a broken one would stop certification.
  if (allNames.includes(REGISTRY_FILE)) {
    const path = join(dir, REGISTRY_FILE);
    const file = displayPath(path, cwd);
    const text = await readText(path, file, "check the file's permissions");
    const parsed = text.ok ? parseRegistry(text.value, file) : text;
    if (!parsed.ok) {
      const problems = [...unreadable.flatMap((entry) => entry.problems), ...parsed.problems];
      return { ok: false, problems };
    }
  }
  return { ok: true, value: { records, unreadable } };
}

/**
 * The certificate registry of a records folder; null when there is none (no one certified
 * yet) or it cannot be read: `loadRecords` reports a broken one.
 */
export async function loadRegistry(dir: string): Promise<CertificateRegistry | null> {
  const text = await readFile(join(dir, REGISTRY_FILE), "utf8").catch(() => null);
  if (text === null) return null;
  const parsed = parseRegistry(text, REGISTRY_FILE);
  return parsed.ok ? parsed.value : null;
}

/**
 * The current content of the dashboards in a checkout's records folder, keyed by their
 * repo path (`records/<name>`); missing files are left out.
 */
export async function readDashboards(
  recordsDir: string,
  paths: readonly string[],
): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const path of paths) {
    const text = await readFile(join(recordsDir, path.replace(/^records\//, "")), "utf8").catch(
      () => undefined,
    );
    if (text !== undefined) files[path] = text;
  }
  return files;
}
