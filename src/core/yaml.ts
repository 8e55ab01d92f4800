/**
 * YAML in and out. Loading uses the core schema (dates stay strings, no custom tags) and
 * refuses documents that reuse a node through aliases, which is how "billion laughs"
 * documents explode when walked.
 */
import yaml from "js-yaml";
import type { Parsed } from "./problems.js";

export function parseYaml(text: string, file: string): Parsed<unknown> {
  let value: unknown;
  try {
    value = yaml.load(text, { schema: yaml.CORE_SCHEMA, filename: file, json: false });
  } catch (error) {
    if (error instanceof yaml.YAMLException) {
      return {
        ok: false,
        problems: [
          {
            file,
            path: "",
            line: error.mark ? error.mark.line + 1 : undefined,
            message: `is not valid YAML: ${error.reason}; fix the syntax at that line`,
          },
        ],
      };
    }
    throw error;
  }
  if (sharesNodes(value)) {
    return {
      ok: false,
      problems: [
        {
          file,
          path: "",
          line: firstAliasLine(text),
          message:
            "uses YAML aliases (*name) to repeat content, which could blow up when read (a billion laughs); write the values out instead",
        },
      ],
    };
  }
  return { ok: true, value };
}

/** The line of the first `*name` that refers to an anchor `&name` of the text, if found. */
function firstAliasLine(text: string): number | undefined {
  const anchors = new Set([...text.matchAll(/&([^\s,[\]{}]+)/g)].map((match) => match[1]));
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) =>
    [...line.matchAll(/\*([^\s,[\]{}]+)/g)].some((match) => anchors.has(match[1])),
  );
  return index === -1 ? undefined : index + 1;
}

/** Whether the object graph reaches some object twice (only aliases can do that). */
function sharesNodes(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const child of Object.values(node)) stack.push(child);
  }
  return false;
}

export function dumpYaml(value: unknown): string {
  return yaml.dump(value, {
    schema: yaml.CORE_SCHEMA,
    lineWidth: -1,
    noRefs: true,
    sortKeys: false,
  });
}
