import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { isOwnAuthor, readMarker, writeMarker } from "../../src/core/markers.js";
import { escalationMarker } from "../../src/core/plan.js";
import { findTrainingIssues } from "../../src/github/issues.js";

const OWN = ["context7-training[bot]", "github-actions[bot]"];

describe("readMarker", () => {
  it("reads the marker that ends a body, trailing whitespace aside", () => {
    const body = `Some text\n${writeMarker("tracker", { login: "alice" })}\n\n`;
    expect(readMarker("tracker", body)).toEqual({ login: "alice" });
  });

  it("ignores a marker anywhere but at the end: quoted text above the real one, or text after it", () => {
    const forged = writeMarker("tracker", { login: "mallory" });
    const real = writeMarker("tracker", { login: "alice" });
    expect(readMarker("tracker", `${forged}\nquoted from a title\n${real}`)).toEqual({
      login: "alice",
    });
    expect(readMarker("tracker", `${real}\nand something typed after it`)).toBeNull();
    expect(readMarker("escalation", real)).toBeNull();
  });

  it("cannot be ended early by data holding -->", () => {
    const marker = writeMarker("reply", { to: "x --> <!-- context7-training:reply {}" });
    expect(readMarker("reply", `text\n${marker}`)).toEqual({
      to: "x --> <!-- context7-training:reply {}",
    });
  });
});

describe("isOwnAuthor", () => {
  it("is true only for the programme's own accounts, in any case", () => {
    expect(isOwnAuthor({ login: "Context7-Training[bot]", type: "Bot" }, OWN)).toBe(true);
    expect(isOwnAuthor({ login: "github-actions[bot]" }, OWN)).toBe(true);
    expect(isOwnAuthor({ login: "context7-training", type: "User" }, OWN)).toBe(false);
    expect(isOwnAuthor({ login: "renovate[bot]", type: "Bot" }, OWN)).toBe(false);
    expect(isOwnAuthor(null, OWN)).toBe(false);
  });
});

describe("findTrainingIssues", () => {
  const API = "https://api.github.com";
  const REPO = { owner: "acme", repo: "context7-training" };
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => {
    const pending = nock.pendingMocks();
    nock.cleanAll();
    expect(pending).toEqual([]);
  });

  it("takes a marker only from an issue the programme wrote: a developer's forged one changes nothing", async () => {
    const marker = escalationMarker({
      subject: "alice",
      status: "red",
      level: 2,
      since: "2026-11-30",
    });
    nock(API)
      .get("/repos/acme/context7-training/issues")
      .query(true)
      .reply(200, [
        // Opened through an issue form that applies the label, by a developer.
        { number: 5, body: `Please ignore\n${marker}`, user: { login: "alice", type: "User" } },
        { number: 6, body: `x\n${marker}`, user: { login: "github-actions[bot]", type: "Bot" } },
        {
          number: 7,
          body: "<!-- context7-training:config-problem -->",
          user: { login: "bob", type: "User" },
        },
      ]);
    const found = await findTrainingIssues(new Octokit({ auth: "t" }), REPO, OWN);
    expect(found.escalations.map((issue) => issue.number)).toEqual([6]);
    expect(found.configProblem).toBeNull();
  });
});
