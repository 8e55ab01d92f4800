/**
 * The machine-readable certificate, `records/<login>.credential.json`: an Open Badges 3.0
 * `OpenBadgeCredential` (1EdTech OB 3.0 on the W3C VC Data Model 2.0), optionally secured
 * with a W3C Data Integrity proof of the `eddsa-jcs-2022` cryptosuite (Ed25519 over the
 * RFC 8785 JSON canonical form). Pure apart from node:crypto.
 *
 * OB 3.0 has no field for a review date (`validUntil` would make verifiers treat the
 * certificate as invalid after it), so the next review date is written in the credential's
 * `description`.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import { REGISTRY_PATH } from "./certificates.js";
import { recordPath } from "./records.js";
import { GATE_TITLES } from "./status.js";

const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";
const CRYPTOSUITE = "eddsa-jcs-2022";

/** The numbers the criteria narrative states; `Config["thresholds"]` fits as it is. */
interface CriteriaThresholds {
  knowledgeScore: number;
  finalScore: number;
  realWorldApplications: number;
  consecutiveUsageWorkdays: number;
  reviewReferences: number;
  discoveries: number;
  consistency: number;
}

/** The plan's numbers (RULES §5), used for any threshold not given. */
const PLAN_THRESHOLDS: CriteriaThresholds = {
  knowledgeScore: 85,
  finalScore: 85,
  realWorldApplications: 1,
  consecutiveUsageWorkdays: 5,
  reviewReferences: 3,
  discoveries: 1,
  consistency: 0.8,
};

export interface CredentialInput {
  /** `CONTEXT7-<year>-<NNNN>`. */
  certificationId: string;
  login: string;
  name?: string | null;
  /** `owner/name`. */
  trainingRepo: string;
  /** ISO-8601 instant of the certification. */
  issuedAt: string;
  /** `YYYY-MM-DD`. */
  nextReviewDate: string;
  evidence: {
    knowledgeScore: number | null;
    finalScore: number | null;
    gatesPassedOn: {
      knowledge: string | null;
      practical: string | null;
      integration: string | null;
    };
  };
  /** Default `https://github.com`. */
  serverUrl?: string;
  thresholds?: Partial<CriteriaThresholds>;
}

interface Profile {
  id: string;
  type: ["Profile"];
  name: string;
  description?: string;
}

interface ResultDescription {
  id: string;
  type: ["ResultDescription"];
  name: string;
  resultType: "RawScore";
  valueMin: string;
  valueMax: string;
  requiredValue: string;
}

interface Achievement {
  id: string;
  type: ["Achievement"];
  achievementType: "Certification";
  name: string;
  description: string;
  criteria: { narrative: string };
  resultDescription: ResultDescription[];
}

interface Result {
  type: ["Result"];
  resultDescription: string;
  value: string;
}

interface AchievementSubject {
  id: string;
  type: ["AchievementSubject"];
  /** The certification id. */
  licenseNumber: string;
  achievement: Achievement;
  result: Result[];
}

interface Evidence {
  id: string;
  type: ["Evidence"];
  name: string;
  description: string;
  narrative?: string;
  genre?: string;
}

interface DataIntegrityProof {
  type: "DataIntegrityProof";
  cryptosuite: typeof CRYPTOSUITE;
  created: string;
  verificationMethod: string;
  proofPurpose: "assertionMethod";
  "@context"?: string[];
  proofValue: string;
}

export interface OpenBadgeCredential {
  "@context": string[];
  id: string;
  type: ["VerifiableCredential", "OpenBadgeCredential"];
  name: string;
  description: string;
  issuer: Profile;
  validFrom: string;
  awardedDate: string;
  credentialSubject: AchievementSubject;
  evidence: Evidence[];
  proof?: DataIntegrityProof;
}

interface SigningKey {
  /** An Ed25519 private key, PKCS#8 PEM. */
  privateKeyPem: string;
  /** The URL (did:web, https, …) where verifiers find the matching public key. */
  verificationMethod: string;
}

const UNSIGNED = "Unsigned:";

