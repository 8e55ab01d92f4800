/**
 * Malformed and hostile config, records and commands: each case checks the message (what,
 * where, how to fix) and that nothing is written. Files go through `context7-training
 * replay`, the command that writes records from events, so "nothing written" is checked on
 * a real write path: it exits 1, the records folder is left as it was, no outbox is made.
 *
 * Covered elsewhere, not repeated: an unknown config key with a suggestion, every problem
 * at once, a duplicate roster login, malformed YAML, an alias bomb in the config
 * (config.test.ts); an unknown evidence kind, a score out of range, a record whose login is
 * not its file's and a duplicate evidence id (records.test.ts, and through the App in
 * test/app/bad-input.test.ts); bad command arguments (commands.test.ts).
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  decideCommands,
  describeOutcome,
  MAX_COMMANDS_PER_COMMENT,
  parseCommands,
} from "../../src/core/commands.js";
import { serializeRecord } from "../../src/core/records.js";
import { makeConfig, record, usage } from "../support/builders.js";
import { runCli } from "../support/cli.js";
import { SAMPLE_CONFIG } from "../support/offline.js";
import { issueCommentEvent } from "../support/webhooks.js";

const VALID_RECORD = serializeRecord(record("alice", [usage("2026-11-23")]));

/**
 * Replays one comment citing Context7 with this config and these record files; returns
 * the CLI's result and whether anything was written.
 */
async function replay(options: { config?: string; records?: Record<string, string> }) {
  const dir = mkdtempSync(join(tmpdir(), "c7-bad-input-"));
  const configFile = join(dir, "context7-training.yml");
  const recordsDir = join(dir, "records");
  const eventFile = join(dir, "event.json");
  const outbox = join(dir, "outbox.ndjson");
  mkdirSync(recordsDir);
  writeFileSync(configFile, options.config ?? SAMPLE_CONFIG);
  for (const [name, text] of Object.entries(options.records ?? {}))
    writeFileSync(join(recordsDir, name), text);
  writeFileSync(
    eventFile,
    JSON.stringify(
      issueCommentEvent({
        author: "alice",
        repo: "acme/game",
        body: "use context7",
        at: "2026-11-24T10:00:00Z",
        commentId: 77,
      }),
    ),
  );
  const snapshot = () =>
    readdirSync(recordsDir)
      .sort()
      .map((name) => [name, readFileSync(join(recordsDir, name), "utf8")]);
  const before = snapshot();
  const result = await runCli([
    "replay",
    "--config",
    configFile,
    "--records",
    recordsDir,
    "--outbox",
    outbox,
    eventFile,
  ]);
  return {
    ...result,
    /** The problems, with the temp folder taken out of the paths. */
    stderr: result.stderr.split(`${dir}/`).join(""),
    nothingWritten: JSON.stringify(snapshot()) === JSON.stringify(before) && !existsSync(outbox),
  };
}

const withConfig = (yaml: string) => replay({ config: yaml });
const withRecord = (name: string, text: string) => replay({ records: { [name]: text } });

describe("the replay helper", () => {
  it("writes when the input is good, so that 'nothing written' below means something", async () => {
    const result = await replay({ records: { "alice.yml": VALID_RECORD } });
    expect(result.code).toBe(0);
    expect(result.nothingWritten).toBe(false);
  });
});

describe("hostile YAML in the config", () => {
  it("refuses nesting deeper than 100 levels at its line, writing nothing", async () => {
    const deep = `trainingRepo: acme/context7-training\nroster: ${"[".repeat(10_000)}${"]".repeat(10_000)}\n`;
    const result = await withConfig(deep);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "context7-training.yml:2: is not valid YAML: nesting exceeded maxDepth (100); fix the syntax at that line",
    );
    expect(result.nothingWritten).toBe(true);
  });

  it("refuses a NUL byte, naming its line, writing nothing", async () => {
    const result = await withConfig(
      "trainingRepo: acme/context7-training\nmanagers: [dev\u0000manager]\n",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /context7-training\.yml:\d+: is not valid YAML: null byte is not allowed in input; fix the syntax at that line/,
    );
    expect(result.nothingWritten).toBe(true);
  });

  it("refuses a key written twice, at the second one's line, writing nothing", async () => {
    const result = await withConfig(`${SAMPLE_CONFIG}managers: [mallory]\n`);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `context7-training.yml:${SAMPLE_CONFIG.split("\n").length}: is not valid YAML: duplicated mapping key; fix the syntax at that line`,
    );
    expect(result.nothingWritten).toBe(true);
  });

  it("refuses tags that would build code or other types (!!js/function, !!set), writing nothing", async () => {
    for (const tagged of [
      "trainingRepo: !!js/function 'function () { return 1 }'\n",
      "trainingRepo: acme/context7-training\nmanagers: !!set { dev-manager }\n",
    ]) {
      const result = await withConfig(tagged);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/context7-training\.yml:\d+: is not valid YAML: unknown tag/);
      expect(result.nothingWritten).toBe(true);
    }
  });

  it("refuses a merge key that repeats an anchor, at the alias's line, writing nothing", async () => {
    const merged = [
      "trainingRepo: acme/context7-training",
      "defaults: &developer { role: backend, start: 2026-11-23 }",
      "roster:",
      "  - login: alice",
      "    <<: *developer",
      "  - login: bob",
      "    <<: *developer",
      "",
    ].join("\n");
    const result = await withConfig(merged);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "context7-training.yml:5: uses YAML aliases (*name) to repeat content, which could blow up when read (a billion laughs); write the values out instead",
    );
    expect(result.nothingWritten).toBe(true);
  });

  it("names a roster written as text and an escalation matrix written as a mapping, writing nothing", async () => {
    const result = await withConfig(
      "trainingRepo: acme/context7-training\nroster: alice, bob\nescalation: { level: 1, title: Lead }\n",
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'context7-training.yml:2: roster: must be a list (`[a, b]`, or one `- item` per line), not the text "alice, bob"',
    );
    expect(result.stderr).toContain(
      "context7-training.yml:3: escalation: must be a list (`[a, b]`, or one `- item` per line), not a mapping",
    );
    expect(result.nothingWritten).toBe(true);
  });
});

