/** Only the facts the App wrote count: forged, copied and edited facts change no gate. */
import { describe, expect, it } from "vitest";
import type { CertificateRegistry } from "../../src/core/certificates.js";
import type { DeveloperRecord, Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import {
  parseRecordsKeyring,
  proofProblem,
  type RecordsKeyring,
  signFact,
} from "../../src/core/proof.js";
import { addProvenEvidence, provenRecord, verifyRecords } from "../../src/core/record-proofs.js";
import {
  certification,
  finalScore,
  knowledge,
  makeConfig,
  readyForCertification,
  record,
  usage,
} from "../support/builders.js";

const parsed = parseRecordsKeyring(`k1:${"s".repeat(40)}`, "test");
const keyring = (parsed.ok ? parsed.keyring : null) as RecordsKeyring;
const config = makeConfig({
  roster: [
    { login: "alice", role: "backend", start: "2026-11-23" },
    { login: "bob", role: "backend", start: "2026-11-23" },
  ],
});
const NOW = "2026-11-25T12:00:00Z";
const noRegistry = null;

const signed = (login: string, fact: Evidence) => signFact(keyring, login, fact);

function gatesOf(records: DeveloperRecord[], login = "alice") {
  return evaluate(config, records, NOW).developers.find((d) => d.login === login)?.gates;
}

/** Verifies `records` and evaluates what counts. */
function check(records: DeveloperRecord[], registry: CertificateRegistry | null = noRegistry) {
  const verified = verifyRecords(records, { keyring, registry });
  return { ...verified, gates: gatesOf(verified.records) };
}

describe("verifyRecords", () => {
  const genuineUsage = signed("alice", usage("2026-11-24"));

  it("counts a genuine signed fact", () => {
    const result = check([
      record("alice", [genuineUsage, signed("alice", knowledge("2026-11-24", 92))]),
    ]);
    expect(result.integrity).toEqual({ mode: "verified", rejected: [] });
    expect(result.gates?.knowledge.state).toBe("passed");
  });

  it("rejects a forged fact (valid shape, no proof): no gate changes", () => {
    const forged = knowledge("2026-11-24", 92);
    const result = check([record("alice", [genuineUsage, forged])]);
    expect(result.gates).toEqual(gatesOf([record("alice", [genuineUsage])]));
    expect(result.gates?.knowledge.state).toBe("pending");
    expect(result.integrity.rejected).toEqual([
      {
        file: "records/alice.yml",
        id: forged.id,
        kind: "knowledge-score",
        reason: expect.stringMatching(/^no proof/),
      },
    ]);
  });

  it("rejects a fact copied from another developer's file", () => {
    const bobs = signed("bob", knowledge("2026-11-24", 95));
    const result = check([record("alice", [genuineUsage, bobs]), record("bob", [bobs])]);
    expect(result.gates?.knowledge.state).toBe("pending");
    expect(gatesOf(result.records, "bob")?.knowledge.state).toBe("passed");
    expect(result.integrity.rejected).toEqual([
      expect.objectContaining({
        file: "records/alice.yml",
        id: bobs.id,
        reason: expect.stringMatching(/copied from another developer/),
      }),
    ]);
  });

  it("rejects an edited score: the fact counts no more, at the old score either", () => {
    const genuine = signed("alice", knowledge("2026-11-24", 70));
    const edited = { ...genuine, score: 92 };
    const result = check([record("alice", [genuineUsage, edited])]);
    expect(result.gates?.knowledge.state).toBe("pending");
    expect(evaluate(config, result.records, NOW).developers[0]?.knowledgeScore).toBeNull();
    expect(result.integrity.rejected[0]).toMatchObject({ id: genuine.id, kind: "knowledge-score" });
  });

  it("rejects a signed certification whose id is not in the registry, or is another's", () => {
    const facts = [...readyForCertification(["backend-1", "backend-2", "backend-3"], 5)].map(
      (fact) => signed("alice", fact),
    );
    const certified = signed("alice", certification("2026-12-04"));
    const at = "2026-12-05T12:00:00Z";
    const status = (registry: CertificateRegistry | null) => {
      const verified = verifyRecords([record("alice", [...facts, certified])], {
        keyring,
        registry,
      });
      return { verified, alice: evaluate(config, verified.records, at).developers[0] };
    };
    const entry = { id: "CONTEXT7-2026-0001", issuedAt: "2026-12-04T10:00:00Z", command: "c" };
    const registered = status({ version: 1, certificates: [{ ...entry, login: "alice" }] });
    expect(registered.alice?.certificationId).toBe("CONTEXT7-2026-0001");
    expect(registered.verified.integrity.rejected).toEqual([]);

    const cases: [CertificateRegistry | null, RegExp][] = [
      [null, /CONTEXT7-2026-0001 is not in the certificate registry/],
      [{ version: 1, certificates: [] }, /is not in the certificate registry/],
      [{ version: 1, certificates: [{ ...entry, login: "bob" }] }, /issued to bob, not to alice/],
    ];
    for (const [registry, reason] of cases) {
      const { verified, alice } = status(registry);
      expect(alice?.certificationId).toBeNull();
      expect(alice?.gates.certification.state).not.toBe("passed");
      expect(verified.integrity.rejected).toEqual([
        expect.objectContaining({
          id: certified.id,
          kind: "certification",
          reason: expect.stringMatching(reason),
        }),
      ]);
    }
  });

  it("counts every fact without a key (unsigned mode), certificates still checked", () => {
    const forged = knowledge("2026-11-24", 92);
    const cert = certification("2026-11-24");
    const result = verifyRecords([record("alice", [forged, cert])], {
      keyring: null,
      registry: null,
    });
    expect(result.integrity.mode).toBe("unsigned");
    expect(result.records[0]?.evidence).toEqual([forged]);
    expect(result.integrity.rejected.map((fact) => fact.id)).toEqual([cert.id]);
  });
});

describe("addProvenEvidence (the App's writes)", () => {
  it("signs the new facts for the record's developer", () => {
    const { record: written, added } = addProvenEvidence(
      record("alice", []),
      [usage("2026-11-24")],
      keyring,
    );
    expect(added).toHaveLength(1);
    expect(proofProblem(keyring, "alice", written.evidence[0] as Evidence)).toBeNull();
  });

  it("never signs a fact already in the file, and replaces a forged one that took the id", () => {
    const handEdit = knowledge("2026-11-24", 100);
    const genuine = finalScore("2026-11-24", 88);
    const squatter = { ...genuine, score: 100 };
    const { record: written, added } = addProvenEvidence(
      record("alice", [handEdit, squatter]),
      [genuine],
      keyring,
    );
    expect(added.map((fact) => fact.id)).toEqual([genuine.id]);
    const byId = new Map(written.evidence.map((fact) => [fact.id, fact]));
    expect(byId.get(handEdit.id)).toEqual(handEdit);
    expect(byId.get(genuine.id)).toMatchObject({ score: 88 });
    expect(provenRecord(written, keyring).evidence.map((fact) => fact.id)).toEqual([genuine.id]);
  });

  it("adds nothing when the App's fact is there already, and writes unsigned without a key", () => {
    const fact = signed("alice", usage("2026-11-24"));
    expect(addProvenEvidence(record("alice", [fact]), [fact], keyring).added).toEqual([]);
    const plain = usage("2026-11-25");
    const unsigned = addProvenEvidence(record("alice", []), [plain], null);
    expect(unsigned.record.evidence).toEqual([plain]);
    expect(provenRecord(unsigned.record, null)).toBe(unsigned.record);
  });
});
