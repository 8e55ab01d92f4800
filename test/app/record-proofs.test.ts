/** The App signs the facts it writes, and its decisions count only the facts it signed. */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import {
  parseRecordsKeyring,
  proofProblem,
  type RecordsKeyring,
  signFact,
} from "../../src/core/proof.js";
import { serializeRecord } from "../../src/core/records.js";
import { readyForCertification, record } from "../support/builders.js";
import { type Harness, SAMPLE_CONFIG, startHarness } from "../support/offline.js";
import { issueCommentEvent } from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const KEY = `k1:${"k".repeat(40)}`;
const parsed = parseRecordsKeyring(KEY, "test");
const keyring = (parsed.ok ? parsed.keyring : null) as RecordsKeyring;
let harness: Harness | null = null;

afterEach(async () => {
  if (harness === null) return;
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
  harness = null;
});

const certify = (commentId: number) =>
  issueCommentEvent({
    author: "dev-manager",
    repo: TRAINING,
    body: "/context7 certify @alice",
    at: "2026-12-04T15:00:00Z",
    commentId,
  });

function seed(dir: string, evidence: Evidence[]) {
  writeFileSync(join(dir, "alice.yml"), serializeRecord(record("alice", evidence)));
}

describe("the App with CONTEXT7_RECORDS_KEY", () => {
  const ready = readyForCertification(["backend-1", "backend-2", "backend-3"], 7);

  it("certifies from signed facts, and signs the certification it records", async () => {
    harness = await startHarness(SAMPLE_CONFIG, TRAINING, { CONTEXT7_RECORDS_KEY: KEY });
    seed(
      harness.dir,
      ready.map((fact) => signFact(keyring, "alice", fact)),
    );
    await harness.receive(certify(1));
    const certification = harness.record("alice")?.evidence.find((e) => e.kind === "certification");
    expect(certification).toMatchObject({ certificationId: "CONTEXT7-2026-0001" });
    expect(proofProblem(keyring, "alice", certification as Evidence)).toBeNull();
  });

  it("does not certify from facts edited into the record by hand", async () => {
    harness = await startHarness(SAMPLE_CONFIG, TRAINING, { CONTEXT7_RECORDS_KEY: KEY });
    seed(harness.dir, ready);
    await harness.receive(certify(2));
    expect(harness.record("alice")?.evidence.some((e) => e.kind === "certification")).toBe(false);
    expect(existsSync(join(harness.dir, "certifications.json"))).toBe(false);
  });

  it("refuses to start with a malformed key, naming the variable, not the secret", async () => {
    await expect(
      startHarness(SAMPLE_CONFIG, TRAINING, { CONTEXT7_RECORDS_KEY: "k1:too-short-secret" }),
    ).rejects.toThrow(/CONTEXT7_RECORDS_KEY, entry 1 of 1 \(key id "k1"\): the secret is shorter/);
  });
});