export function buildCredential(input: CredentialInput): OpenBadgeCredential {
  const [owner, repoName] = input.trainingRepo.split("/");
  if (owner === undefined || repoName === undefined || owner === "" || repoName === "") {
    throw new Error(`trainingRepo must be owner/name, got "${input.trainingRepo}"`);
  }
  const server = (input.serverUrl ?? "https://github.com").replace(/\/+$/, "");
  const repoUrl = `${server}/${input.trainingRepo}`;
  const fileUrl = (path: string) => `${repoUrl}/blob/HEAD/${path}`;
  const thresholds = { ...PLAN_THRESHOLDS, ...input.thresholds };
  const record = recordPath(input.login);
  const { knowledgeScore, finalScore, gatesPassedOn } = input.evidence;
  const displayName = input.name ? `${input.name} (@${input.login})` : `@${input.login}`;

  const scores = [
    {
      key: "knowledge-check",
      name: "Knowledge check (best score)",
      value: knowledgeScore,
      required: thresholds.knowledgeScore,
    },
    {
      key: "final-assessment",
      name: "Final assessment",
      value: finalScore,
      required: thresholds.finalScore,
    },
  ];
  const resultDescription: ResultDescription[] = scores.map((score) => ({
    id: `${repoUrl}#${score.key}`,
    type: ["ResultDescription"],
    name: score.name,
    resultType: "RawScore",
    valueMin: "0",
    valueMax: "100",
    requiredValue: String(score.required),
  }));
  const result: Result[] = scores.flatMap((score) =>
    score.value === null
      ? []
      : [
          {
            type: ["Result"],
            resultDescription: `${repoUrl}#${score.key}`,
            value: String(score.value),
          },
        ],
  );

  const outOf100 = (score: number | null) => (score === null ? "not recorded" : `${score}/100`);
  const on = (date: string | null) => (date === null ? "date not recorded" : `on ${date}`);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: `urn:uuid:${uuidV5(`${server}/${input.trainingRepo.toLowerCase()}#${input.certificationId}`)}`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    name: `Context7 Competency ${input.certificationId}`,
    description: [
      `Context7 Competency certificate ${input.certificationId}, awarded to ${displayName} by the Context7 adoption programme of ${input.trainingRepo}.`,
      `Next review date: ${input.nextReviewDate}.`,
      `${UNSIGNED} no signing key was configured for the context7-training App; verify it against ${record} in ${input.trainingRepo}.`,
    ].join(" "),
    issuer: {
      id: `${server}/${owner}`,
      type: ["Profile"],
      name: owner,
      description: `Runs the Context7 adoption programme in ${input.trainingRepo} with the context7-training App.`,
    },
    validFrom: input.issuedAt,
    awardedDate: input.issuedAt,
    credentialSubject: {
      id: `${server}/${input.login}`,
      type: ["AchievementSubject"],
      licenseNumber: input.certificationId,
      achievement: {
        id: `${repoUrl}#context7-competency`,
        type: ["Achievement"],
        achievementType: "Certification",
        name: "Context7 Competency",
        description: `Competent use of Context7 (the MCP tools resolve-library-id and get-library-docs / query-docs) in everyday development work, shown through four quality gates in the programme of ${input.trainingRepo}. Each certification is reviewed periodically.`,
        criteria: { narrative: criteriaNarrative(thresholds) },
        resultDescription,
      },
      result,
    },
    evidence: [
      {
        id: fileUrl(record),
        type: ["Evidence"],
        name: `Training record of @${input.login}`,
        description: `${record} in ${input.trainingRepo}: the evidence the context7-training App recorded from ${input.login}'s GitHub activity, from which the gates are computed.`,
        narrative: [
          `- Knowledge check: ${outOf100(knowledgeScore)}; ${GATE_TITLES.knowledge} passed ${on(gatesPassedOn.knowledge)}`,
          `- ${GATE_TITLES.practical} passed ${on(gatesPassedOn.practical)}`,
          `- ${GATE_TITLES.integration} passed ${on(gatesPassedOn.integration)}`,
          `- Final assessment: ${outOf100(finalScore)}`,
        ].join("\n"),
        genre: "Training record",
      },
      {
        id: fileUrl(REGISTRY_PATH),
        type: ["Evidence"],
        name: "Certification registry",
        description: `${REGISTRY_PATH} in ${input.trainingRepo} lists ${input.certificationId} as issued to ${input.login}.`,
      },
    ],
  };
}

function criteriaNarrative(t: CriteriaThresholds): string {
  return [
    "Four quality gates, computed from the evidence the context7-training App records from GitHub activity (pull requests, reviews, comments, discussions, commits):",
    "",
    `1. **${GATE_TITLES.knowledge}**, by Day 3: a knowledge-check score of at least ${t.knowledgeScore}/100.`,
    `2. **${GATE_TITLES.practical}**, by Day 7: every exercise required for the developer's role merged with an approval by someone other than its author, and at least ${t.realWorldApplications} real-world application (a merged pull request citing Context7).`,
    `3. **${GATE_TITLES.integration}**, by Day 14: Context7 usage on ${t.consecutiveUsageWorkdays} consecutive workdays, at least ${t.reviewReferences} reviews citing Context7, at least ${t.discoveries} discovery shared with the team, and consistency (share of workdays with usage) above ${t.consistency}.`,
    `4. **${GATE_TITLES.certification}**, by Day 14: gates 1 to 3 passed, a final assessment score of at least ${t.finalScore}/100, the three commitments confirmed, and a manager's certification.`,
  ].join("\n");
}

