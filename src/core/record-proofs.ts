/**
 * Which facts of `records/` count: those the App wrote. With a key ring, a fact counts only
 * with a valid proof for the file's login (proof.ts); with or without one, a certification
 * counts only when its id is in the certificate registry, issued to that developer. Every
 * other fact is kept in its file (nothing is lost) but left out of status and gates, and
 * listed as rejected.
 */
import type { CertificateRegistry } from "./certificates.js";
import type { DeveloperRecord, Evidence } from "./evidence.js";
import { proofProblem, type RecordsKeyring, signFact } from "./proof.js";
import { addEvidence, recordPath } from "./records.js";
import type { RecordsIntegrity, RejectedFact } from "./status.js";

interface VerifiedRecords {
  /** The records with only the facts that count. */
  records: DeveloperRecord[];
  integrity: RecordsIntegrity;
}

/** Why one fact of `login`'s record does not count, or null when it does. */
function rejection(
  login: string,
  fact: Evidence,
  keyring: RecordsKeyring | null,
  registry: CertificateRegistry | null,
): string | null {
  const proof = keyring === null ? null : proofProblem(keyring, login, fact);
  if (proof !== null) return proof;
  if (fact.kind !== "certification") return null;
  const entry = registry?.certificates.find((item) => item.id === fact.certificationId);
  if (entry === undefined)
    return `certificate ${fact.certificationId} is not in the certificate registry (records/certifications.json)`;
  if (entry.login.toLowerCase() !== login.toLowerCase())
    return `certificate ${fact.certificationId} was issued to ${entry.login}, not to ${login}`;
  return null;
}

export function verifyRecords(
  records: readonly DeveloperRecord[],
  { keyring, registry }: { keyring: RecordsKeyring | null; registry: CertificateRegistry | null },
): VerifiedRecords {
  const rejected: RejectedFact[] = [];
  const verified = records.map((record) => ({
    ...record,
    evidence: record.evidence.filter((fact) => {
      const reason = rejection(record.login, fact, keyring, registry);
      if (reason !== null)
        rejected.push({ file: recordPath(record.login), id: fact.id, kind: fact.kind, reason });
      return reason === null;
    }),
  }));
  return {
    records: verified,
    integrity: { mode: keyring === null ? "unsigned" : "verified", rejected },
  };
}

/** A record with only the facts whose proof holds (all of them without a key ring). */
export function provenRecord(
  record: DeveloperRecord,
  keyring: RecordsKeyring | null,
): DeveloperRecord {
  if (keyring === null) return record;
  return {
    ...record,
    evidence: record.evidence.filter((fact) => proofProblem(keyring, record.login, fact) === null),
  };
}

/**
 * `addEvidence` for the App's writes: the new facts are signed, and a fact already in the
 * file under the same id without a valid proof (a hand edit that took the id first) gives
 * way to the App's own. Facts already there are never signed: a hand edit is not laundered.
 */
export function addProvenEvidence(
  record: DeveloperRecord,
  items: readonly Evidence[],
  keyring: RecordsKeyring | null,
): { record: DeveloperRecord; added: Evidence[] } {
  if (keyring === null) return addEvidence(record, items);
  const signed = items.map((item) => signFact(keyring, record.login, item));
  const incoming = new Set(signed.map((item) => item.id));
  const kept = record.evidence.filter(
    (fact) => !incoming.has(fact.id) || proofProblem(keyring, record.login, fact) === null,
  );
  return addEvidence({ ...record, evidence: kept }, signed);
}
