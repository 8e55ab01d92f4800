/**
 * Problems with user input (config, records, command arguments): what is wrong, where, and
 * how to fix it. Every parser in the core reports all its problems at once with this type.
 */
import type { z } from "zod";
import { locateLine } from "./yaml-locate.js";

export interface Problem {
  file: string;
  /** Dotted path into the document, such as `roster[2].start`; empty for the whole file. */
  path: string;
  /** 1-based line in the file when it could be located. */
  line?: number;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: Problem[] };

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? String(segment) : `.${String(segment)}`;
  }
  return out;
}

export function formatProblem(problem: Problem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}`;
  return problem.path === ""
    ? `${where}: ${problem.message}`
    : `${where}: ${problem.path}: ${problem.message}`;
}

/** Turns zod issues into problems, with the line they are on and a suggestion for typos. */
export function problemsFromZod(
  error: z.ZodError,
  schema: z.ZodType,
  source: { file: string; text: string; value: unknown },
): Problem[] {
  const { file, text, value } = source;
  const problems: Problem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const allowed = allowedKeysAt(schema, path);
      for (const key of issue.keys) {
        problems.push({
          file,
          path: formatPath([...path, key]),
          line: locateLine(text, [...path, key]),
          message: unknownKeyMessage(key, allowed),
        });
      }
      continue;
    }
    problems.push({
      file,
      path: formatPath(path),
      line: locateLine(text, path),
      message: isMissing(value, path) ? "is required" : issueMessage(issue, valueAt(value, path)),
    });
  }
  return problems;
}

/** Whether the document lacks the key at `path` (its parent exists, the key does not). */
function isMissing(value: unknown, path: readonly (string | number)[]): boolean {
  if (path.length === 0) return false;
  let node = value;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<string | number, unknown>)[segment];
  }
  const last = path[path.length - 1] as string | number;
  return node !== null && typeof node === "object" && !Object.hasOwn(node, last);
}

function valueAt(value: unknown, path: readonly (string | number)[]): unknown {
  let node = value;
  for (const segment of path) {
    if (node === null || typeof node !== "object") return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

function issueMessage(issue: z.core.$ZodIssue, found: unknown): string {
  if (issue.code === "invalid_value") {
    return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  if (issue.code === "invalid_type") {
    const wanted = EXPECTED[issue.expected];
    if (wanted !== undefined) return `must be ${wanted}, not ${describeValue(found)}`;
  }
  return issue.message;
}

/** What a YAML author writes for each type zod expects. */
const EXPECTED: Record<string, string> = {
  array: "a list (`[a, b]`, or one `- item` per line)",
  object: "a mapping (`key: value` lines, or `{ key: value }`)",
  number: "a number, written without quotes",
  int: "a whole number, written without quotes",
  boolean: "`true` or `false`, without quotes",
  string: 'text (put it in quotes when YAML reads it as something else, e.g. "42")',
};

function describeValue(found: unknown): string {
  if (found === null || found === undefined) return "an empty value";
  if (Array.isArray(found)) return "a list";
  if (typeof found === "object") return "a mapping";
  if (typeof found === "string") {
    const shown = found.length > 40 ? `${found.slice(0, 39)}…` : found;
    return `the text ${JSON.stringify(shown)}`;
  }
  return `the ${typeof found} ${String(found)}`;
}

function unknownKeyMessage(key: string, allowed: string[] | undefined): string {
  if (allowed === undefined) return `unknown key "${key}": remove it`;
  const suggestion = closest(key, allowed);
  const hint = suggestion === undefined ? "" : `did you mean "${suggestion}"? `;
  return `unknown key "${key}": ${hint}allowed keys here are ${allowed.join(", ")}`;
}

type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (;;) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.innerType !== undefined && def.type !== "object") current = def.innerType as AnySchema;
    else if (def.type === "pipe") current = def.in as AnySchema;
    else return current;
  }
}

function allowedKeysAt(
  schema: AnySchema,
  path: readonly (string | number)[],
): string[] | undefined {
  let current = unwrap(schema);
  for (const segment of path) {
    const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
    if (def.type === "object") {
      const next = (def.shape as Record<string, AnySchema>)[segment as string];
      if (next === undefined) return undefined;
      current = unwrap(next);
    } else if (def.type === "array") {
      current = unwrap(def.element as AnySchema);
    } else {
      return undefined;
    }
  }
  const def = current._zod.def as unknown as Record<string, unknown> & { type: string };
  return def.type === "object"
    ? Object.keys(def.shape as object).filter((key) => !key.startsWith("$"))
    : undefined;
}

function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/** Parses JSON text; invalid JSON is one problem for the whole file, ending with `fix`. */
export function parseJson(text: string, file: string, fix: string): Parsed<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = (error as Error).message;
    return {
      ok: false,
      problems: [{ file, path: "", message: `is not valid JSON (${reason}); ${fix}` }],
    };
  }
}