/** RFC 9562 name-based UUID (version 5, SHA-1) in the URL namespace. */
function uuidV5(name: string): string {
  const urlNamespace = Buffer.from("6ba7b8119dad11d180b400c04fd430c8", "hex");
  const bytes = createHash("sha1").update(urlNamespace).update(name, "utf8").digest();
  bytes.writeUInt8((bytes.readUInt8(6) & 0x0f) | 0x50, 6);
  bytes.writeUInt8((bytes.readUInt8(8) & 0x3f) | 0x80, 8);
  const hex = bytes.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

// --- Data Integrity, eddsa-jcs-2022 (W3C vc-di-eddsa §3.3) --------------------------------

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Adds an `eddsa-jcs-2022` proof (Create Proof, vc-di-eddsa §3.3.1). The description is
 * rewritten first to name the verification method, so it is covered by the signature.
 */
export function signCredential(
  credential: OpenBadgeCredential,
  options: SigningKey & { created: string },
): OpenBadgeCredential {
  if (credential.proof !== undefined) throw new Error("the credential is signed already");
  if (!DATE_TIME.test(options.created)) {
    throw new Error(`created must be an XML Schema dateTime, got "${options.created}"`);
  }
  const key = ed25519PrivateKey(options.privateKeyPem);
  const unsignedAt = credential.description.indexOf(` ${UNSIGNED} `);
  const document: OpenBadgeCredential = {
    ...credential,
    description: `${unsignedAt < 0 ? credential.description : credential.description.slice(0, unsignedAt)} Signed with ${options.verificationMethod} (Data Integrity proof, ${CRYPTOSUITE}).`,
  };
  const proofConfig: Omit<DataIntegrityProof, "proofValue"> = {
    type: "DataIntegrityProof",
    cryptosuite: CRYPTOSUITE,
    created: options.created,
    verificationMethod: options.verificationMethod,
    proofPurpose: "assertionMethod",
    "@context": document["@context"],
  };
  const signature = sign(null, hashData(proofConfig, document), key);
  return { ...document, proof: { ...proofConfig, proofValue: `z${base58btc(signature)}` } };
}

/**
 * Verify Proof (vc-di-eddsa §3.3.2) against a known public key (SPKI PEM; a private key PEM
 * works too). False for an unsigned, altered or otherwise signed credential; throws only
 * when the key itself is not an Ed25519 key.
 */
export function verifyCredential(credential: OpenBadgeCredential, publicKeyPem: string): boolean {
  const key = createPublicKey(publicKeyPem);
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(`the public key is ${key.asymmetricKeyType ?? "unknown"}, not Ed25519`);
  }
  // A file read back is only JSON: every field is checked here, none is trusted by type.
  const { proof, ...unsecured }: Record<string, unknown> = { ...credential };
  if (typeof proof !== "object" || proof === null || Array.isArray(proof)) return false;
  const { proofValue, ...proofOptions }: Record<string, unknown> = { ...proof };
  if (
    proofOptions.type !== "DataIntegrityProof" ||
    proofOptions.cryptosuite !== CRYPTOSUITE ||
    proofOptions.proofPurpose !== "assertionMethod" ||
    typeof proofOptions.created !== "string" ||
    !DATE_TIME.test(proofOptions.created) ||
    typeof proofValue !== "string" ||
    !proofValue.startsWith("z")
  ) {
    return false;
  }
  const context = proofOptions["@context"];
  if (context !== undefined) {
    const documentContext = unsecured["@context"];
    if (
      !Array.isArray(context) ||
      !Array.isArray(documentContext) ||
      context.some((entry, index) => documentContext[index] !== entry)
    ) {
      return false;
    }
    unsecured["@context"] = context;
  }
  try {
    const signature = decodeBase58btc(proofValue.slice(1));
    return (
      signature.length === 64 && verify(null, hashData(proofOptions, unsecured), key, signature)
    );
  } catch {
    return false;
  }
}

/** Hashing (vc-di-eddsa §3.3.4): SHA-256(JCS(proof config)) ‖ SHA-256(JCS(document)). */
function hashData(proofConfig: unknown, document: unknown): Buffer {
  const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();
  return Buffer.concat([sha256(canonicalJson(proofConfig)), sha256(canonicalJson(document))]);
}

