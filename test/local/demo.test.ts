import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { runDemo } from "../../src/local/demo.js";
import { brokenLinks, linksOf } from "../support/links.js";

describe("the demo", () => {
  const folder = mkdtempSync(join(tmpdir(), "c7-demo-"));
  let stdout = "";
  let code = -1;

  beforeAll(async () => {
    code = await runDemo(folder, {
      stdout: { write: (chunk: string) => (stdout += chunk) },
      stderr: { write: (chunk: string) => process.stderr.write(chunk) },
      stdin: Readable.from([]),
      cwd: process.cwd(),
    });
  }, 60_000);

  it("starts with who needs attention, most urgent first, then where the dashboards are", () => {
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toMatch(/^Context7 training on 2026-12-04 \(Europe\/Berlin\)/);
    const attention = lines.slice(
      lines.indexOf("Needs attention, most urgent first:") + 1,
      lines.indexOf("Needs attention, most urgent first:") + 4,
    );
    expect(attention.map((line) => line.trim().split(/\s+/)[1])).toEqual(["dave", "carol", "bob"]);
    expect(stdout.indexOf("Needs attention")).toBeLessThan(stdout.indexOf("Dashboards"));
    expect(stdout).toContain(`file://${join(folder, "records", "README.md")}`);
  });

  it("writes dashboards whose links between them all resolve", () => {
    const pages = readdirSync(join(folder, "records")).filter((name) => name.endsWith(".md"));
    expect(pages).toContain("README.md");
    expect(pages).toContain("dave.md");
    for (const page of pages) expect(brokenLinks(folder, `records/${page}`), page).toEqual([]);
    expect(linksOf(readFileSync(join(folder, "records", "README.md"), "utf8"))).toContain(
      "./dave.md",
    );
    expect(linksOf(readFileSync(join(folder, "records", "dave.md"), "utf8"))).toContain(
      "./README.md",
    );
  });
});
