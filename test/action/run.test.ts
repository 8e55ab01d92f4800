import { renameSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { inputsSchema } from "../../action/run.js";
import type { Evidence } from "../../src/core/evidence.js";
import { escalationMarker } from "../../src/core/plan.js";
import { serializeRecord } from "../../src/core/records.js";
import { type ActionRun, runIn, trainingCheckout } from "../support/action-run.js";
import { at, certification, knowledge, record, registryOf, usageOn } from "../support/builders.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/context7-training";
// Team adoption alerts are switched off here (threshold 0) so that each test sees one
// developer's escalation; the team issue has its own test.
const TEAM_CONFIG = `trainingRepo: acme/context7-training
roster:
  - { login: alice, role: backend, start: 2026-11-23 }
managers: [dev-manager]
escalation:
  - { level: 1, title: Training Coordinator, assignees: [dev-manager] }
  - { level: 2, title: Engineering Director, assignees: [eng-director] }
  - { level: 3, title: CTO/VP Engineering, assignees: [cto] }
  - { level: 4, title: Executive Leadership, assignees: [ceo] }
`;
// Tracker issues have their own test, too.
const CONFIG = `${TEAM_CONFIG}thresholds: { adoptionRate: 0 }\ntrackerIssues: false\n`;

/** A body matcher for nock: the fields given must match (a RegExp tests a string). */
function has(fields: Record<string, unknown>) {
  return (body: Record<string, unknown>) =>
    Object.entries(fields).every(([key, expected]) =>
      expected instanceof RegExp
        ? expected.test(String(body[key]))
        : JSON.stringify(body[key]) === JSON.stringify(expected),
    );
}
beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

interface Checkout {
  cwd: string;
  errors: ActionRun["errors"];
  outputs: ActionRun["outputs"];
}

function checkout(evidence: Evidence[], config = CONFIG): Checkout {
  const cwd = trainingCheckout(config, {
    "records/alice.yml": serializeRecord(record("alice", evidence)),
  });
  return { cwd, errors: [], outputs: {} };
}

async function run(repo: Checkout, now: string, dryRun = false) {
  const { result, errors, outputs } = await runIn(repo.cwd, { "dry-run": String(dryRun), now });
  repo.errors.push(...errors);
  Object.assign(repo.outputs, outputs);
  return result;
}

/**
 * The run's reads before it plans: its open issues and, with a valid config, the commits
 * that touched records/ since the previous workday began (none by hand here; the audit
 * has its own tests in record-edits.test.ts).
 */
function openIssues(
  issues: {
    number: number;
    body: string;
    user?: { login: string; type: string };
    created_at?: string;
  }[] = [],
  audited = true,
) {
  if (audited) nock(API).get(`${REPO}/commits`).query(true).reply(200, []);
  return nock(API)
    .get(`${REPO}/issues`)
    .query({ state: "open", labels: "context7-training", per_page: "100" })
    .reply(
      200,
      issues.map((issue) => ({ user: { login: "github-actions[bot]", type: "Bot" }, ...issue })),
    );
}

/** The five calls of one dashboard commit; `files` receives the paths committed. */
function dashboardCommit(files: string[] = []) {
  nock(API)
    .get(/\/git\/ref\/heads(%2F|\/)main$/)
    .reply(200, { object: { sha: "head" } });
  nock(API)
    .get(`${REPO}/git/commits/head`)
    .reply(200, { sha: "head", tree: { sha: "tree" } });
  nock(API)
    .post(`${REPO}/git/trees`, (body) => {
      files.push(...body.tree.map((entry: { path: string }) => entry.path));
      return body.base_tree === "tree";
    })
    .reply(201, { sha: "newtree" });
  nock(API)
    .post(
      `${REPO}/git/commits`,
      has({
        message: /Update Context7 training dashboards/,
        tree: "newtree",
        parents: ["head"],
      }),
    )
    .reply(201, { sha: "c1" });
  nock(API)
    .patch(/\/git\/refs\/heads(%2F|\/)main$/, has({ sha: "c1", force: false }))
    .reply(200, {});
}

/** The GraphQL answer listing the Reports category and the discussions with these titles. */
const lookup = (titles: string[]) => ({
  data: {
    repository: {
      id: "R_1",
      discussionCategories: { nodes: [{ id: "DIC_reports", name: "Reports" }] },
      discussions: { nodes: titles.map((title) => ({ title, category: { name: "Reports" } })) },
    },
  },
});

const lastUsedMonday = [...usageOn("2026-11-23"), knowledge("2026-11-23", 90)];

const W48 = "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)";
const W49 = "Context7 weekly report — 2026-W49 (2026-11-30 to 2026-12-06)";

/** The lookup of the due reports' discussions, answering that these are posted already. */
function reportsPosted(...titles: string[]) {
  nock(API)
    .post("/graphql", (body) => body.query.includes("discussionCategories"))
    .reply(200, lookup(titles));
}

describe("the scheduled run", () => {
  it("commits the dashboards of a fresh cohort and writes nothing else", async () => {
    const repo = checkout([]);
    openIssues();
    const files: string[] = [];
    dashboardCommit(files);
    const result = await run(repo, at("2026-11-23", "06:00:00"));
    expect(files).toEqual(["records/README.md", "records/alice.md", "records/dashboard.json"]);
    expect(result.apiCalls).toBe(7);
    expect(repo.outputs).toMatchObject({ green: 1, yellow: 0, "escalations-opened": 0 });
  });

  it("makes two API calls on a second run the same day: nothing changed", async () => {
    const repo = checkout([]);
    openIssues();
    dashboardCommit();
    const first = await run(repo, at("2026-11-23", "06:00:00"));
    // The commit landed in the checkout, as the next run's checkout would have it.
    for (const file of first.plan?.files ?? [])
      writeFileSync(join(repo.cwd, file.path), file.content);
    openIssues();
    expect((await run(repo, at("2026-11-23", "07:00:00"))).apiCalls).toBe(2);
  });

  it("opens, updates and closes the escalation of a developer going yellow, red, then green", async () => {
    const repo = checkout(lastUsedMonday);
    openIssues();
    dashboardCommit();
    nock(API)
      .post(`${REPO}/labels`, has({ name: "context7-training" }))
      .reply(201, {});
    let opened = "";
    nock(API)
      .post(`${REPO}/issues`, (body) => {
        opened = body.body;
        return (
          body.title === "Context7 escalation: alice — At Risk (level 1: Training Coordinator)" &&
          body.assignees[0] === "dev-manager"
        );
      })
      .reply(201, { number: 12 });
    await run(repo, at("2026-11-26", "06:00:00"));
    expect(opened).toContain("2 workdays without Context7 usage");

    openIssues([{ number: 12, body: opened }]);
    dashboardCommit();
    nock(API)
      .patch(`${REPO}/issues/12`, (body) => body.title.includes("Intervention Required (level 1"))
      .reply(200, {});
    nock(API)
      .post("/graphql")
      .reply(200, lookup(["Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)"]));
    await run(repo, at("2026-11-27", "06:00:00"));

    const back = checkout([...lastUsedMonday, ...usageOn("2026-11-27")]);
    openIssues([
      {
        number: 12,
        body: escalationMarker({ subject: "alice", status: "red", level: 1, since: "2026-11-27" }),
      },
    ]);
    dashboardCommit();
    nock(API)
      .post(`${REPO}/issues/12/comments`, has({ body: /`alice` is on track again/ }))
      .reply(201, {});
    nock(API)
      .patch(`${REPO}/issues/12`, has({ state: "closed", state_reason: "completed" }))
      .reply(200, {});
    nock(API)
      .post("/graphql")
      .reply(200, {
        data: {
          repository: {
            id: "R",
            discussionCategories: { nodes: [] },
            discussions: {
              nodes: [
                {
                  title: "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)",
                  category: { name: "Reports" },
                },
              ],
            },
          },
        },
      });
    const result = await run(back, at("2026-11-27", "18:00:00"));
    expect(back.outputs["escalations-closed"]).toBe(1);
    expect(result.plan?.report).toBeNull();
  });

  it("opens an issue for a failed gate, naming it", async () => {
    // Daily usage, but no knowledge check by Day 3 (Wednesday).
    const repo = checkout(usageOn("2026-11-23", "2026-11-24", "2026-11-25"));
    openIssues();
    dashboardCommit();
    nock(API).post(`${REPO}/labels`).reply(201, {});
    nock(API)
      .post(
        `${REPO}/issues`,
        has({
          title: /Intervention Required \(level 1/,
          body: /Gate 1 \(Knowledge Foundation\) failed: not passed by 2026-11-25/,
        }),
      )
      .reply(201, { number: 5 });
    await run(repo, at("2026-11-26", "06:00:00"));
  });

  it("opens a critical developer's issue at level 2, for the director", async () => {
    const repo = checkout(lastUsedMonday);
    openIssues();
    dashboardCommit();
    nock(API).post(`${REPO}/labels`).reply(422, { message: "already_exists" });
    nock(API)
      .post(
        `${REPO}/issues`,
        has({ title: /Critical \(level 2: Engineering Director\)/, assignees: ["eng-director"] }),
      )
      .reply(201, { number: 3 });
    reportsPosted(W48);
    await run(repo, at("2026-12-01", "06:00:00"));
  });

  it("moves an escalation up a level after 3 more workdays", async () => {
    const repo = checkout(lastUsedMonday);
    const since = escalationMarker({
      subject: "alice",
      status: "critical",
      level: 2,
      since: "2026-12-01",
    });
    openIssues([{ number: 3, body: since }]);
    dashboardCommit();
    nock(API)
      .patch(`${REPO}/issues/3`, has({ title: /level 3: CTO\/VP Engineering/, assignees: ["cto"] }))
      .reply(200, {});
    reportsPosted(W48, W49);
    await run(repo, at("2026-12-07", "06:00:00"));
  });

  it("steps up an escalation whose marker's since was pushed into the future, counting from its opening", async () => {
    const repo = checkout(lastUsedMonday);
    const frozen = escalationMarker({
      subject: "alice",
      status: "critical",
      level: 2,
      since: "2099-12-31",
    });
    openIssues([{ number: 3, body: frozen, created_at: "2026-12-01T06:00:00Z" }]);
    dashboardCommit();
    nock(API)
      .patch(`${REPO}/issues/3`, has({ title: /level 3: CTO\/VP Engineering/, assignees: ["cto"] }))
      .reply(200, {});
    reportsPosted(W48, W49);
    await run(repo, at("2026-12-07", "06:00:00"));
  });

  it("does not act on a marker's level raised past what the days since the opening allow", async () => {
    const repo = checkout(lastUsedMonday);
    // Opened on Friday for a red status, at level 1; over the weekend someone edited the
    // marker to level 4. On Monday alice is critical: the update is at level 2, not 4.
    const raised = escalationMarker({
      subject: "alice",
      status: "red",
      level: 4,
      since: "2026-12-07",
    });
    openIssues([{ number: 3, body: raised, created_at: "2026-12-04T06:00:00Z" }]);
    dashboardCommit();
    nock(API)
      .patch(
        `${REPO}/issues/3`,
        has({ title: /level 2: Engineering Director/, assignees: ["eng-director"] }),
      )
      .reply(200, {});
    reportsPosted(W48, W49);
    await run(repo, at("2026-12-07", "06:00:00"));
  });

  it("opens the team adoption issue at level 3 when adoption dips under 80%", async () => {
    const repo = checkout(lastUsedMonday, `${TEAM_CONFIG}trackerIssues: false\n`);
    openIssues();
    dashboardCommit();
    nock(API).post(`${REPO}/labels`).reply(201, {});
    nock(API)
      .post(`${REPO}/issues`, has({ title: /Critical \(level 2/ }))
      .reply(201, { number: 3 });
    nock(API)
      .post(
        `${REPO}/issues`,
        has({
          title: "Context7 escalation: team adoption below target (level 3: CTO/VP Engineering)",
          assignees: ["cto"],
        }),
      )
      .reply(201, { number: 4 });
    reportsPosted(W48);
    await run(repo, at("2026-12-01", "06:00:00"));
  });

  it("posts the weekly report on Friday, once a week", async () => {
    const repo = checkout([
      ...usageOn("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"),
      knowledge("2026-11-23", 90),
    ]);
    openIssues();
    dashboardCommit();
    const title = "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)";
    nock(API)
      .post("/graphql", (body) => body.query.includes("discussionCategories"))
      .reply(200, lookup([]));
    nock(API)
      .post(
        "/graphql",
        (body) =>
          body.query.includes("createDiscussion") &&
          body.variables.title === title &&
          body.variables.categoryId === "DIC_reports",
      )
      .reply(200, { data: { createDiscussion: { discussion: { id: "D_1" } } } });
    await run(repo, at("2026-11-27", "16:00:00"));

    openIssues();
    dashboardCommit();
    nock(API)
      .post("/graphql")
      .reply(200, lookup([title]));
    const again = await run(repo, at("2026-11-27", "17:00:00"));
    expect(again.plan?.report).toBeNull();
  });

  it("posts a missed week's report on the next run, each week once, and nothing on a rerun", async () => {
    const usage = [
      ...usageOn("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"),
      ...usageOn("2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"),
      knowledge("2026-11-23", 90),
    ];
    // No run on Friday 2026-11-27 (week 48); the next one is Friday 2026-12-04.
    const repo = checkout(usage);
    openIssues();
    dashboardCommit();
    reportsPosted();
    // Gate 2 failed on Day 7: alice has an escalation, kept open on the rerun.
    let escalation = "";
    nock(API).post(`${REPO}/labels`).reply(201, {});
    nock(API)
      .post(`${REPO}/issues`, (body) => {
        escalation = body.body;
        return true;
      })
      .reply(201, { number: 9 });
    const posted: { title: string; body: string }[] = [];
    nock(API)
      .post("/graphql", (body) => body.query.includes("createDiscussion"))
      .times(2)
      .reply(200, (_uri, body) => {
        const { title, body: text } = (body as { variables: { title: string; body: string } })
          .variables;
        posted.push({ title, body: text });
        return { data: { createDiscussion: { discussion: { id: `D_${posted.length}` } } } };
      });
    const result = await run(repo, at("2026-12-04", "16:00:00"));
    expect(result.plan?.reports.map((report) => report.title)).toEqual([W48, W49]);
    expect(posted.map((report) => report.title)).toEqual([W48, W49]);
    // Week 48's report is that week's, as of the end of its Sunday: five usage workdays.
    expect(posted[0]?.body).toMatch(/\| alice \| [^|]+ \| [^|]+ \| [^|]+ \| 5 \|/);
    expect(posted[1]?.body).toMatch(/\| alice \| [^|]+ \| [^|]+ \| [^|]+ \| 4 \|/);

    openIssues([{ number: 9, body: escalation }]);
    dashboardCommit();
    reportsPosted(W48, W49);
    const again = await run(repo, at("2026-12-04", "17:00:00"));
    expect(again.plan?.reports).toEqual([]);
    expect(again.plan?.report).toBeNull();
    expect(nock.isDone()).toBe(true);
  });

  it("prints the plan and writes nothing in a dry run", async () => {
    const repo = checkout(lastUsedMonday);
    openIssues();
    reportsPosted(W48);
    const result = await run(repo, at("2026-12-01", "06:00:00"), true);
    expect(result.plan?.escalations.map((e) => e.action)).toEqual(["open"]);
    expect(result.apiCalls).toBe(3);
  });

  it("fails on a bad config with an annotation at its line, and opens one configuration issue", async () => {
    const repo = checkout([], CONFIG.replace("role: backend", "role: backnd"));
    openIssues([], false);
    nock(API).post(`${REPO}/labels`).reply(201, {});
    nock(API)
      .post(
        `${REPO}/issues`,
        has({
          title: "Context7 training: configuration problem",
          body: /roster\[0\]\.role/,
        }),
      )
      .reply(201, { number: 9 });
    const result = await run(repo, at("2026-11-24"));
    expect(result.ok).toBe(false);
    expect(repo.errors[0]?.where).toEqual({ file: ".github/context7-training.yml", startLine: 3 });

    openIssues([{ number: 9, body: "x <!-- context7-training:config-problem -->" }], false);
    nock(API).patch(`${REPO}/issues/9`).reply(200, {});
    await run(repo, at("2026-11-24"));

    openIssues([{ number: 9, body: "x <!-- context7-training:config-problem -->" }], false);
    expect((await run(repo, at("2026-11-24"), true)).ok).toBe(false);
  });

  it("refuses a config that is a symbolic link, saying so", async () => {
    const repo = checkout([]);
    const config = join(repo.cwd, ".github/context7-training.yml");
    renameSync(config, join(repo.cwd, "elsewhere.yml"));
    symlinkSync("../elsewhere.yml", config);
    openIssues([{ number: 9, body: "x <!-- context7-training:config-problem -->" }], false);
    const result = await run(repo, at("2026-11-24"), true);
    expect(result.ok).toBe(false);
    expect(repo.errors[0]?.message).toContain(
      "is a symbolic link; the scheduled run and the App read only the file itself",
    );
  });

  it("opens each developer's tracker issue on Day 1, keeps it current, and closes it on certification", async () => {
    const withTrackers = CONFIG.replace("trackerIssues: false", "trackerIssues: true");
    const repo = checkout([], withTrackers);
    openIssues();
    dashboardCommit();
    nock(API).post(`${REPO}/labels`).reply(201, {});
    let tracker = "";
    nock(API)
      .post(`${REPO}/issues`, (body) => {
        tracker = body.body;
        return (
          body.title === "Context7 training tracker: alice" &&
          JSON.stringify(body.assignees) === '["alice"]' &&
          JSON.stringify(body.labels) === '["context7-training"]'
        );
      })
      .reply(201, { number: 12 });
    const first = await run(repo, at("2026-11-23", "06:00:00"));
    expect(repo.outputs["trackers-opened"]).toBe(1);
    expect(tracker).toContain("- [ ] Trainer session attended _(self-reported)_");
    for (const file of first.plan?.files ?? [])
      writeFileSync(join(repo.cwd, file.path), file.content);

    // The same day again: the tracker is current, so nothing is written.
    openIssues([{ number: 12, body: tracker }]);
    expect((await run(repo, at("2026-11-23", "07:00:00"))).apiCalls).toBe(2);

    // Certified: the tracker is closed with a comment.
    writeFileSync(
      join(repo.cwd, "records/alice.yml"),
      serializeRecord(record("alice", [certification("2026-11-23")])),
    );
    writeFileSync(join(repo.cwd, "records/certifications.json"), registryOf("alice"));
    openIssues([{ number: 12, body: tracker }]);
    dashboardCommit();
    nock(API)
      .post(`${REPO}/issues/12/comments`, has({ body: /Certified as `CONTEXT7-2026-0001`/ }))
      .reply(201, {});
    nock(API)
      .patch(`${REPO}/issues/12`, has({ state: "closed" }))
      .reply(200, {});
    await run(repo, at("2026-11-24", "06:00:00"));
  });

  it("sets aside a broken record: names it in the configuration issue, shows it as unreadable, and runs for everyone else", async () => {
    const withBob = CONFIG.replace(
      "roster:\n",
      "roster:\n  - { login: bob, role: frontend, start: 2026-11-23 }\n",
    );
    const repo = checkout(lastUsedMonday, withBob);
    writeFileSync(join(repo.cwd, "records/bob.yml"), "version: 1\nlogin: bob\nevidence: nope\n");
    // Bob's escalation was open before his file broke: nothing touches it.
    const bobEscalation = {
      number: 7,
      body: escalationMarker({ subject: "bob", status: "red", level: 1, since: "2026-11-20" }),
    };
    openIssues([bobEscalation]);
    const files: string[] = [];
    dashboardCommit(files);
    nock(API).post(`${REPO}/labels`).reply(201, {});
    let problemBody = "";
    nock(API)
      .post(`${REPO}/issues`, (body) => {
        problemBody = body.body;
        return body.title === "Context7 training: configuration problem";
      })
      .reply(201, { number: 9 });
    const result = await run(repo, at("2026-11-24", "06:00:00"));

    expect(result.ok).toBe(true);
    expect(problemBody).toContain("could not read the records of `bob`: everyone else");
    expect(problemBody).toContain("- records/bob.yml:3: evidence: must be a list");
    expect(repo.errors).toEqual([
      {
        message: expect.stringContaining("evidence"),
        where: { file: "records/bob.yml", startLine: 3 },
      },
    ]);
    // Alice is evaluated and her tracker written; Bob's last tracker is kept as it was.
    expect(files).toEqual(["records/README.md", "records/alice.md", "records/dashboard.json"]);
    expect(result.plan?.escalations).toEqual([]);
    const readme = result.plan?.files.find((f) => f.path === "records/README.md")?.content ?? "";
    expect(readme).toMatch(/\| \[bob\]\(\.\/bob\.md\) \| frontend \| 2 \| ⚠️ record unreadable \|/);
    expect(readme).toContain(
      "- **[bob](./bob.md)** ⚠️ record unreadable: records/bob.yml cannot be read",
    );
    // Team figures count only the developers whose record could be read.
    expect(repo.outputs).toMatchObject({ green: 1, yellow: 0, red: 0, critical: 0 });

    // Fixed: the issue closes, and Bob is evaluated again.
    writeFileSync(
      join(repo.cwd, "records/bob.yml"),
      serializeRecord(record("bob", usageOn("2026-11-24"))),
    );
    openIssues([bobEscalation, { number: 9, body: problemBody }]);
    dashboardCommit();
    nock(API)
      .post(`${REPO}/issues/9/comments`, has({ body: /valid again/ }))
      .reply(201, {});
    nock(API)
      .patch(`${REPO}/issues/9`, has({ state: "closed" }))
      .reply(200, {});
    nock(API)
      .post(`${REPO}/issues/7/comments`, has({ body: /`bob` is on track again/ }))
      .reply(201, {});
    nock(API)
      .patch(`${REPO}/issues/7`, has({ state: "closed" }))
      .reply(200, {});
    expect((await run(repo, at("2026-11-24", "18:00:00"))).ok).toBe(true);
  });

  it("refuses a malformed input before doing anything", () => {
    expect(inputsSchema.safeParse({ token: "" }).success).toBe(false);
    expect(inputsSchema.safeParse({ token: "t", now: "yesterday" }).success).toBe(false);
    expect(inputsSchema.safeParse({ token: "t", "dry-run": "maybe" }).success).toBe(false);
  });
});
