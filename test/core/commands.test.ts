import { describe, expect, it } from "vitest";
import { decideCommands, describeOutcome, parseCommands } from "../../src/core/commands.js";
import { makeConfig } from "../support/builders.js";

const config = makeConfig();
const context = { author: "dev-manager", deliveryId: "d-1", at: "2026-11-24T10:00:00Z" };

describe("parseCommands", () => {
  it("parses each command of RULES §8", () => {
    const body = [
      "Thanks all!",
      "/context7 knowledge @alice 92",
      "/context7 final @alice 85%",
      "/context7 shared @alice showed query-docs with a topic at standup",
      "/context7 leave @alice 2026-11-26",
      "/CONTEXT7 leave @alice 2026-11-26 2026-11-27",
    ].join("\n");
    expect(parseCommands(body)).toEqual([
      { ok: true, command: { name: "knowledge", login: "alice", score: 92 } },
      { ok: true, command: { name: "final", login: "alice", score: 85 } },
      {
        ok: true,
        command: {
          name: "shared",
          login: "alice",
          note: "showed query-docs with a topic at standup",
        },
      },
      {
        ok: true,
        command: { name: "leave", login: "alice", from: "2026-11-26", to: "2026-11-26" },
      },
      {
        ok: true,
        command: { name: "leave", login: "alice", from: "2026-11-26", to: "2026-11-27" },
      },
    ]);
  });

  it("accepts the score boundaries 0 and 100 and refuses 101, -1 and words", () => {
    const scores = ["0", "100", "101", "-1", "ninety", "90 91"].map(
      (score) => parseCommands(`/context7 knowledge @alice ${score}`)[0],
    );
    expect(scores.map((result) => result?.ok)).toEqual([true, true, false, false, false, false]);
    expect(scores[2]).toMatchObject({
      error: expect.stringContaining("the score 101 is out of range (0 to 100)"),
    });
  });

  it("explains a bad date, a reversed range, a missing login and an unknown command", () => {
    const errors = [
      "/context7 leave @alice 2026-02-30",
      "/context7 leave @alice 2026-11-27 2026-11-26",
      "/context7 knowledge alice 90",
      "/context7 promote @alice",
      "/context7",
    ].map((line) => {
      const [result] = parseCommands(line);
      return result?.ok === false ? result.error : "parsed";
    });
    expect(errors[0]).toMatch(/^"2026-02-30" is not a date; write dates as YYYY-MM-DD/);
    expect(errors[1]).toMatch(/^the leave ends \(2026-11-26\) before it starts \(2026-11-27\)/);
    expect(errors[2]).toMatch(
      /^"alice" is not an @login; use `\/context7 knowledge @login <score 0-100>`/,
    );
    expect(errors[3]).toMatch(/^"promote" is not a command/);
    expect(errors[4]).toMatch(/^a command is missing after \/context7/);
  });

  it("ignores commands quoted in code blocks and text that merely mentions /context7", () => {
    expect(
      parseCommands("```\n/context7 knowledge @alice 92\n```\nsee the /context7 docs"),
    ).toEqual([]);
  });
});

describe("decideCommands", () => {
  it("records a manager's command as evidence with an id from the delivery", () => {
    const outcome = decideCommands(config, parseCommands("/context7 knowledge @Alice 92"), context);
    expect(outcome).toEqual({
      recorded: true,
      items: [
        {
          login: "alice",
          evidence: {
            id: "command-d-1",
            kind: "knowledge-score",
            at: context.at,
            by: "dev-manager",
            score: 92,
          },
        },
      ],
      certify: [],
    });
    expect(describeOutcome(outcome)).toBe("Recorded:\n\n- @alice: knowledge-check score 92");
  });

  it("refuses a non-manager politely and records nothing", () => {
    const outcome = decideCommands(config, parseCommands("/context7 knowledge @alice 100"), {
      ...context,
      author: "alice",
    });
    expect(outcome.recorded).toBe(false);
    expect(describeOutcome(outcome)).toContain(
      "only the programme's managers can run /context7 commands",
    );
  });

  it("records nothing when any command of a comment is wrong or names someone off the roster", () => {
    const body =
      "/context7 knowledge @alice 92\n/context7 final @mallory 90\n/context7 final @alice 900";
    const outcome = decideCommands(config, parseCommands(body), context);
    expect(outcome).toEqual({
      recorded: false,
      errors: [
        "@mallory is not on the roster; add them to `roster` in the config first",
        "`/context7 final @alice 900`: the score 900 is out of range (0 to 100); use `/context7 final @login <score 0-100>`",
      ],
    });
  });

  it("gives each command of a comment its own id", () => {
    const outcome = decideCommands(
      config,
      parseCommands("/context7 knowledge @alice 80\n/context7 knowledge @alice 90"),
      context,
    );
    expect(outcome.recorded && outcome.items.map((item) => item.evidence.id)).toEqual([
      "command-d-1-1",
      "command-d-1-2",
    ]);
  });
});

describe("hidden text", () => {
  it("does not take a command inside an HTML comment", () => {
    expect(parseCommands("<!--\n/context7 knowledge @alice 100\n-->")).toEqual([]);
  });
});
