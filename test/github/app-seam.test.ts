/**
 * Handlers decide, src/github/ does: no file under src/app/ reaches into Octokit's
 * endpoints itself; it hands the Octokit to a function of src/github/.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const APP_DIR = join(root, "src/app");

/** `octokit.rest`, `octokit?.graphql`, `octokit .paginate(`, `octokit.request`, `octokit["rest"]`. */
const DIRECT_CALL = /\boctokit\s*(?:\?\.|\.)\s*(?:rest|graphql|paginate|request)\b|\boctokit\s*\[/g;

/** Each direct call in `text`, as `<file>:<line>: <the call>` (spread over lines or not). */
function directCalls(file: string, text: string): string[] {
  return [...text.matchAll(DIRECT_CALL)].map((match) => {
    const line = text.slice(0, match.index).split("\n").length;
    return `${file}:${line}: ${match[0].replace(/\s+/g, "")}`;
  });
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

describe("the src/app / src/github seam", () => {
  it("finds a direct call however it is written", () => {
    expect(directCalls("x.ts", "await context.octokit.rest.issues.get(issue);")).toHaveLength(1);
    expect(directCalls("x.ts", "octokit.paginate(list, {})")).toHaveLength(1);
    expect(directCalls("x.ts", "const data = await context.octokit.graphql(query);")).toHaveLength(
      1,
    );
    expect(directCalls("x.ts", 'octokit.request("GET /app")')).toHaveLength(1);
    expect(directCalls("x.ts", "const a = 1;\nreposApi(context.octokit\n  .rest.repos)")).toEqual([
      "x.ts:2: octokit.rest",
    ]);
    expect(directCalls("x.ts", 'context.octokit["rest"]')).toHaveLength(1);
    expect(directCalls("x.ts", "listPullFiles(context.octokit, context.repo(), 1)")).toEqual([]);
  });

  it("leaves every GitHub call of src/app/ to src/github/", () => {
    const files = sourceFiles(APP_DIR);
    expect(files.length).toBeGreaterThan(10);
    const calls = files.flatMap((file) =>
      directCalls(relative(root, file), readFileSync(file, "utf8")),
    );
    // A call found here belongs in a function of src/github/ that takes the Octokit.
    expect(calls).toEqual([]);
  });
});
