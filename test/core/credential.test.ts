import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  base58btc,
  buildCredential,
  type CredentialInput,
  canonicalJson,
  credentialSigningFromEnv,
  decodeBase58btc,
  type OpenBadgeCredential,
  serializeCredential,
  signCredential,
  verifyCredential,
} from "../../src/core/credential.js";

const input: CredentialInput = {
  certificationId: "CONTEXT7-2026-0001",
  login: "alice",
  name: "Alice Example",
  trainingRepo: "acme/context7-training",
  issuedAt: "2026-12-04T10:00:00Z",
  nextReviewDate: "2027-03-04",
  evidence: {
    knowledgeScore: 92,
    finalScore: 90,
    gatesPassedOn: { knowledge: "2026-11-25", practical: "2026-11-30", integration: "2026-12-03" },
  },
};

function ed25519() {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
  };
}

const keys = ed25519();
const verificationMethod = "did:web:acme.example#key-1";
const signed = signCredential(buildCredential(input), {
  privateKeyPem: keys.privateKeyPem,
  verificationMethod,
  created: "2026-12-04T10:00:05Z",
});

describe("buildCredential", () => {
  const credential = buildCredential(input);

  it("is an OpenBadgeCredential with the VC 2.0 and OB 3.0.3 contexts, in that order", () => {
    expect(credential["@context"]).toEqual([
      "https://www.w3.org/ns/credentials/v2",
      "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
    ]);
    expect(credential.type).toEqual(["VerifiableCredential", "OpenBadgeCredential"]);
    expect(credential.validFrom).toBe("2026-12-04T10:00:00Z");
    expect(credential).not.toHaveProperty("validUntil");
    expect(credential.issuer).toMatchObject({
      id: "https://github.com/acme",
      type: ["Profile"],
      name: "acme",
    });
  });

  it("derives a stable urn:uuid id from the training repo and the certification id", () => {
    // Python: uuid.uuid5(uuid.NAMESPACE_URL, "https://github.com/acme/context7-training#CONTEXT7-2026-0001")
    expect(credential.id).toBe("urn:uuid:79a0bf12-2829-5b4b-a860-f0b131cb24c7");
    expect(buildCredential({ ...input, trainingRepo: "Acme/Context7-Training" }).id).toBe(
      credential.id,
    );
    expect(buildCredential({ ...input, certificationId: "CONTEXT7-2026-0002" }).id).not.toBe(
      credential.id,
    );
  });

  it("names the developer by GitHub profile and awards the Context7 Competency achievement", () => {
    const subject = credential.credentialSubject;
    expect(subject).toMatchObject({
      id: "https://github.com/alice",
      type: ["AchievementSubject"],
      licenseNumber: "CONTEXT7-2026-0001",
    });
    expect(subject.achievement).toMatchObject({
      id: "https://github.com/acme/context7-training#context7-competency",
      type: ["Achievement"],
      achievementType: "Certification",
      name: "Context7 Competency",
    });
    const narrative = subject.achievement.criteria.narrative;
    for (const gate of [
      "Knowledge Foundation",
      "Practical Application",
      "Integration Consistency",
      "Certification Validation",
    ]) {
      expect(narrative).toContain(gate);
    }
    expect(narrative).toContain("at least 85/100");
    expect(subject.result.map((result) => result.value)).toEqual(["92", "90"]);
  });

  it("states the team's thresholds in the criteria when they differ from the plan's", () => {
    const strict = buildCredential({ ...input, thresholds: { knowledgeScore: 90 } });
    expect(strict.credentialSubject.achievement.criteria.narrative).toContain("at least 90/100");
    expect(strict.credentialSubject.achievement.resultDescription[0]?.requiredValue).toBe("90");
  });

  it("points the evidence at the developer's record and names the scores and gate dates", () => {
    const [record, registry] = credential.evidence;
    expect(record).toMatchObject({
      id: "https://github.com/acme/context7-training/blob/HEAD/records/alice.yml",
      type: ["Evidence"],
    });
    expect(record?.narrative).toContain("Knowledge check: 92/100");
    expect(record?.narrative).toContain("Final assessment: 90/100");
    expect(record?.narrative).toContain("Integration Consistency passed on 2026-12-03");
    expect(registry?.id).toBe(
      "https://github.com/acme/context7-training/blob/HEAD/records/certifications.json",
    );
    const ghes = buildCredential({ ...input, serverUrl: "https://ghe.acme.example/" });
    expect(ghes.evidence[0]?.id).toBe(
      "https://ghe.acme.example/acme/context7-training/blob/HEAD/records/alice.yml",
    );
  });

  it("leaves out scores that are not recorded rather than inventing them", () => {
    const partial = buildCredential({
      ...input,
      name: null,
      evidence: { ...input.evidence, finalScore: null },
    });
    expect(partial.credentialSubject.result.map((result) => result.value)).toEqual(["92"]);
    expect(partial.evidence[0]?.narrative).toContain("Final assessment: not recorded");
    expect(partial.description).toContain("awarded to @alice by");
  });

  it("writes the next review date in the description, since OB 3.0 has no field for it", () => {
    expect(credential.description).toContain("Next review date: 2027-03-04.");
  });

  it("says in the file itself that it is unsigned and where to verify it", () => {
    expect(credential).not.toHaveProperty("proof");
    expect(credential.description).toContain(
      "Unsigned: no signing key was configured for the context7-training App; verify it against records/alice.yml in acme/context7-training.",
    );
  });

  it("rejects a training repo that is not owner/name", () => {
    expect(() => buildCredential({ ...input, trainingRepo: "context7-training" })).toThrow(
      /owner\/name/,
    );
  });
});