function ed25519PrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(`the signing key is ${key.asymmetricKeyType ?? "unknown"}, not Ed25519`);
  }
  return key;
}

/**
 * RFC 8785 JSON Canonicalization Scheme for JSON values: object keys sorted by UTF-16 code
 * units (what `Array.prototype.sort` compares), no whitespace, and primitives serialised as
 * ECMAScript's JSON.stringify does, which is what RFC 8785 §3.2.2 prescribes. Properties
 * whose value is `undefined` are left out, as JSON.stringify leaves them out of the file.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`JCS has no form for the number ${value}`);
    return JSON.stringify(value);
  }
  if (typeof value === "string") {
    if (/\p{Cs}/u.test(value)) throw new Error("JCS needs well-formed Unicode: lone surrogate");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${canonicalJson(key)}:${canonicalJson(member)}`).join(",")}}`;
  }
  throw new Error(
    `JCS has no form for ${typeof value === "object" ? "this object" : typeof value}`,
  );
}

const BASE58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

/** Base58 with the Bitcoin alphabet; the multibase prefix `z` is the caller's. */
export function base58btc(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let n = 0n;
  for (const byte of bytes) n = n * 256n + BigInt(byte);
  let digits = "";
  for (; n > 0n; n /= 58n) digits = BASE58_ALPHABET.charAt(Number(n % 58n)) + digits;
  return "1".repeat(zeros) + digits;
}

export function decodeBase58btc(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === "1") zeros++;
  let n = 0n;
  for (const char of text) {
    const digit = BASE58_ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`"${char}" is not a base58btc character`);
    n = n * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; n > 0n; n /= 256n) bytes.unshift(Number(n % 256n));
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes]);
}

// --- Configuration and file ----------------------------------------------------------------

const KEY_VAR = "CONTEXT7_CREDENTIAL_KEY";
const KEY_ID_VAR = "CONTEXT7_CREDENTIAL_KEY_ID";
const GENERATE = "generate one with `openssl genpkey -algorithm ed25519`";

/**
 * The signing key from the environment. Neither variable set: no key and no problem (the
 * credential is written unsigned and says so). Half-configured or unusable: no key and a
 * problem naming the variable and the fix, never the key material.
 */
export function credentialSigningFromEnv(env: Readonly<Record<string, string | undefined>>): {
  key: SigningKey | null;
  problem: string | null;
} {
  const raw = env[KEY_VAR]?.trim() ?? "";
  const verificationMethod = env[KEY_ID_VAR]?.trim() ?? "";
  const fail = (problem: string) => ({ key: null, problem });
  if (raw === "" && verificationMethod === "") return { key: null, problem: null };
  if (verificationMethod === "") {
    return fail(
      `${KEY_VAR} is set but ${KEY_ID_VAR} is not: set ${KEY_ID_VAR} to the URL of the verification method that publishes the matching public key (for example did:web:acme.example#key-1 or https://acme.example/keys.json#key-1), or unset ${KEY_VAR} to write credentials unsigned.`,
    );
  }
  if (raw === "") {
    return fail(
      `${KEY_ID_VAR} is set but ${KEY_VAR} is not: set ${KEY_VAR} to the Ed25519 private key (PKCS#8 PEM, newlines may be written as \\n; ${GENERATE}), or unset ${KEY_ID_VAR} to write credentials unsigned.`,
    );
  }
  if (!URL.canParse(verificationMethod)) {
    return fail(
      `${KEY_ID_VAR} is not a URL: set it to the verification method's URL, for example did:web:acme.example#key-1 or https://acme.example/keys.json#key-1.`,
    );
  }
  // .env files hold a PEM on one line with its newlines written as \n.
  const privateKeyPem = raw.replace(/\\r\\n|\\n/g, "\n");
  let key: KeyObject;
  try {
    key = createPrivateKey(privateKeyPem);
  } catch {
    return fail(
      `${KEY_VAR} is not an unencrypted private key in PEM: set it to an Ed25519 key in PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----", newlines may be written as \\n; ${GENERATE}).`,
    );
  }
  if (key.asymmetricKeyType !== "ed25519") {
    return fail(
      `${KEY_VAR} is not an Ed25519 key (its type is ${key.asymmetricKeyType ?? "unknown"}): the ${CRYPTOSUITE} proof needs Ed25519; ${GENERATE} and publish its public key at ${KEY_ID_VAR}.`,
    );
  }
  return { key: { privateKeyPem, verificationMethod }, problem: null };
}

/** Pretty JSON with a trailing newline; the key order is the one buildCredential writes. */
export function serializeCredential(credential: OpenBadgeCredential): string {
  return `${JSON.stringify(credential, null, 2)}\n`;
}
