import { describe, expect, it } from "vitest";
import {
  type FlaggedCommit,
  flagRecordCommits,
  MAX_LISTED_COMMITS,
  MAX_LISTED_FACTS,
  parseRecordEditsMarker,
  planRecordEdits,
  protectedFilesIn,
  RECORD_EDITS_TITLE,
  recordEditsMarker,
  recordEditsSince,
  recordFilesIn,
  recordsCheck,
  recordWriters,
} from "../../src/core/record-edits.js";
import { makeConfig } from "../support/builders.js";

const config = makeConfig({
  managers: ["dev-manager"],
  escalation: [{ level: 1, title: "Training Coordinator", assignees: ["dev-manager"] }],
});
const sha = (n: number) => n.toString(16).padStart(40, "a");
const flagged = (
  n: number,
  author = "mallory",
  at = `2026-11-2${n % 10}T10:00:00Z`,
): FlaggedCommit => ({
  sha: sha(n),
  author,
  at,
  files: [`records/alice.yml`],
});

describe("the Context7 records check of a pull request", () => {
  it("takes the paths under records/, renames out of it included, and nothing that only looks alike", () => {
    expect(
      recordFilesIn([
        { filename: "records/bob.yml" },
        { filename: "archive/alice.yml", previous_filename: "records/alice.yml" },
        { filename: "records-old/carol.yml" },
        { filename: "src/records/x.ts" },
      ]),
    ).toEqual(["records/alice.yml", "records/bob.yml"]);
  });

  it("takes the config with records/ as the files only managers change, renamed away included", () => {
    expect(
      protectedFilesIn([
        { filename: "records/bob.yml" },
        { filename: ".github/old.yml", previous_filename: ".github/context7-training.yml" },
        { filename: ".github/context7-training.yml.bak" },
        { filename: "docs/context7-training.yml" },
      ]),
    ).toEqual([".github/context7-training.yml", "records/bob.yml"]);
  });

  it("fails a developer's change of the config and records together, naming both", () => {
    const check = recordsCheck(config, "alice", [
      ".github/context7-training.yml",
      "records/alice.yml",
    ]);
    expect(check?.title).toBe(
      "records/ and the programme's config changed by @alice, who is not a manager",
    );
    expect(check?.summary).toContain(
      "This pull request changes a file under `records/` and the programme's config (`.github/context7-training.yml`), and @alice is not one of the programme's managers: records are written by the App from GitHub events; a hand edit could forge evidence; ask a manager; the config names the managers, the roster and the thresholds every gate is computed with.",
    );
    expect(check?.summary).toContain(
      "git checkout origin/main -- records/ .github/context7-training.yml",
    );
  });

  it("adds no check when records/ is untouched", () => {
    expect(recordsCheck(config, "alice", [])).toBeNull();
  });

  it("fails a developer's edit, saying which files, why and how to fix it", () => {
    const check = recordsCheck(config, "alice", ["records/alice.yml", "records/b`ob|.yml"]);
    expect(check?.conclusion).toBe("failure");
    expect(check?.title).toBe("records/ changed by @alice, who is not a manager");
    expect(check?.summary).toContain(
      "This pull request changes 2 files under `records/`, and @alice is not one of the programme's managers: records are written by the App from GitHub events; a hand edit could forge evidence; ask a manager.",
    );
    // A file name cannot break out of its code span or the list.
    expect(check?.summary).toContain("- `records/alice.yml`\n- `records/b ob .yml`");
    expect(check?.summary).toContain("(managers: @dev-manager)");
  });

  it("passes a manager's edit, whatever the case of the login", () => {
    expect(recordsCheck(config, "Dev-Manager", ["records/alice.yml"])).toMatchObject({
      conclusion: "success",
      title: "records/ changed by a manager (@Dev-Manager)",
    });
  });

  it("says how to get a manager when none is configured", () => {
    const check = recordsCheck(makeConfig({ managers: [] }), "alice", ["records/alice.yml"]);
    expect(check?.summary).toContain(
      "no manager is configured: add one to `managers` in the config",
    );
  });
});

