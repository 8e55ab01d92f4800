import { describe, expect, it } from "vitest";
import {
  allocateCertificate,
  emptyRegistry,
  parseRegistry,
  serializeRegistry,
} from "../../src/core/certificates.js";
import { decideCommands, describeOutcome, parseCommands } from "../../src/core/commands.js";
import type { Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import {
  certification,
  confirmation,
  discovery,
  finalScore,
  knowledge,
  makeConfig,
  passedWithCheck,
  realWorld,
  record,
  reviewRef,
  usageOn,
} from "../support/builders.js";

const config = makeConfig();
const AT = "2026-12-04T10:00:00Z";

function statusOf(evidence: Evidence[]): Map<string, DeveloperStatus> {
  const developer = evaluate(config, [record("alice", evidence)], AT).developers[0];
  return new Map([["alice", developer as DeveloperStatus]]);
}

/** Gates 1 to 3 passed by Friday of week 1 (Day 5). */
const gatesOneToThree: Evidence[] = [
  knowledge("2026-11-24", 92),
  ...passedWithCheck("backend-1", "2026-11-25", 1),
  ...passedWithCheck("backend-2", "2026-11-25", 2),
  ...passedWithCheck("backend-3", "2026-11-26", 3),
  realWorld("2026-11-26"),
  ...usageOn("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"),
  ...usageOn("2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03", "2026-12-04"),
  reviewRef("2026-11-24"),
  reviewRef("2026-11-25", 2),
  reviewRef("2026-11-26", 3),
  discovery("2026-11-27"),
];

const certify = (developers: Map<string, DeveloperStatus>, body = "/context7 certify @alice") =>
  decideCommands(config, parseCommands(body), {
    author: "dev-manager",
    deliveryId: "d-9",
    at: AT,
    developers,
  });

describe("/context7 certify", () => {
  it("is parsed with nothing after the login", () => {
    expect(parseCommands("/context7 certify @alice")).toEqual([
      { ok: true, command: { name: "certify", login: "alice" } },
    ]);
    expect(parseCommands("/context7 certify @alice now")[0]).toMatchObject({ ok: false });
  });

  it("asks for the certificate when everything is there", () => {
    const outcome = certify(
      statusOf([...gatesOneToThree, finalScore("2026-12-03", 85), confirmation("2026-12-03")]),
    );
    expect(outcome).toEqual({
      recorded: true,
      items: [],
      certify: [{ login: "alice", id: "command-d-9", at: AT, by: "dev-manager" }],
    });
  });

  it("is refused with the list of what is missing", () => {
    const outcome = certify(statusOf([...gatesOneToThree, finalScore("2026-12-03", 84)]));
    expect(outcome.recorded).toBe(false);
    expect(describeOutcome(outcome)).toBe(
      "Nothing was recorded:\n\n- @alice cannot be certified yet; still missing: a final assessment score of at least 85 (best so far 84); a confirmation with all three commitments ticked",
    );
  });

  it("is refused for someone certified already, naming the certificate", () => {
    const outcome = certify(statusOf([certification("2026-12-01", "CONTEXT7-2026-0003")]));
    expect(describeOutcome(outcome)).toContain(
      "@alice is certified already (CONTEXT7-2026-0003 on 2026-12-01)",
    );
  });

  it("is refused for a non-manager before anything else", () => {
    const outcome = decideCommands(config, parseCommands("/context7 certify @alice"), {
      author: "alice",
      deliveryId: "d-9",
      at: AT,
      developers: new Map(),
    });
    expect(describeOutcome(outcome)).toContain("only the programme's managers");
  });
});

describe("/context7 reviewed", () => {
  it("records the review of a certified developer and names the next date", () => {
    const outcome = decideCommands(config, parseCommands("/context7 reviewed @alice"), {
      author: "dev-manager",
      deliveryId: "d-10",
      at: "2027-03-05T09:00:00Z",
      developers: statusOf([certification("2026-12-04")]),
    });
    expect(outcome).toMatchObject({
      recorded: true,
      items: [{ login: "alice", evidence: { id: "command-d-10", kind: "certification-review" } }],
    });
    expect(describeOutcome(outcome)).toBe(
      "Recorded:\n\n- @alice: certification review recorded; the next one is due on 2027-06-05",
    );
  });

  it("is refused for someone not certified", () => {
    const outcome = decideCommands(config, parseCommands("/context7 reviewed @alice"), {
      author: "dev-manager",
      deliveryId: "d-10",
      at: AT,
      developers: statusOf([]),
    });
    expect(describeOutcome(outcome)).toContain("@alice is not certified");
  });
});

describe("the certificate registry", () => {
  const request = (login: string, command = `command-${login}`) => ({
    login,
    year: 2026,
    issuedAt: AT,
    command,
  });

  it("numbers certificates per year from 0001", () => {
    const first = allocateCertificate(emptyRegistry(), request("alice"));
    expect(first.certificate.id).toBe("CONTEXT7-2026-0001");
    const second = allocateCertificate(first.registry, request("bob"));
    expect(second.certificate.id).toBe("CONTEXT7-2026-0002");
    const nextYear = allocateCertificate(second.registry, { ...request("carol"), year: 2027 });
    expect(nextYear.certificate.id).toBe("CONTEXT7-2027-0001");
  });

  it("gives a developer who holds one the same certificate, and allocates nothing", () => {
    const first = allocateCertificate(emptyRegistry(), request("alice", "command-a"));
    const again = allocateCertificate(first.registry, request("Alice", "command-b"));
    expect(again).toMatchObject({
      isNew: false,
      certificate: { id: "CONTEXT7-2026-0001", command: "command-a" },
    });
    expect(again.registry).toBe(first.registry);
  });

  it("never reuses a number, even when an entry is removed by hand", () => {
    let registry = emptyRegistry();
    for (const login of ["a", "b", "c"])
      registry = allocateCertificate(registry, request(login)).registry;
    registry = { ...registry, certificates: registry.certificates.filter((c) => c.login !== "b") };
    expect(allocateCertificate(registry, request("d")).certificate.id).toBe("CONTEXT7-2026-0004");
  });

  it("round-trips and reports a broken file with the fix", () => {
    const { registry } = allocateCertificate(emptyRegistry(), request("alice"));
    expect(parseRegistry(serializeRegistry(registry))).toEqual({ ok: true, value: registry });
    const broken = parseRegistry("{ not json");
    expect(broken.ok).toBe(false);
    expect(!broken.ok && broken.problems[0]?.message).toMatch(/is not valid JSON .*restore it/);
    const wrong = parseRegistry(
      '{"version":1,"certificates":[{"id":"C7-1","login":"a","issuedAt":"x","command":"c"}]}',
    );
    expect(!wrong.ok && wrong.problems.map((p) => p.path)).toEqual([
      "certificates[0].id",
      "certificates[0].issuedAt",
    ]);
  });
});
