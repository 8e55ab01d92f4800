import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseNowFlag, resolveNow } from "../../src/cli/io.js";
import { COMMANDS } from "../../src/cli/main.js";
import { runCli } from "../support/cli.js";

const SAMPLE = [
  "--config",
  "test/fixtures/sample-team/config.yml",
  "--records",
  "test/fixtures/sample-team/records",
];

describe("--help and --version", () => {
  it.each(Object.keys(COMMANDS))(
    "%s --help prints its usage and exits 0 without running",
    async (name) => {
      const result = await runCli([name, "--help"]);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain(`Usage: context7-training ${name}`);
      expect(result.stderr).toBe("");
    },
  );

  it("-h after a command's flags is help too", async () => {
    const result = await runCli(["status", ...SAMPLE, "-h"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Usage: context7-training status");
  });

  it("--version prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync("package.json", "utf8")) as { version: string };
    const result = await runCli(["--version"]);
    expect(result).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });
});

describe("--now", () => {
  const savedTz = process.env.TZ;
  afterEach(() => {
    process.env.TZ = savedTz;
  });

  it.each([
    ["2026-02-30", "does not exist"],
    ["2026-02-29", "does not exist"],
    ["2026-13-01", "does not exist"],
    ["2026-12-01T24:00:00Z", "does not exist"],
    ["2026-12-01T09:60Z", "does not exist"],
    ["2026-12-01T09:00:00+15:00", "offset out of range"],
    ["2026-12-1", "not an ISO-8601"],
    ["Tue, 01 Dec 2026 09:00:00 GMT", "not an ISO-8601"],
    ["1733043600000", "not an ISO-8601"],
  ])("refuses %s", (value, reason) => {
    expect(() => parseNowFlag(value)).toThrow(reason);
  });

  it("accepts a leap day that exists", () => {
    expect(parseNowFlag("2028-02-29T12:00:00Z")).toEqual({
      kind: "instant",
      ms: Date.parse("2028-02-29T12:00:00Z"),
    });
  });

  it("reads an offset exactly", () => {
    const flag = parseNowFlag("2026-12-01T10:30:00+01:30");
    expect(resolveNow(flag, "Asia/Tokyo", 0)).toBe(Date.parse("2026-12-01T09:00:00Z"));
  });

  it("reads a time or date without offset in the programme's timezone, never the machine's", () => {
    for (const machine of ["Pacific/Kiritimati", "America/Los_Angeles", "UTC"]) {
      process.env.TZ = machine;
      expect(resolveNow(parseNowFlag("2026-12-01T09:00:00"), "Europe/Berlin", 0)).toBe(
        Date.parse("2026-12-01T08:00:00Z"),
      );
      expect(resolveNow(parseNowFlag("2026-07-01"), "Europe/Berlin", 0)).toBe(
        Date.parse("2026-06-30T22:00:00Z"),
      );
    }
  });

  it("without --now, the current time", () => {
    expect(resolveNow(parseNowFlag(undefined), "Europe/Berlin", 1234)).toBe(1234);
  });

  it("status refuses an impossible date with exit 1 and a message", async () => {
    const result = await runCli(["status", ...SAMPLE, "--now", "2026-02-30"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('--now "2026-02-30" names a date or time that does not exist');
  });

  it("status with a plain date is the start of that day where the programme runs", async () => {
    const plain = await runCli(["status", ...SAMPLE, "--now", "2026-12-02", "--json"]);
    const explicit = await runCli(["status", ...SAMPLE, "--now", "2026-12-01T23:00:00Z", "--json"]);
    expect(JSON.parse(plain.stdout)).toEqual(JSON.parse(explicit.stdout));
  });
});