describe("the audit of commits to records/", () => {
  const writers = recordWriters(config, "c7-acme[bot]");

  it("allows the App, the scheduled run and the managers, and flags anyone else", () => {
    const commits = [
      { sha: sha(1), login: "c7-acme[bot]", name: "c7", at: "2026-11-24T09:00:00Z" },
      { sha: sha(2), login: "github-actions[bot]", name: "gha", at: "2026-11-24T09:00:00Z" },
      { sha: sha(3), login: "DEV-MANAGER", name: "Boss", at: "2026-11-24T09:00:00Z" },
      { sha: sha(4), login: "mallory", name: "Mallory", at: "2026-11-24T11:00:00Z" },
      { sha: sha(5), login: null, name: "Eve\n::warning::x", at: "2026-11-24T10:00:00Z" },
      { sha: sha(6), login: "context7-training[bot]", name: "x", at: "2026-11-24T12:00:00Z" },
    ];
    expect(flagRecordCommits(commits, writers)).toEqual([
      {
        sha: sha(5),
        author: "Eve ::warning::x (no GitHub account)",
        at: "2026-11-24T10:00:00Z",
        files: null,
      },
      { sha: sha(4), author: "mallory", at: "2026-11-24T11:00:00Z", files: null },
      // The default bot login is not allowed when the App was registered under another.
      { sha: sha(6), author: "context7-training[bot]", at: "2026-11-24T12:00:00Z", files: null },
    ]);
  });

  it("looks back to the start of the previous program workday, in the programme's timezone", () => {
    const berlin = makeConfig({ timezone: "Europe/Berlin", holidays: ["2026-11-27"] });
    // Tuesday: since Monday 00:00 in Berlin.
    expect(recordEditsSince(berlin, Date.parse("2026-11-24T06:00:00Z"))).toBe(
      "2026-11-22T23:00:00.000Z",
    );
    // Monday, after a Friday holiday: since Thursday.
    expect(recordEditsSince(berlin, Date.parse("2026-11-30T06:00:00Z"))).toBe(
      "2026-11-25T23:00:00.000Z",
    );
    // The day after the switch to summer time: Monday began at 22:00 UTC.
    expect(recordEditsSince(berlin, Date.parse("2026-03-31T06:00:00Z"))).toBe(
      "2026-03-29T22:00:00.000Z",
    );
    expect(recordEditsSince(makeConfig(), Date.parse("2026-11-24T06:00:00Z"))).toBe(
      "2026-11-23T00:00:00.000Z",
    );
  });
});

