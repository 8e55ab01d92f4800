/** The CLI checks facts like the scheduled run: with the records key, only the App's count. */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseRecordsKeyring, signFact } from "../../src/core/proof.js";
import { parseRecord, serializeRecord } from "../../src/core/records.js";
import { runCli } from "../support/cli.js";

const KEY = `k1:${"s".repeat(40)}`;
const NOW = "2026-12-01T09:00:00Z";

function sampleCopy(): string {
  const records = join(mkdtempSync(join(tmpdir(), "c7-cli-proofs-")), "records");
  cpSync("test/fixtures/sample-team/records", records, { recursive: true });
  return records;
}

function signAll(records: string, login: string): void {
  const keyring = parseRecordsKeyring(KEY, "test");
  if (!keyring.ok || keyring.keyring === null) throw new Error("bad test key");
  const file = join(records, `${login}.yml`);
  const parsed = parseRecord(readFileSync(file, "utf8"), file);
  if (!parsed.ok) throw new Error("bad fixture");
  const ring = keyring.keyring;
  const evidence = parsed.value.evidence.map((fact) => signFact(ring, login, fact));
  writeFileSync(file, serializeRecord({ ...parsed.value, evidence }));
}

async function statusOf(records: string) {
  const result = await runCli([
    "status",
    "--config",
    "test/fixtures/sample-team/config.yml",
    "--records",
    records,
    "--now",
    NOW,
    "--json",
  ]);
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as {
    developers: { login: string; knowledgeScore: number | null }[];
    records: { mode: string; rejected: { file: string; reason: string }[] };
  };
}

describe("the CLI with CONTEXT7_RECORDS_KEY", () => {
  const saved = process.env.CONTEXT7_RECORDS_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.CONTEXT7_RECORDS_KEY;
    else process.env.CONTEXT7_RECORDS_KEY = saved;
  });

  it("without the key counts every fact and says the records are unsigned", async () => {
    delete process.env.CONTEXT7_RECORDS_KEY;
    const status = await statusOf(sampleCopy());
    expect(status.records).toEqual({ mode: "unsigned", rejected: [] });
    expect(status.developers.find((d) => d.login === "alice")?.knowledgeScore).toBe(92);
  });

  it("with the key counts only signed facts and lists the others as rejected", async () => {
    process.env.CONTEXT7_RECORDS_KEY = KEY;
    const records = sampleCopy();
    signAll(records, "alice");
    const status = await statusOf(records);
    expect(status.records.mode).toBe("verified");
    expect(status.developers.find((d) => d.login === "alice")?.knowledgeScore).toBe(92);
    expect(status.developers.find((d) => d.login === "bob")?.knowledgeScore).toBeNull();
    expect(status.records.rejected.some((fact) => fact.file === "records/alice.yml")).toBe(false);
    expect(status.records.rejected.some((fact) => fact.file === "records/bob.yml")).toBe(true);
    const validate = await runCli([
      "validate",
      "--config",
      "test/fixtures/sample-team/config.yml",
      "--records",
      records,
    ]);
    expect(validate.code).toBe(0);
    expect(validate.stdout).toMatch(
      /^rejected: records\/bob\.yml \S+ \S+: no proof: the App did not write it; it does not count$/m,
    );
  });

  it("plan lists the records audit issue the run would open for the facts that do not count", async () => {
    process.env.CONTEXT7_RECORDS_KEY = KEY;
    const records = sampleCopy();
    signAll(records, "alice");
    const args = ["--config", "test/fixtures/sample-team/config.yml", "--records", records];
    const result = await runCli(["plan", ...args, "--now", NOW, "--json"]);
    expect(result.code).toBe(0);
    const plan = JSON.parse(result.stdout) as {
      recordEdits: { action: string; title: string; commits: string[]; rejectedFacts: string[] };
      configProblem: unknown;
    };
    expect(plan.configProblem).toBeNull();
    expect(plan.recordEdits).toMatchObject({
      action: "open",
      title: "Context7 training: records edited by hand",
      commits: [],
    });
    expect(plan.recordEdits.rejectedFacts.length).toBeGreaterThan(0);
    expect(
      plan.recordEdits.rejectedFacts.every((key) => !key.startsWith("records/alice.yml#")),
    ).toBe(true);
    expect(plan.recordEdits.rejectedFacts.some((key) => key.startsWith("records/bob.yml#"))).toBe(
      true,
    );
    const words = await runCli(["plan", ...args, "--now", NOW]);
    expect(words.stdout).toContain(
      `records audit: open "Context7 training: records edited by hand" (0 commits, ${plan.recordEdits.rejectedFacts.length} facts that do not count)`,
    );
  });

  it("refuses a malformed key, naming the variable and never the secret", async () => {
    process.env.CONTEXT7_RECORDS_KEY = "k1:short-secret-value";
    const result = await runCli([
      "status",
      "--config",
      "test/fixtures/sample-team/config.yml",
      "--records",
      sampleCopy(),
      "--now",
      NOW,
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("CONTEXT7_RECORDS_KEY");
    expect(result.stderr).not.toContain("short-secret-value");
  });
});
