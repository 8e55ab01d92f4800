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
import { runCli } from "../support/cli.js";
import { pushEvent, reviewEvent } from "../support/webhooks.js";

const SAMPLE = [
  "--config",
  "test/fixtures/sample-team/config.yml",
  "--records",
  "test/fixtures/sample-team/records",
];

/** What replaying the two-week scenario leaves in the records folder. */
const SCENARIO_FILES = [
  "alice.credential.json",
  "alice.yml",
  "bob.yml",
  "carol.yml",
  "certifications.json",
  "dave.yml",
];

describe("detect", () => {
  it("prints references as JSON from stdin", async () => {
    const result = await runCli(
      ["detect", "--json"],
      'get-library-docs "/vercel/next.js/v15.1.8" topic: "caching"',
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      {
        kind: "tool",
        tool: "get-library-docs",
        libraryId: "/vercel/next.js",
        version: "v15.1.8",
        libraryName: null,
        topic: "caching",
        index: 0,
        text: 'get-library-docs "/vercel/next.js/v15.1.8" topic: "caching"',
      },
    ]);
  });

  it("prints one line per reference, or says there are none", async () => {
    expect((await runCli(["detect", "-"], "use context7")).stdout).toBe("0\tphrase\t\n");
    expect((await runCli(["detect"], "/src/app")).stdout).toBe("no Context7 references\n");
  });

  it("reads a file and explains a missing one", async () => {
    const result = await runCli(["detect", "records/README.md"]);
    expect(result.code).toBe(0);
    const missing = await runCli(["detect", "no-such-file.md"]);
    expect(missing).toMatchObject({ code: 1, stdout: "" });
    expect(missing.stderr).toContain("no-such-file.md: cannot be read (ENOENT)");
  });
});