describe("signCredential and verifyCredential (eddsa-jcs-2022)", () => {
  it("adds a Data Integrity proof that verifies with the matching public key", () => {
    expect(signed.proof).toMatchObject({
      type: "DataIntegrityProof",
      cryptosuite: "eddsa-jcs-2022",
      created: "2026-12-04T10:00:05Z",
      verificationMethod,
      proofPurpose: "assertionMethod",
      "@context": signed["@context"],
    });
    expect(signed.proof?.proofValue).toMatch(/^z[1-9A-HJ-NP-Za-km-z]+$/);
    expect(decodeBase58btc(signed.proof?.proofValue.slice(1) ?? "")).toHaveLength(64);
    expect(verifyCredential(signed, keys.publicKeyPem)).toBe(true);
  });

  it("says which verification method signed it, and no longer says unsigned", () => {
    expect(signed.description).toContain(`Signed with ${verificationMethod}`);
    expect(signed.description).not.toContain("Unsigned");
    expect(signed.description).toContain("Next review date: 2027-03-04.");
  });

  it("still verifies after a round trip through the file", () => {
    const text = serializeCredential(signed);
    expect(verifyCredential(JSON.parse(text) as OpenBadgeCredential, keys.publicKeyPem)).toBe(true);
  });

  it("fails after any field is changed", () => {
    const changes: [string, (c: OpenBadgeCredential) => void][] = [
      ["subject", (c) => (c.credentialSubject.id = "https://github.com/mallory")],
      ["certification id", (c) => (c.credentialSubject.licenseNumber = "CONTEXT7-2026-0002")],
      ["score", (c) => ((c.credentialSubject.result[0] as { value: string }).value = "99")],
      ["validFrom", (c) => (c.validFrom = "2025-01-01T00:00:00Z")],
      ["description", (c) => (c.description += " ")],
      ["evidence", (c) => c.evidence.pop()],
      ["added field", (c) => Object.assign(c, { validUntil: "2030-01-01T00:00:00Z" })],
      ["context", (c) => c["@context"].reverse()],
      ["proof created", (c) => Object.assign(c.proof ?? {}, { created: "2026-12-05T10:00:05Z" })],
      ["proof method", (c) => Object.assign(c.proof ?? {}, { verificationMethod: "did:web:x#k" })],
    ];
    for (const [what, change] of changes) {
      const tampered = structuredClone(signed);
      change(tampered);
      expect(verifyCredential(tampered, keys.publicKeyPem), what).toBe(false);
    }
  });

  it("fails with another key, and for an unsigned credential", () => {
    expect(verifyCredential(signed, ed25519().publicKeyPem)).toBe(false);
    expect(verifyCredential(buildCredential(input), keys.publicKeyPem)).toBe(false);
  });

  it("refuses to sign twice or with a key that is not Ed25519", () => {
    const options = {
      privateKeyPem: keys.privateKeyPem,
      verificationMethod,
      created: input.issuedAt,
    };
    expect(() => signCredential(signed, options)).toThrow(/signed already/);
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ecPem = ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    expect(() =>
      signCredential(buildCredential(input), { ...options, privateKeyPem: ecPem }),
    ).toThrow(/not Ed25519/);
    expect(() =>
      signCredential(buildCredential(input), { ...options, created: "yesterday" }),
    ).toThrow(/dateTime/);
  });
});