describe("hostile and malformed records", () => {
  it("refuses an alias bomb in a record at the alias's line, writing nothing", async () => {
    const bomb = [
      "version: 1",
      "login: alice",
      "evidence: &e [{ id: u1, kind: usage, at: 2026-11-24T10:00:00Z, source: review }]",
      "copies: [*e, *e, *e, *e, *e, *e, *e, *e]",
      "",
    ].join("\n");
    const result = await withRecord("alice.yml", bomb);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("records/alice.yml:4: uses YAML aliases");
    expect(result.nothingWritten).toBe(true);
  });

  it("names wrong types in evidence at their lines with what to write, writing nothing", async () => {
    const text = [
      "version: 1",
      "login: alice",
      "evidence:",
      "  - { id: k1, kind: knowledge-score, at: 2026-11-24T10:00:00Z, score: '92', by: dev-manager }",
      "  - { id: u1, kind: usage, at: 2026-11-24T10:00:00Z, source: review, libraries: 5 }",
      "",
    ].join("\n");
    const result = await withRecord("alice.yml", text);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'records/alice.yml:4: evidence[0].score: must be a number, written without quotes, not the text "92"',
    );
    expect(result.stderr).toContain(
      "records/alice.yml:5: evidence[1].libraries: must be a list (`[a, b]`, or one `- item` per line), not the number 5",
    );
    expect(result.nothingWritten).toBe(true);
  });

  it("names an unknown key in an evidence item at its line, writing nothing", async () => {
    const text =
      "version: 1\nlogin: alice\nevidence:\n  - { id: u1, kind: usage, at: 2026-11-24T10:00:00Z, source: review, verdict: green }\n";
    const result = await withRecord("alice.yml", text);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      'records/alice.yml:4: evidence[0].verdict: unknown key "verdict": remove it',
    );
    expect(result.nothingWritten).toBe(true);
  });

  it("refuses a second file for the same developer (Alice.yml beside alice.yml), writing nothing", async () => {
    const result = await replay({
      records: {
        "alice.yml": VALID_RECORD,
        "Alice.yml": serializeRecord(record("Alice", [usage("2026-11-24")])),
      },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /records\/Alice\.yml:\d+: login: is "Alice", but the file is not named alice\.yml; rename the file or fix the login/,
    );
    expect(result.nothingWritten).toBe(true);
  });

  it("refuses a record nested deeper than 100 levels, writing nothing", async () => {
    const result = await withRecord(
      "alice.yml",
      `version: 1\nlogin: alice\nevidence: ${"[".repeat(5_000)}\n`,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "records/alice.yml:3: is not valid YAML: nesting exceeded maxDepth (100)",
    );
    expect(result.nothingWritten).toBe(true);
  });
});

describe("commands a manager writes badly", () => {
  const config = makeConfig({
    roster: [
      { login: "alice", role: "backend", start: "2026-11-23" },
      { login: "lead", role: "backend", start: "2026-11-23" },
    ],
    managers: ["dev-manager", "lead"],
  });
  const context = { author: "dev-manager", deliveryId: "d-1", at: "2026-11-24T10:00:00Z" };

  it(`refuses a comment of more than ${MAX_COMMANDS_PER_COMMENT} commands as a whole, recording nothing`, () => {
    const body = Array.from(
      { length: MAX_COMMANDS_PER_COMMENT + 1 },
      () => "/context7 final @alice 90",
    ).join("\n");
    const outcome = decideCommands(config, parseCommands(body), context);
    expect(outcome).toEqual({
      recorded: false,
      errors: [
        "this comment holds 101 commands; one comment may hold at most 100: split them over several comments",
      ],
    });
  });

  it("refuses a manager's command about themself, naming who must run it, recording nothing", () => {
    const outcome = decideCommands(
      config,
      parseCommands("/context7 knowledge @alice 90\n/context7 shared @Lead showed query-docs"),
      { ...context, author: "lead" },
    );
    expect(outcome).toEqual({
      recorded: false,
      errors: [
        "@lead cannot run `/context7 shared` about themself, even as a manager: another manager runs it (no one scores, credits or certifies themself)",
      ],
    });
  });

  it("quotes at most a short piece of a 1 MB argument, so the one reply fits in a comment", () => {
    const huge = "9".repeat(1_048_576);
    const outcome = decideCommands(
      config,
      parseCommands(
        `/context7 knowledge @${huge}\n/context7 final @alice ${huge}\n/context7 ${huge}`,
      ),
      context,
    );
    const reply = describeOutcome(outcome);
    expect(outcome.recorded).toBe(false);
    expect(reply.length).toBeLessThan(2_000);
    expect(reply).toContain("is not an @login; use `/context7 knowledge @login <score 0-100>`");
    expect(reply).toContain(
      "the score must be one number from 0 to 100; use `/context7 final @login <score 0-100>`",
    );
    expect(reply).toContain("is not a command; use one of");
  });
});
