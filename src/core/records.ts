/**
 * `records/<login>.yml`: one developer's evidence. Serialising is deterministic (stable key
 * order, evidence sorted by time then id) so the App's commits have small diffs, and merging
 * is a set union keyed by evidence id: idempotent, commutative and associative.
 */
import { type DeveloperRecord, type Evidence, RECORD_VERSION, recordSchema } from "./evidence.js";
import { type Parsed, type Problem, problemsFromZod } from "./problems.js";
import { dumpYaml, parseYaml } from "./yaml.js";
import { locateLine } from "./yaml-locate.js";

export const RECORDS_DIR = "records";

export function recordPath(login: string): string {
  return `${RECORDS_DIR}/${login.toLowerCase()}.yml`;
}

export function emptyRecord(login: string): DeveloperRecord {
  return { version: RECORD_VERSION, login, evidence: [] };
}

const HEADER =
  "# Context7 training evidence, written by the context7-training App. Facts only:\n" +
  "# statuses are computed from these. Format: records/README.md\n";

/** Orders an item's keys: id, kind, at, then the rest alphabetically. */
function canonicalEvidence(item: Evidence): Evidence {
  const { id, kind, at, ...rest } = item;
  const ordered: Record<string, unknown> = { id, kind, at };
  for (const key of Object.keys(rest).sort()) {
    const value = (rest as Record<string, unknown>)[key];
    if (value !== undefined) ordered[key] = canonicalValue(value);
  }
  return ordered as Evidence;
}

function canonicalValue(value: unknown): unknown {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, (value as Record<string, unknown>)[key]]),
  );
}

function compareEvidence(a: Evidence, b: Evidence): number {
  const byTime = Date.parse(a.at) - Date.parse(b.at);
  if (byTime !== 0) return byTime;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export function serializeRecord(record: DeveloperRecord): string {
  const evidence = [...record.evidence].sort(compareEvidence).map(canonicalEvidence);
  return HEADER + dumpYaml({ version: record.version, login: record.login, evidence });
}

/**
 * The union of two sets of evidence by id. Two items with one id are the same fact seen
 * twice; should they differ, the one with the smaller canonical JSON is kept, so the result
 * never depends on the order of merging.
 */
export function mergeEvidence(a: readonly Evidence[], b: readonly Evidence[]): Evidence[] {
  const byId = new Map<string, { item: Evidence; key: string }>();
  for (const item of [...a, ...b]) {
    const key = JSON.stringify(canonicalEvidence(item));
    const existing = byId.get(item.id);
    if (existing === undefined || key < existing.key) byId.set(item.id, { item, key });
  }
  return [...byId.values()].map((entry) => entry.item).sort(compareEvidence);
}

export function mergeRecords(a: DeveloperRecord, b: DeveloperRecord): DeveloperRecord {
  return {
    version: RECORD_VERSION,
    login: a.login,
    evidence: mergeEvidence(a.evidence, b.evidence),
  };
}

/** Adds items to a record; `added` lists those whose id was not there yet. */
export function addEvidence(
  record: DeveloperRecord,
  items: readonly Evidence[],
): { record: DeveloperRecord; added: Evidence[] } {
  const known = new Set(record.evidence.map((item) => item.id));
  const added = items.filter((item) => !known.has(item.id));
  return { record: mergeRecords(record, { ...record, evidence: [...items] }), added };
}

/** Parses a record file. The file name must match the login inside it. */
export function parseRecord(text: string, file: string): Parsed<DeveloperRecord> {
  const loaded = parseYaml(text, file);
  if (!loaded.ok) return loaded;
  const result = recordSchema.safeParse(loaded.value);
  if (!result.success) {
    return {
      ok: false,
      problems: problemsFromZod(result.error, recordSchema, { file, text, value: loaded.value }),
    };
  }
  const record = result.data;
  const problems: Problem[] = [];
  const expectedName = `${record.login.toLowerCase()}.yml`;
  if (!file.endsWith(`/${expectedName}`) && file !== expectedName) {
    problems.push({
      file,
      path: "login",
      line: locateLine(text, ["login"]),
      message: `is "${record.login}", but the file is not named ${expectedName}; rename the file or fix the login`,
    });
  }
  const seen = new Set<string>();
  record.evidence.forEach((item, index) => {
    if (seen.has(item.id)) {
      problems.push({
        file,
        path: `evidence[${index}].id`,
        line: locateLine(text, ["evidence", index, "id"]),
        message: `"${item.id}" appears twice; each fact is recorded once, remove the copy`,
      });
    }
    seen.add(item.id);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: record };
}
