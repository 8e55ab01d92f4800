/** The Action reads every input it declares, through the one schema. */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { INPUT_NAMES, readInputs } from "../../action/run.js";

const actionYml = yaml.load(
  readFileSync(resolve(import.meta.dirname, "../../action/action.yml"), "utf8"),
) as { inputs: Record<string, { default?: string; required?: boolean }> };

describe("Action inputs", () => {
  it("declares in action.yml exactly the inputs the schema reads", () => {
    expect(Object.keys(actionYml.inputs).sort()).toEqual([...INPUT_NAMES].sort());
  });

  it("defaults the token to the workflow's own token", () => {
    expect(actionYml.inputs.token).toMatchObject({ required: false });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression.
    expect(actionYml.inputs.token?.default).toBe("${{ github.token }}");
  });

  it("reads every declared input, kpi-facts included", () => {
    const asked: string[] = [];
    const values: Record<string, string> = { token: "t", "kpi-facts": "false", "dry-run": "true" };
    const parsed = readInputs((name) => {
      asked.push(name);
      return values[name] ?? "";
    });
    expect(asked.sort()).toEqual([...INPUT_NAMES].sort());
    expect(parsed.success && parsed.data["kpi-facts"]).toBe(false);
    expect(parsed.success && parsed.data["dry-run"]).toBe(true);
  });

  it("takes the schema's defaults for inputs left empty, and says what to do without a token", () => {
    const parsed = readInputs((name) => (name === "token" ? "t" : ""));
    expect(parsed.success && parsed.data).toMatchObject({
      "kpi-facts": true,
      "dry-run": false,
      records: "records",
    });
    const missing = readInputs(() => "");
    expect(missing.success).toBe(false);
    expect(missing.error?.issues[0]?.message).toMatch(/github\.token/);
  });

  it("reads now strictly, like the CLI's --now", () => {
    const read = (now: string) =>
      readInputs((name) => (name === "token" ? "t" : name === "now" ? now : ""));
    expect(read("").data?.now).toEqual({ kind: "current" });
    const instant = read("2026-12-01T10:00:00+01:00");
    expect(instant.success && instant.data.now).toEqual({
      kind: "instant",
      ms: Date.parse("2026-12-01T09:00:00Z"),
    });
    expect(read("2026-12-01").data?.now).toMatchObject({
      kind: "wall-clock",
    });
    const impossible = read("2026-02-30");
    expect(impossible.success).toBe(false);
    expect(impossible.error?.issues[0]?.message).toMatch(/does not exist/);
  });
});
