import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { inputsSchema } from "../../action/run.js";
import type { Evidence } from "../../src/core/evidence.js";
import { parseRecordsKeyring, type RecordsKeyring, signFact } from "../../src/core/proof.js";
import { serializeRecord } from "../../src/core/records.js";
import type { ProgramStatus } from "../../src/core/status.js";
import { runIn, trainingCheckout } from "../support/action-run.js";
import { knowledge, record, usageOn } from "../support/builders.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/context7-training";
const CONFIG = `trainingRepo: acme/context7-training
roster:
  - { login: alice, role: backend, start: 2026-11-23 }
  - { login: bob, role: backend, start: 2026-11-23 }
managers: [dev-manager]
escalation:
  - { level: 1, title: Training Coordinator, assignees: [dev-manager] }
thresholds: { adoptionRate: 0 }
trackerIssues: false
`;
const NOW = "2026-11-24T06:00:00Z";
const KEY = `k1:${"r".repeat(40)}`;
const parsedKey = parseRecordsKeyring(KEY, "test");
const keyring = (parsedKey.ok ? parsedKey.keyring : null) as RecordsKeyring;

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

function checkout(files: Record<string, Evidence[]>): string {
  return trainingCheckout(
    CONFIG,
    Object.fromEntries(
      Object.entries(files).map(([login, evidence]) => [
        `records/${login}.yml`,
        serializeRecord(record(login, evidence)),
      ]),
    ),
  );
}

/** A dry run: the issues and the audit's commits are read, nothing is written. */
async function dryRun(cwd: string, key?: string, reads = true) {
  if (reads) {
    nock(API)
      .get(`${REPO}/issues`)
      .query({ state: "open", labels: "context7-training", per_page: "100" })
      .reply(200, []);
    nock(API).get(`${REPO}/commits`).query(true).reply(200, []);
  } else {
    nock(API).get(`${REPO}/issues`).query(true).reply(200, []);
  }
  const { result, log } = await runIn(cwd, {
    now: NOW,
    "dry-run": "true",
    ...(key === undefined ? {} : { "records-key": key }),
  });
  const file = (path: string) => result.plan?.files.find((f) => f.path === path)?.content ?? "";
  const status = JSON.parse(file("records/dashboard.json") || "{}") as Omit<ProgramStatus, "now">;
  return { result, log, dashboard: file("records/README.md"), status };
}

describe("the scheduled run with records-key", () => {
  const usage = usageOn("2026-11-23").map((fact) => signFact(keyring, "alice", fact));
  const forged = knowledge("2026-11-23", 92);
  const bobs = signFact(keyring, "bob", knowledge("2026-11-23", 95));
  const edited = { ...signFact(keyring, "alice", knowledge("2026-11-23", 60)), score: 90 };

  it("leaves forged, copied and edited facts out of every status, and lists each as rejected", async () => {
    const cwd = checkout({ alice: [...usage, forged, bobs, edited], bob: [bobs] });
    const { result, dashboard, status, log } = await dryRun(cwd, KEY);
    expect(result.ok).toBe(true);
    const alice = status.developers.find((d) => d.login === "alice");
    expect(alice?.knowledgeScore).toBeNull();
    expect(alice?.usageEvents).toBe(1);
    expect(status.developers.find((d) => d.login === "bob")?.knowledgeScore).toBe(95);
    expect(status.records?.mode).toBe("verified");
    expect(status.records?.rejected.map((fact) => fact.id).sort()).toEqual(
      [forged.id, bobs.id, edited.id].sort(),
    );
    expect(dashboard).toContain("## Records");
    expect(dashboard).toContain("3 facts do");
    expect(dashboard).toMatch(
      new RegExp(`\\| records/alice\\.yml \\| ${forged.id} \\| knowledge-score \\| no proof`),
    );
    expect(dashboard).not.toContain("not verified");
    expect(result.recordEdits?.action).toBe("open");
    expect(result.recordEdits?.rejected).toHaveLength(3);
    expect(result.recordEdits?.body).toContain("### Facts that do not count");
    expect(result.recordEdits?.body).toContain(edited.id);
    expect(log).toContain("3 facts rejected");
  });

  it("counts the App's signed facts and rejects nothing when no one edited a record", async () => {
    const cwd = checkout({
      alice: [...usage, signFact(keyring, "alice", knowledge("2026-11-23", 92))],
    });
    const { status, dashboard, result } = await dryRun(cwd, KEY);
    expect(status.developers.find((d) => d.login === "alice")?.gates.knowledge.state).toBe(
      "passed",
    );
    expect(status.records).toEqual({ mode: "verified", rejected: [] });
    expect(dashboard).not.toContain("## Records");
    expect(result.recordEdits).toBeNull();
  });

  it("refuses a malformed key before doing anything, without echoing it", () => {
    const parsed = inputsSchema.safeParse({ token: "t", "records-key": "k1:tooshort" });
    expect(parsed.success).toBe(false);
    const message = parsed.error?.issues[0]?.message ?? "";
    expect(message).toMatch(
      /records-key input, entry 1 of 1 \(key id "k1"\): the secret is shorter/,
    );
    expect(message).not.toContain("tooshort");
  });
});

describe("the scheduled run without records-key", () => {
  it("stops, writing nothing, when the records hold signed facts it cannot check", async () => {
    const cwd = checkout({ alice: [signFact(keyring, "alice", knowledge("2026-11-23", 92))] });
    const { result, log } = await dryRun(cwd, undefined, false);
    expect(result.ok).toBe(false);
    expect(result.plan).toBeNull();
    expect(log).toContain("alice.yml hold facts signed by the App, but the Action has no key");
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the workflow expression users write.
    expect(log).toContain("records-key: ${{ secrets.CONTEXT7_RECORDS_KEY }}");
  });

  it("runs unsigned, counting every fact, with a warning on the dashboard and in the log", async () => {
    const cwd = checkout({ alice: [...usageOn("2026-11-23"), knowledge("2026-11-23", 92)] });
    const { result, status, dashboard, log } = await dryRun(cwd);
    expect(result.ok).toBe(true);
    expect(status.developers.find((d) => d.login === "alice")?.knowledgeScore).toBe(92);
    expect(status.records).toEqual({ mode: "unsigned", rejected: [] });
    expect(dashboard).toContain("⚠️ **Records are not verified.**");
    expect(log).toContain("warning: no records-key input");
  });
});