describe("report", () => {
  it("prints the weekly report for the week that holds --now", async () => {
    const result = await runCli(["report", ...SAMPLE, "--now", "2026-11-27T16:00:00Z"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^# Context7 weekly report — 2026-W48 \(2026-11-23 to 2026-11-29\)\n/,
    );
  });

  it("exits 1 without --records", async () => {
    const result = await runCli(["report", "--config", "test/fixtures/sample-team/config.yml"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("--records is required, for example --records records");
  });
});

describe("help", () => {
  it("lists the commands", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["detect", "status", "validate", "report"])
      expect(result.stdout).toContain(command);
  });
});

describe("replay", () => {
  it("replays deliveries into a fresh records folder and writes the outbox", async () => {
    const folder = mkdtempSync(join(tmpdir(), "c7-cli-replay-"));
    const records = join(folder, "records");
    const outbox = join(folder, "outbox.ndjson");
    const result = await runCli([
      "replay",
      "--config",
      "test/fixtures/sample-team/config.yml",
      "--records",
      records,
      "--outbox",
      outbox,
      "test/fixtures/scenario/events.ndjson",
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(
      /^replayed 82 events: 80 record commits in .*, 24 other writes in .*outbox\.ndjson, \d+ API calls\n$/,
    );
    expect(readdirSync(records).sort()).toEqual(SCENARIO_FILES);
    expect(readFileSync(outbox, "utf8").trim().split("\n")).toHaveLength(24);
  });

  it("exits 1 on malformed events, naming each line, and writes nothing", async () => {
    const folder = mkdtempSync(join(tmpdir(), "c7-cli-replay-"));
    const records = join(folder, "records");
    const result = await runCli([
      "replay",
      "--config",
      "test/fixtures/sample-team/config.yml",
      "--records",
      records,
      "test/fixtures/bad/events",
    ]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "broken.ndjson:1: payload.action: expected string, received nothing",
    );
    expect(result.stderr).toContain("broken.ndjson:2: is not valid JSON");
    expect(result.stderr).toContain('broken.ndjson:3: must be an object { "name"');
    expect(existsSync(records)).toBe(false);
  });

  it("names a malformed event's file and field in one line, replays the others, and exits 1", async () => {
    const folder = mkdtempSync(join(tmpdir(), "c7-cli-replay-"));
    const events = join(folder, "events");
    mkdirSync(events);
    const review = (reviewer: string, reviewId: number) =>
      reviewEvent({
        reviewer,
        author: "alice",
        repo: "acme/app",
        body: "Checked with use context7",
        reviewId,
        at: "2026-11-24T10:00:00Z",
      });
    const broken = review("dave", 2);
    (broken.payload as { review: { user: unknown } }).review.user = null;
    // A push whose `added` is no list: refused by the App's payload check.
    const failing = pushEvent({
      repo: "acme/context7-training",
      commits: [{ sha: "c1", author: "carol", message: "notes", at: "2026-11-24T11:00:00Z" }],
    });
    const push = failing.payload as {
      ref: string;
      repository: { default_branch: string };
      commits: { added: unknown }[];
    };
    push.ref = `refs/heads/${push.repository.default_branch}`;
    (push.commits[0] as { added: unknown }).added = 5;
    writeFileSync(join(events, "0001.json"), JSON.stringify(review("bob", 1)));
    writeFileSync(join(events, "0002.json"), JSON.stringify(failing));
    writeFileSync(join(events, "0003.json"), JSON.stringify(broken));
    writeFileSync(join(events, "0004.json"), JSON.stringify(review("carol", 3)));
    const result = await runCli([
      "replay",
      "--config",
      "test/fixtures/sample-team/config.yml",
      "--records",
      join(folder, "records"),
      events,
    ]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split("\n");
    expect(lines).toEqual([
      `${join(events, "0002.json")}: payload.commits[0].added: expected array, received number`,
      `${join(events, "0003.json")}: payload.review.user: expected object, received null`,
    ]);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toMatch(/^replayed 2 events: .*; 2 events skipped \(listed above\)\n$/);
    expect(readdirSync(join(folder, "records")).sort()).toEqual(["bob.yml", "carol.yml"]);
  });
});

describe("plan", () => {
  it("lists the escalations, the report and the files of the replayed two-week scenario", async () => {
    const records = join(mkdtempSync(join(tmpdir(), "c7-cli-plan-")), "records");
    const config = ["--config", "test/fixtures/sample-team/config.yml", "--records", records];
    expect((await runCli(["replay", ...config, "test/fixtures/scenario/events.ndjson"])).code).toBe(
      0,
    );
    const result = await runCli(["plan", ...config, "--now", "2026-12-04T17:00:00Z", "--json"]);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      escalations: [
        { subject: "bob", action: "open", status: "yellow", level: 1 },
        { subject: "carol", action: "open", status: "red", level: 1 },
        { subject: "dave", action: "open", status: "critical", level: 2 },
        { subject: "team", action: "open", status: "adoption", level: 3 },
      ],
      // Offline no tracker issue is open yet: one for each started developer not certified.
      issues: [
        { kind: "tracker", login: "bob", action: "open" },
        { kind: "tracker", login: "carol", action: "open" },
        { kind: "tracker", login: "dave", action: "open" },
      ],
      report: { title: "Context7 weekly report — 2026-W49 (2026-11-30 to 2026-12-06)" },
      // Offline no discussion is known: week 48's report is still to post, before week 49's.
      reports: [
        "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)",
        "Context7 weekly report — 2026-W49 (2026-11-30 to 2026-12-06)",
      ],
      files: [
        "records/README.md",
        "records/alice.md",
        "records/bob.md",
        "records/carol.md",
        "records/dave.md",
        "records/erin.md",
        "records/dashboard.json",
      ],
      // Offline no issue is open and no commit history is read; every fact counts unsigned.
      configProblem: null,
      recordEdits: null,
      // No baseline fetched yet: each started developer's, and the bug search since the
      // first Day 1's baseline window began.
      kpiFacts: {
        baselines: ["alice", "bob", "carol", "dave"],
        bugSearch: { label: "library-usage", from: "2026-10-26" },
      },
    });
    expect(readdirSync(records).sort()).toEqual(SCENARIO_FILES);
  });

  it("says what it would do in words without --json", async () => {
    const result = await runCli(["plan", ...SAMPLE, "--now", "2026-12-01T09:00:00Z"]);
    expect(result.stdout).toContain("open   dave                 critical  level 2");
    // Offline no discussion is known: last week's report shows as still to post.
    expect(result.stdout).toContain(
      "weekly reports to post (1):\n  Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)\n",
    );
    // The run's other writes: no issue is known open offline, and the KPI facts are searched.
    expect(result.stdout).toContain(
      "configuration-problem issue: none\nrecords audit: nothing to report\nKPI facts: baselines of ",
    );
  });
});
