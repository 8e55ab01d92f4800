import { describe, expect, it } from "vitest";
import { BODY_LIMIT, splitReport } from "../../src/github/discussions.js";

describe("splitReport", () => {
  it("keeps a report under the limit in one part", () => {
    expect(splitReport("# Report\n\n## A\ntext\n")).toEqual(["# Report\n\n## A\ntext\n"]);
  });

  it("splits at section headings, every part within GitHub's 65,536 characters, losing nothing", () => {
    const section = (name: string) => `## ${name}\n${"row | row | row\n".repeat(2500)}`;
    const report = `# Report\n\n${section("A")}${section("B")}${section("C")}`;
    expect(report.length).toBeGreaterThan(BODY_LIMIT);
    const parts = splitReport(report);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) expect(part.length).toBeLessThanOrEqual(BODY_LIMIT);
    expect(parts.join("")).toBe(report);
    expect(parts[1]?.startsWith("## ")).toBe(true);
  });

  it("cuts a single section longer than the limit", () => {
    const huge = `## Huge\n${"x".repeat(BODY_LIMIT * 2)}`;
    const parts = splitReport(huge);
    expect(parts.every((part) => part.length <= BODY_LIMIT)).toBe(true);
    expect(parts.join("")).toBe(huge);
  });
});