describe("the records-edited-by-hand issue", () => {
  it("is opened for the level-1 contact, listing each commit with its author and files", () => {
    const action = planRecordEdits({
      config,
      appLogin: "context7-training[bot]",
      flagged: [flagged(1), { ...flagged(2, "eve"), files: null }],
      open: null,
    });
    expect(action).toMatchObject({
      action: "open",
      number: null,
      title: RECORD_EDITS_TITLE,
      assignees: ["dev-manager"],
    });
    expect(action?.body).toContain(
      "These commits changed `records/` but were not made by the App (`context7-training[bot]`), the scheduled run (`github-actions[bot]`) or a manager (`dev-manager`): records are written by the App from GitHub events; a hand edit could forge evidence; ask a manager.",
    );
    expect(action?.body).toContain(
      `| ${sha(1)} | \`mallory\` | 2026-11-21 | \`records/alice.yml\` |`,
    );
    expect(action?.body).toContain(`| ${sha(2)} | \`eve\` | 2026-11-22 | (not looked up) |`);
    expect(action?.body).toContain("git revert <sha>");
    expect(parseRecordEditsMarker(7, action?.body)?.commits.map((c) => c.sha)).toEqual([
      sha(1),
      sha(2),
    ]);
  });

  it("is updated with the new commits only, keeping those listed, and left alone when none is new", () => {
    const open = { number: 7, commits: [flagged(1)] };
    const action = planRecordEdits({
      config,
      appLogin: "context7-training[bot]",
      flagged: [flagged(1), flagged(3)],
      open,
    });
    expect(action).toMatchObject({ action: "update", number: 7 });
    expect(action?.added.map((c) => c.sha)).toEqual([sha(3)]);
    expect(parseRecordEditsMarker(7, action?.body)?.commits.map((c) => c.sha)).toEqual([
      sha(1),
      sha(3),
    ]);
    expect(planRecordEdits({ config, appLogin: "x[bot]", flagged: [flagged(1)], open })).toBeNull();
  });

  it(`lists the newest ${MAX_LISTED_COMMITS} commits, saying how many older ones it dropped`, () => {
    const many = Array.from({ length: MAX_LISTED_COMMITS + 5 }, (_, i) =>
      flagged(i + 1, "mallory", new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString()),
    );
    const action = planRecordEdits({ config, appLogin: "x[bot]", flagged: many, open: null });
    const kept = parseRecordEditsMarker(1, action?.body)?.commits ?? [];
    expect(kept).toHaveLength(MAX_LISTED_COMMITS);
    expect(kept[0]?.sha).toBe(sha(6));
    expect(action?.body).toContain("_5 older commits are no longer listed._");
  });

  it("keeps its marker whole whatever a commit's author or file names hold", () => {
    const hostile = { ...flagged(1, "x --> <b>y</b>"), files: ["records/-->.yml"] };
    const marker = recordEditsMarker([hostile]);
    expect(marker.indexOf("-->")).toBe(marker.length - 3);
    expect(parseRecordEditsMarker(3, `text\n${marker}`)?.commits).toEqual([hostile]);
    expect(parseRecordEditsMarker(3, "<!-- context7-training:record-edits {oops} -->")).toBeNull();
    expect(parseRecordEditsMarker(3, "an ordinary issue")).toBeNull();
  });

  it("lists rejected facts, and is updated only when a fact is newly rejected", () => {
    const rejected = [
      {
        file: "records/alice.yml",
        id: "knowledge-1",
        kind: "knowledge-score",
        reason: "no proof: the App did not write it",
      },
      {
        file: "records/alice.yml",
        id: "x | <img src=x> @org/team -->",
        kind: "usage",
        reason: "no proof",
      },
    ];
    const first = planRecordEdits({
      config,
      appLogin: "x[bot]",
      flagged: [],
      open: null,
      rejected,
    });
    expect(first).toMatchObject({ action: "open", added: [], rejected });
    expect(first?.body).not.toContain("These commits changed");
    expect(first?.body).toContain(
      "| records/alice.yml | knowledge-1 | knowledge-score | no proof: the App did not write it |",
    );
    expect(first?.body).toContain("x \\| &lt;img src=x&gt; @\u2060org/team --&gt;");
    const open = parseRecordEditsMarker(4, first?.body);
    expect(open?.rejected).toHaveLength(2);
    if (open === null) return;
    expect(planRecordEdits({ config, appLogin: "x[bot]", flagged: [], open, rejected })).toBeNull();
    const more = [
      ...rejected,
      { ...rejected[0], id: "final-2", kind: "final-score" } as (typeof rejected)[0],
    ];
    const update = planRecordEdits({
      config,
      appLogin: "x[bot]",
      flagged: [flagged(1)],
      open,
      rejected: more,
    });
    expect(update).toMatchObject({ action: "update", number: 4 });
    expect(update?.rejected.map((fact) => fact.id)).toEqual(["final-2"]);
    expect(update?.body).toContain("These commits changed");
    expect(parseRecordEditsMarker(4, update?.body)?.rejected).toHaveLength(3);
  });

  it(`lists the first ${MAX_LISTED_FACTS} rejected facts, counts the rest, and is not updated for them`, () => {
    const many = Array.from({ length: MAX_LISTED_FACTS + 3 }, (_, i) => ({
      file: "records/alice.yml",
      id: `usage-${String(i).padStart(4, "0")}`,
      kind: "usage",
      reason: "no proof",
    }));
    const first = planRecordEdits({
      config,
      appLogin: "x[bot]",
      flagged: [],
      open: null,
      rejected: many,
    });
    expect(first?.body).toContain("_and 3 more._");
    expect(first?.rejected).toHaveLength(MAX_LISTED_FACTS);
    const open = parseRecordEditsMarker(5, first?.body);
    if (open === null) throw new Error("no marker");
    expect(
      planRecordEdits({ config, appLogin: "x[bot]", flagged: [], open, rejected: many }),
    ).toBeNull();
  });
});
