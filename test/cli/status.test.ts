import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ProgramStatus } from "../../src/core/status.js";
import { runCli } from "../support/cli.js";

const SAMPLE = [
  "--config",
  "test/fixtures/sample-team/config.yml",
  "--records",
  "test/fixtures/sample-team/records",
];
// Tuesday of week 2, 10:00 in Berlin: Day 9 for the first four developers.
const NOW = "2026-12-01T09:00:00Z";

async function sampleStatus(now = NOW): Promise<ProgramStatus> {
  const result = await runCli(["status", ...SAMPLE, "--now", now, "--json"]);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as ProgramStatus;
}

describe("status on the sample team", () => {
  it("gives what the rules say for each developer", async () => {
    const status = await sampleStatus();
    const byLogin = Object.fromEntries(
      status.developers.map((developer) => [developer.login, developer]),
    );
    expect(status).toMatchObject({
      now: "2026-12-01T09:00:00.000Z",
      today: "2026-12-01",
      timezone: "Europe/Berlin",
    });

    // alice used Context7 every workday, passed three exercises and cited it in three reviews.
    expect(byLogin.alice).toMatchObject({
      day: 9,
      status: "green",
      knowledgeScore: 92,
      exercisesCompleted: 3,
      exercisesRequired: 3,
      realWorldApplications: 1,
      reviewsWithContext7: 3,
      discoveriesShared: 1,
      usageWorkdays: 7,
      consistency: 1,
      longestStreak: 7,
      idleWorkdays: 0,
      lastUsage: "2026-12-01",
      certificationId: null,
      // The sample's usage was recorded before kinds were kept.
      usageByKind: { "docs-query": 0, trailer: 0, unclassified: 7 },
    });
    expect(byLogin.alice?.gates).toEqual({
      knowledge: {
        state: "passed",
        deadline: "2026-11-25",
        passedOn: "2026-11-24",
        late: false,
        missing: [],
      },
      // backend-2 was merged before its approval: it passed with the approval, on 11-26.
      practical: {
        state: "passed",
        deadline: "2026-11-29",
        passedOn: "2026-11-27",
        late: false,
        missing: [],
      },
      // The third review citing Context7 came on Monday 11-30.
      integration: {
        state: "passed",
        deadline: "2026-12-06",
        passedOn: "2026-11-30",
        late: false,
        missing: [],
      },
      certification: expect.objectContaining({
        state: "pending",
        deadline: "2026-12-06",
        passedOn: null,
      }),
    });

    // bob's last usage was Thursday: Friday and Monday are two idle workdays.
    expect(byLogin.bob).toMatchObject({
      status: "yellow",
      idleWorkdays: 2,
      consistency: 0.667,
      usageWorkdays: 4,
    });
    expect(byLogin.bob?.gates.practical).toMatchObject({ state: "passed", passedOn: "2026-11-26" });

    // carol's knowledge check (80) missed Day 3; her leave (Thu, Fri) moved Day 7 to Tuesday.
    expect(byLogin.carol).toMatchObject({
      status: "red",
      leaveDays: ["2026-11-26", "2026-11-27"],
      idleWorkdays: 0,
      consistency: 1,
      exercisesCompleted: 2,
    });
    expect(byLogin.carol?.gates.knowledge).toMatchObject({
      state: "failed",
      deadline: "2026-11-25",
    });
    expect(byLogin.carol?.gates.practical).toMatchObject({
      state: "pending",
      deadline: "2026-12-01",
    });
    expect(byLogin.carol?.reasons).toEqual([
      "Gate 1 (Knowledge Foundation) failed: not passed by 2026-11-25",
    ]);

    // dave failed backend-1 twice; his 23:30 UTC commit on Tuesday counts for Wednesday.
    expect(byLogin.dave).toMatchObject({
      status: "critical",
      retestExhausted: ["backend-1"],
      lastUsage: "2026-11-25",
      idleWorkdays: 3,
    });
    expect(byLogin.dave?.gates.practical.state).toBe("failed");

    expect(byLogin.erin).toMatchObject({
      day: -5,
      started: false,
      status: "green",
      usageByKind: null,
    });

    // Adoption over Tue 11-24 .. Mon 11-30: alice 5/5, bob 3/5, carol 3/3 (leave), dave 2/5.
    expect(status.team).toMatchObject({
      size: 4,
      certified: 0,
      completionRate: 0,
      averageKnowledgeScore: 87.5,
      adoptionRate: 0.75,
      adoptionBelowThreshold: true,
      statusCounts: { green: 1, yellow: 1, red: 1, critical: 1 },
    });
  });

  it("prints a readable summary without --json", async () => {
    const result = await runCli(["status", ...SAMPLE, "--now", NOW]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Context7 training status on 2026-12-01 (Europe/Berlin)");
    expect(result.stdout).toMatch(/🚨 dave .* critical — .*retest used up for backend-1/);
    expect(result.stdout).toMatch(/erin .* starts 2026-12-07/);
  });

  it("prints the team dashboard with --markdown", async () => {
    const result = await runCli(["status", ...SAMPLE, "--now", NOW, "--markdown"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("alice");
    expect(result.stdout).toContain("|");
  });

  it("runs as the installed bin, as npx does", () => {
    const stdout = execFileSync(
      process.execPath,
      ["bin/context7-training.js", "status", ...SAMPLE, "--now", NOW, "--json"],
      {
        encoding: "utf8",
      },
    );
    expect((JSON.parse(stdout) as ProgramStatus).team.size).toBe(4);
  });
});

describe("bad input", () => {
  it("exits 1 with a message naming the file, the place and the fix", async () => {
    const result = await runCli([
      "status",
      "--config",
      "test/fixtures/bad/config.yml",
      "--records",
      "test/fixtures/sample-team/records",
    ]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("test/fixtures/bad/config.yml:3: roster[0].role: is required");
    expect(result.stderr).toContain(
      'test/fixtures/bad/config.yml:4: roster[0].rol: unknown key "rol": did you mean "role"?',
    );
    expect(result.stderr).toContain(
      "test/fixtures/bad/config.yml:7: reports.weekday: must be one of",
    );
    expect(result.stderr).toMatch(/3 problems found; nothing was written\.\n$/);
  });

  it("exits 1 on a malformed record, naming it", async () => {
    const result = await runCli([
      "status",
      "--config",
      "test/fixtures/sample-team/config.yml",
      "--records",
      "test/fixtures/bad/records",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /test\/fixtures\/bad\/records\/mallory\.yml:\d+: is not valid YAML/,
    );
  });

  it("exits 1 on a missing config, a missing records folder, a bad --now and unknown options", async () => {
    const missing = await runCli(["status", "--config", "nope.yml", "--records", "nowhere"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nope.yml: cannot be read (ENOENT); pass --config");
    expect(missing.stderr).toContain("nowhere: does not exist; pass --records");
    const badNow = await runCli(["status", ...SAMPLE, "--now", "next tuesday"]);
    expect(badNow).toMatchObject({ code: 1, stdout: "" });
    expect(badNow.stderr).toContain('--now "next tuesday" is not an ISO-8601 date or time');
    const unknown = await runCli(["status", ...SAMPLE, "--colour"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("usage: context7-training status");
    const noConfig = await runCli(["status", "--records", "x"]);
    expect(noConfig.stderr).toContain("--config is required");
  });

  it("exits 1 on an unknown command and shows the commands", async () => {
    const result = await runCli(["certify"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('unknown command "certify"');
    expect(result.stderr).toContain("validate");
  });
});

describe("validate", () => {
  it("accepts the sample team and notes nothing wrong", async () => {
    const result = await runCli(["validate", ...SAMPLE]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toContain("config is valid: 5 developers, 1 managers");
    expect(result.stdout).toContain("records are valid: 4 files");
  });

  it("lists every problem of config and records together", async () => {
    const result = await runCli([
      "validate",
      "--config",
      "test/fixtures/bad/config.yml",
      "--records",
      "test/fixtures/bad/records",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/4 problems found/);
  });

  it("checks the certificate registry beside the records", async () => {
    const records = mkdtempSync(join(tmpdir(), "c7-registry-"));
    writeFileSync(
      join(records, "certifications.json"),
      '{"version":1,"certificates":[{"id":"C7"}]}',
    );
    const result = await runCli([
      "validate",
      "--config",
      "test/fixtures/sample-team/config.yml",
      "--records",
      records,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("certifications.json");
    expect(result.stderr).toContain("certificates[0].id: must be CONTEXT7-<year>-<NNNN>");
  });
});
