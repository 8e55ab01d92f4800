import type { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { escalationMarker } from "../../src/core/plan.js";
import { serializeRecord } from "../../src/core/records.js";
import type { IssueWrite, RunPlan, RunStep } from "../../src/core/run-plan.js";
import { executePlan } from "../../src/github/execute-plan.js";
import { quietOctokit, runIn, trainingCheckout } from "../support/action-run.js";
import { at, knowledge, makeConfig, record, usageOn } from "../support/builders.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/context7-training";
const CONFIG = `trainingRepo: acme/context7-training
roster:
  - { login: alice, role: backend, start: 2026-11-23 }
  - { login: bob, role: frontend, start: 2026-11-23 }
managers: [dev-manager]
escalation:
  - { level: 1, title: Training Coordinator, assignees: [dev-manager] }
  - { level: 2, title: Engineering Director, assignees: [eng-director] }
thresholds: { adoptionRate: 0 }
trackerIssues: true
`;
const MALLORY = "a".repeat(40);
const quiet = () => {};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/**
 * A checkout whose run on Tuesday 2026-12-01 writes one of each: the configuration-problem
 * issue (bob's record is broken), the dashboards, alice's escalation and tracker, the close
 * of carol's escalation (off the roster), the records-audit issue (a hand edit by mallory)
 * and last week's report.
 */
function checkout(): string {
  return trainingCheckout(CONFIG, {
    "records/alice.yml": serializeRecord(
      record("alice", [...usageOn("2026-11-23"), knowledge("2026-11-23", 90)]),
    ),
    "records/bob.yml": "version: 1\nlogin: bob\nevidence: nope\n",
  });
}

/** The run's reads: its issues, the records audit, mallory's commit, the report lookup. */
function reads() {
  nock(API)
    .get(`${REPO}/issues`)
    .query(true)
    .reply(200, [
      {
        number: 7,
        user: { login: "github-actions[bot]", type: "Bot" },
        body: escalationMarker({ subject: "carol", status: "red", level: 1, since: "2026-11-20" }),
      },
    ]);
  nock(API)
    .get(`${REPO}/commits`)
    .query(true)
    .reply(200, [
      {
        sha: MALLORY,
        author: { login: "mallory" },
        commit: { author: { name: "Mallory", date: "2026-11-30T15:00:00Z" } },
      },
    ]);
  nock(API)
    .get(`${REPO}/commits/${MALLORY}`)
    .reply(200, { sha: MALLORY, files: [{ filename: "records/alice.yml", status: "modified" }] });
  nock(API)
    .post("/graphql", (body) => body.query.includes("discussionCategories"))
    .reply(200, {
      data: {
        repository: {
          id: "R_1",
          discussionCategories: { nodes: [{ id: "DIC_reports", name: "Reports" }] },
          discussions: { nodes: [] },
        },
      },
    });
}

/** GitHub's answers to any write the run may make. */
function answerWrites() {
  let next = 100;
  nock(API)
    .persist()
    .get(/\/git\/ref\/heads(%2F|\/)main$/)
    .reply(200, { object: { sha: "head" } })
    .get(`${REPO}/git/commits/head`)
    .reply(200, { sha: "head", tree: { sha: "tree" } })
    .post(`${REPO}/git/trees`)
    .reply(201, { sha: "newtree" })
    .post(`${REPO}/git/commits`)
    .reply(201, { sha: "c1" })
    .patch(/\/git\/refs\/heads(%2F|\/)main$/)
    .reply(200, {})
    .post(`${REPO}/labels`)
    .reply(201, {})
    .post(`${REPO}/issues`)
    .reply(201, () => ({ number: next++ }))
    .post(/\/issues\/\d+\/comments$/)
    .reply(201, {})
    .patch(/\/issues\/\d+$/)
    .reply(200, {})
    .post("/graphql", (body) => body.query.includes("createDiscussion"))
    .reply(200, { data: { createDiscussion: { discussion: { id: "D_1" } } } });
}

/** An Octokit that notes each write it makes, as "METHOD /path" (an issue opened or a report with its title). */
function recordingOctokit(writes: string[]): Octokit {
  const octokit = quietOctokit();
  octokit.hook.before("request", (options) => {
    if (options.method === "GET") return;
    const path = decodeURIComponent(
      octokit.request.endpoint(options).url.replace(`${API}${REPO}`, "").replace(API, ""),
    );
    // The label is ensured once per run, before the first issue it opens.
    if (path === "/labels") return;
    if (path === "/graphql") {
      const query = String(options.query);
      const variables = options.variables as { title?: unknown } | undefined;
      if (query.includes("createDiscussion")) writes.push(`post report ${variables?.title}`);
      return;
    }
    // An issue opened is told by its title.
    writes.push(`${options.method} ${path}${path === "/issues" ? ` ${options.title}` : ""}`);
  });
  return octokit;
}

function issueWrites(issue: IssueWrite): string[] {
  switch (issue.write) {
    case "open":
      return [`POST /issues ${issue.title}`];
    case "update":
      return [`PATCH /issues/${issue.number}`];
    case "close":
      return [`POST /issues/${issue.number}/comments`, `PATCH /issues/${issue.number}`];
  }
}

/** The writes a step stands for, as `recordingOctokit` notes them. */
function expectedWrites(step: RunStep): string[] {
  switch (step.step) {
    case "dashboards":
      return ["POST /git/trees", "POST /git/commits", "PATCH /git/refs/heads/main"];
    case "report":
      return [`post report ${step.title}`];
    case "kpi-facts":
      // With searches that find nothing: each baseline fact, then the bug-search fact.
      return [
        ...step.baselines.map((due) => `PUT /contents/records/${due.login}.yml`),
        ...(step.bugSearch === null ? [] : ["PUT /contents/records/_team.yml"]),
      ];
    default:
      return issueWrites(step.issue);
  }
}

async function run(cwd: string, writes: string[], dryRun: boolean, kpiFacts = false) {
  const { result, log } = await runIn(
    cwd,
    {
      now: at("2026-12-01", "06:00:00"),
      "dry-run": String(dryRun),
      "kpi-facts": String(kpiFacts),
    },
    recordingOctokit(writes),
  );
  return { result, log: log.split("\n") };
}

const EVERY_KIND = [
  "config-problem",
  "dashboards",
  "escalation",
  "escalation",
  "issue",
  "record-edits",
  "report",
];

describe("the scheduled run's executor", () => {
  it("makes exactly the writes of its plan, in the plan's order", async () => {
    const cwd = checkout();
    reads();
    answerWrites();
    const writes: string[] = [];
    const { result } = await run(cwd, writes, false);
    expect(result.ok).toBe(true);
    expect(result.runPlan.steps.map((step) => step.step)).toEqual(EVERY_KIND);
    expect(writes).toEqual(result.runPlan.steps.flatMap(expectedWrites));
    expect(writes).toContain("POST /issues/7/comments");
  });

  it("searches for the KPI facts last, writing what it finds through the record store", async () => {
    const cwd = checkout();
    reads();
    answerWrites();
    nock(API)
      .persist()
      .get("/search/issues")
      .query(true)
      .reply(200, { total_count: 0, items: [] })
      .get(/\/contents\/records%2F[a-z_]+\.yml$/)
      .reply(404, { message: "Not Found" })
      .put(/\/contents\/records%2F[a-z_]+\.yml$/)
      .reply(201, { content: { sha: "s1" } });
    const writes: string[] = [];
    const { result, log } = await run(cwd, writes, false, true);
    const kpi = result.runPlan.steps.at(-1);
    // Bob's record is unreadable: only alice's baseline is due.
    expect(kpi).toMatchObject({
      step: "kpi-facts",
      baselines: [{ login: "alice" }],
      bugSearch: { label: "library-usage" },
    });
    expect(writes).toEqual(result.runPlan.steps.flatMap(expectedWrites));
    expect(writes.slice(-2)).toEqual([
      "PUT /contents/records/alice.yml",
      "PUT /contents/records/_team.yml",
    ]);
    expect(log).toContain("KPI facts: 2 recorded; baselines fetched for alice");
  });

  it("makes no write in a dry run, and describes the same plan", async () => {
    const cwd = checkout();
    reads();
    const writes: string[] = [];
    // With the KPI facts on: no search is made either (none is answered here).
    const { result, log } = await run(cwd, writes, true, true);
    expect(writes).toEqual([]);
    expect(result.runPlan.steps.map((step) => step.step)).toEqual([...EVERY_KIND, "kpi-facts"]);
    const described = log.join("\n");
    expect(described).toContain(
      '- would open the issue "Context7 training: configuration problem" with 1 problems (records set aside: bob)',
    );
    expect(described).toContain("- would close the escalation of `carol` (green, level 1)");
    expect(described).toContain(
      '- would post "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)"',
    );
    expect(described).toContain(
      '- would search for KPI facts (the baselines of alice; the "library-usage" issues since 2026-10-26) and record what it finds',
    );
    expect(described).toMatch(/dry run: nothing written \(4 API calls/);
  });

  it("writes an issue without the assignees GitHub refuses, naming them; the configuration issue keeps its own", async () => {
    const sent: Record<string, unknown>[] = [];
    const note = (body: Record<string, unknown>) => {
      sent.push(body);
      return true;
    };
    nock(API).post(`${REPO}/labels`).reply(201, {});
    nock(API).post(`${REPO}/issues`, note).reply(422, { message: "Validation Failed" });
    nock(API).post(`${REPO}/issues`, note).reply(201, { number: 3 });
    nock(API).patch(`${REPO}/issues/9`, note).reply(200, {});
    const plan: RunPlan = {
      plan: null,
      recordEdits: null,
      steps: [
        {
          step: "record-edits",
          action: {
            action: "open",
            number: null,
            title: "Context7 training: records edited by hand",
            body: "body",
            assignees: ["director"],
            added: [],
            rejected: [],
          },
          issue: {
            write: "open",
            title: "Context7 training: records edited by hand",
            body: "body",
            assignees: ["director"],
          },
        },
        {
          step: "config-problem",
          issue: {
            write: "update",
            number: 9,
            title: "Context7 training: configuration problem",
            body: "b",
          },
          problems: ["x"],
          skipped: [],
        },
      ],
    };
    await executePlan(recordingOctokit([]), { owner: "acme", repo: "context7-training" }, plan, {
      branch: "main",
      log: quiet,
    });
    expect(sent[0]).toMatchObject({ assignees: ["director"] });
    expect(sent[1]).toMatchObject({
      assignees: [],
      body: "body\n\n_Could not assign `director`: give them access to this repository._",
    });
    expect(sent[2]).toEqual({ title: "Context7 training: configuration problem", body: "b" });
    expect(nock.isDone()).toBe(true);
  });

  it("refuses a report planned offline, before any request", async () => {
    const writes: string[] = [];
    const plan: RunPlan = {
      plan: null,
      recordEdits: null,
      steps: [
        {
          step: "report",
          title: "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)",
          body: "# report",
          category: "Reports",
          discussion: null,
        },
      ],
    };
    await expect(
      executePlan(recordingOctokit(writes), { owner: "acme", repo: "context7-training" }, plan, {
        branch: "main",
        log: quiet,
      }),
    ).rejects.toThrow(/has no discussion to post to: .*offline/);
    expect(writes).toEqual([]);
  });

  it("searches for no KPI fact when nobody has started", async () => {
    const config = makeConfig({
      roster: [{ login: "alice", role: "backend", start: "2027-01-04" }],
    });
    const logged: string[] = [];
    const plan: RunPlan = {
      plan: null,
      recordEdits: null,
      steps: [
        {
          step: "kpi-facts",
          today: "2026-12-01",
          at: "2026-12-01T06:00:00.000Z",
          baselines: [],
          bugSearch: null,
          config,
          records: [],
        },
      ],
    };
    await executePlan(recordingOctokit([]), { owner: "acme", repo: "context7-training" }, plan, {
      branch: "main",
      log: (message) => logged.push(message),
    });
    expect(logged).toEqual(["KPI facts: 0 recorded; baselines fetched for no one"]);
  });
});
