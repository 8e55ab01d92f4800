import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseRegistry } from "../../src/core/certificates.js";
import type { Evidence } from "../../src/core/evidence.js";
import { serializeRecord } from "../../src/core/records.js";
import { readyForCertification, record } from "../support/builders.js";
import { type Harness, replyText, startHarness } from "../support/offline.js";
import { issueCommentEvent } from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const AT = "2026-12-04T15:00:00Z";
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

function seed(login: string, evidence: Evidence[]) {
  writeFileSync(join(harness.dir, `${login}.yml`), serializeRecord(record(login, evidence)));
}

const certify = (login: string, commentId: number) =>
  issueCommentEvent({
    author: "dev-manager",
    repo: TRAINING,
    body: `/context7 certify @${login}`,
    at: AT,
    commentId,
  });

const replies = () =>
  harness.standIn.outbox
    .filter((request) => request.path.endsWith("/comments"))
    .map((request) => replyText((request.body as { body: string }).body));

const registry = () => {
  const parsed = parseRegistry(readFileSync(join(harness.dir, "certifications.json"), "utf8"));
  if (!parsed.ok) throw new Error("the registry is invalid");
  return parsed.value.certificates.map(({ id, login }) => ({ id, login }));
};

describe("/context7 certify through the App", () => {
  it("issues CONTEXT7-<year>-0001, records it, writes the credential and closes the confirmation", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7));
    await harness.receive(certify("alice", 1));
    expect(registry()).toEqual([{ id: "CONTEXT7-2026-0001", login: "alice" }]);
    const certification = harness.record("alice")?.evidence.find((e) => e.kind === "certification");
    expect(certification).toMatchObject({
      certificationId: "CONTEXT7-2026-0001",
      by: "dev-manager",
    });
    const credential = JSON.parse(readFileSync(join(harness.dir, "alice.credential.json"), "utf8"));
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.description).toMatch(/Unsigned/);
    expect(credential.proof).toBeUndefined();
    const [onConfirmation, certificate] = replies();
    expect(onConfirmation).toContain(
      "is certified: `CONTEXT7-2026-0001`, next review on 2027-03-04",
    );
    expect(certificate).toContain("**Certification ID**: `CONTEXT7-2026-0001`");
    expect(certificate).toContain("**Next review date**: 2027-03-04");
    const closed = harness.standIn.outbox.find((request) => request.method === "PATCH");
    expect(closed).toMatchObject({
      path: `/repos/${TRAINING}/issues/7`,
      body: { state: "closed", state_reason: "completed" },
    });
  });

  it("gives two developers certified at the same moment two numbers", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7));
    seed("bob", readyForCertification(["frontend-1", "frontend-2", "frontend-3"], 8));
    await Promise.all([harness.receive(certify("alice", 1)), harness.receive(certify("bob", 2))]);
    const ids = registry();
    expect(ids.map((entry) => entry.id).sort()).toEqual([
      "CONTEXT7-2026-0001",
      "CONTEXT7-2026-0002",
    ]);
    for (const { id, login } of ids) {
      expect(harness.record(login)?.evidence).toContainEqual(
        expect.objectContaining({ kind: "certification", certificationId: id }),
      );
    }
    // The registry write raced: one of them was answered 409 and took the next number.
    const registryWrites = harness.standIn.requests.filter(
      (request) => request.method === "PUT" && request.path.endsWith("certifications.json"),
    );
    expect(registryWrites.length).toBeGreaterThanOrEqual(2);
  });

  it("issues one certificate when two managers certify the same developer at once", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7));
    await Promise.all([harness.receive(certify("alice", 1)), harness.receive(certify("alice", 2))]);
    expect(registry()).toEqual([{ id: "CONTEXT7-2026-0001", login: "alice" }]);
    const certifications = harness
      .record("alice")
      ?.evidence.filter((e) => e.kind === "certification");
    expect(certifications).toHaveLength(1);
    expect(replies().join("\n")).toContain("@alice is certified already (CONTEXT7-2026-0001)");
  });

  it("answers a redelivered certify command once", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7));
    const event = certify("alice", 1);
    await harness.receive(event);
    const before = harness.standIn.requests.length;
    const outbox = harness.standIn.outbox.length;
    await harness.receive(event);
    expect(harness.standIn.outbox.length).toBe(outbox);
    // Only reads: each follow-up finds itself done (the credential, the confirmation's
    // reply and state, the reply to the command).
    const again = harness.standIn.requests.slice(before);
    expect(again.filter((request) => request.method !== "GET")).toEqual([]);
  });

  it("refuses with what is missing, and writes nothing", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2"], 7));
    await harness.receive(certify("alice", 1));
    expect(replies()).toEqual([
      "Nothing was recorded:\n\n- @alice cannot be certified yet; still missing: Gate 2 (Practical Application) passed",
    ]);
    expect(harness.files()).toEqual(["alice.yml"]);
  });

  it("refuses a developer certifying themself", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7));
    await harness.receive(
      issueCommentEvent({
        author: "alice",
        repo: TRAINING,
        body: "/context7 certify @alice",
        at: AT,
      }),
    );
    expect(replies()[0]).toContain("only the programme's managers can run /context7 commands");
    expect(harness.files()).toEqual(["alice.yml"]);
  });

  it("records a certification review and moves the next review date", async () => {
    harness = await startHarness();
    seed("alice", readyForCertification(["backend-1", "backend-2", "backend-3"], 7));
    await harness.receive(certify("alice", 1));
    await harness.receive(
      issueCommentEvent({
        author: "dev-manager",
        repo: TRAINING,
        body: "/context7 reviewed @alice",
        at: "2027-03-05T10:00:00Z",
        commentId: 3,
      }),
    );
    expect(replies().at(-1)).toBe(
      "Recorded:\n\n- @alice: certification review recorded; the next one is due on 2027-06-05",
    );
  });
});