describe("serializeCredential", () => {
  it("is pretty, deterministic JSON with a trailing newline", () => {
    const text = serializeCredential(buildCredential(input));
    expect(text).toBe(serializeCredential(buildCredential(structuredClone(input))));
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "@context": [');
    // The App keeps an existing file when it already holds this certification id.
    expect(text).toContain('"CONTEXT7-2026-0001"');
  });
});

describe("canonicalJson (RFC 8785)", () => {
  it("serialises numbers, strings and literals as §3.2.2 shows", () => {
    const parsed: unknown = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(parsed)).toBe(
      '{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}',
    );
  });

  it("sorts keys by UTF-16 code units as §3.2.3 shows (the emoji before U+FB33)", () => {
    const parsed: unknown = JSON.parse(
      '{"\\u20ac": "Euro Sign", "\\r": "Carriage Return", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "1": "One", "\\ud83d\\ude00": "Emoji: Grinning Face", "\\u0080": "Control", "\\u00f6": "Latin Small Letter O With Diaeresis"}',
    );
    expect(canonicalJson(parsed)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it("writes -0 as 0, drops undefined members and rejects what JSON cannot hold", () => {
    expect(canonicalJson({ b: -0, a: undefined, c: [1, "x"] })).toBe('{"b":0,"c":[1,"x"]}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/number/);
    expect(() => canonicalJson({ s: "\ud800" })).toThrow(/surrogate/);
    expect(() => canonicalJson({ d: new Date(0) })).toThrow(/object/);
  });
});

describe("base58btc", () => {
  it("encodes and decodes the draft-msporny-base58 vectors", () => {
    const vectors: [Uint8Array, string][] = [
      [new TextEncoder().encode("Hello World!"), "2NEpo7TZRRrLZSi2U"],
      [
        new TextEncoder().encode("The quick brown fox jumps over the lazy dog."),
        "USm3fpXnKG5EUBx2ndxBDMPVciP5hGey2Jh4NDv6gmeo1LkMeiKrLJUUBk6Z",
      ],
      [Uint8Array.from([0x00, 0x00, 0x28, 0x7f, 0xb4, 0xcd]), "11233QC4"],
      [new Uint8Array(0), ""],
    ];
    for (const [bytes, text] of vectors) {
      expect(base58btc(bytes)).toBe(text);
      expect(decodeBase58btc(text)).toEqual(bytes);
    }
    expect(() => decodeBase58btc("10")).toThrow(/"0"/);
  });
});

describe("credentialSigningFromEnv", () => {
  const escaped = keys.privateKeyPem.trim().replaceAll("\n", "\\n");

  it("has no key and no problem when neither variable is set", () => {
    expect(credentialSigningFromEnv({})).toEqual({ key: null, problem: null });
    expect(
      credentialSigningFromEnv({ CONTEXT7_CREDENTIAL_KEY: " ", CONTEXT7_CREDENTIAL_KEY_ID: "" }),
    ).toEqual({ key: null, problem: null });
  });

  it("accepts a PKCS#8 Ed25519 key with \\n-escaped newlines, as .env files hold it", () => {
    const { key, problem } = credentialSigningFromEnv({
      CONTEXT7_CREDENTIAL_KEY: escaped,
      CONTEXT7_CREDENTIAL_KEY_ID: verificationMethod,
    });
    expect(problem).toBeNull();
    expect(key?.verificationMethod).toBe(verificationMethod);
    const credential = signCredential(buildCredential(input), {
      ...(key as NonNullable<typeof key>),
      created: input.issuedAt,
    });
    expect(verifyCredential(credential, keys.publicKeyPem)).toBe(true);
  });

  it("names the missing key id and the fix", () => {
    const { key, problem } = credentialSigningFromEnv({ CONTEXT7_CREDENTIAL_KEY: escaped });
    expect(key).toBeNull();
    expect(problem).toMatch(/CONTEXT7_CREDENTIAL_KEY_ID is not: set CONTEXT7_CREDENTIAL_KEY_ID/);
  });

  it("names the missing key when only the id is set", () => {
    const { key, problem } = credentialSigningFromEnv({
      CONTEXT7_CREDENTIAL_KEY_ID: verificationMethod,
    });
    expect(key).toBeNull();
    expect(problem).toMatch(/CONTEXT7_CREDENTIAL_KEY is not: set CONTEXT7_CREDENTIAL_KEY to/);
  });

  it("rejects an id that is not a URL", () => {
    const { problem } = credentialSigningFromEnv({
      CONTEXT7_CREDENTIAL_KEY: escaped,
      CONTEXT7_CREDENTIAL_KEY_ID: "key-1",
    });
    expect(problem).toMatch(/CONTEXT7_CREDENTIAL_KEY_ID is not a URL/);
  });

  it("rejects a key that is not Ed25519 or not a private key, without echoing it", () => {
    const ec = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const ecPem = ec.privateKey.export({ type: "pkcs8", format: "pem" }).toString();
    const cases = [
      [ecPem, /is not an Ed25519 key \(its type is ec\)/],
      [keys.publicKeyPem, /is not an unencrypted private key in PEM/],
      ["not a key at all", /is not an unencrypted private key in PEM/],
    ] as const;
    for (const [value, message] of cases) {
      const { key, problem } = credentialSigningFromEnv({
        CONTEXT7_CREDENTIAL_KEY: value,
        CONTEXT7_CREDENTIAL_KEY_ID: verificationMethod,
      });
      expect(key).toBeNull();
      expect(problem).toMatch(message);
      expect(problem).toMatch(/^CONTEXT7_CREDENTIAL_KEY /);
      const body = value.split("\n").find((line) => line.length > 0 && !line.startsWith("-----"));
      expect(problem).not.toContain(body);
    }
  });
});
