/**
 * The scheduled run's audit of records/: commits on its branch since the previous workday
 * began, by anyone but the App, the run itself and the managers, go into one issue.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { inputsSchema } from "../../action/run.js";
import { serializeRecord } from "../../src/core/records.js";
import { runIn, trainingCheckout } from "../support/action-run.js";
import { record, usageOn } from "../support/builders.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/context7-training";
const CONFIG = `trainingRepo: acme/context7-training
roster:
  - { login: alice, role: backend, start: 2026-11-23 }
managers: [dev-manager]
escalation:
  - { level: 1, title: Training Coordinator, assignees: [dev-manager] }
thresholds: { adoptionRate: 0 }
trackerIssues: false
`;
// Tuesday: alice used Context7 on Monday, so the run has nothing else to do.
const NOW = "2026-11-24T06:00:00Z";
const SINCE = "2026-11-23T00:00:00.000Z";
const sha = (c: string) => c.repeat(40);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

/** A checkout whose dashboards are current, so that only the audit can write. */
async function checkout(): Promise<string> {
  const cwd = trainingCheckout(CONFIG, {
    "records/alice.yml": serializeRecord(record("alice", usageOn("2026-11-23"))),
  });
  openIssues();
  commitsSince([]);
  const dry = await run(cwd, { dryRun: true });
  for (const file of dry.result.plan?.files ?? [])
    writeFileSync(join(cwd, file.path), file.content);
  return cwd;
}

async function run(cwd: string, options: { dryRun?: boolean; appLogin?: string } = {}) {
  return runIn(cwd, {
    now: NOW,
    "dry-run": String(options.dryRun ?? false),
    ...(options.appLogin === undefined ? {} : { "app-login": options.appLogin }),
  });
}

function openIssues(issues: { number: number; body: string; labels?: unknown[] }[] = []) {
  nock(API)
    .get(`${REPO}/issues`)
    .query({ state: "open", labels: "context7-training", per_page: "100" })
    .reply(
      200,
      issues.map((issue) => ({ user: { login: "github-actions[bot]", type: "Bot" }, ...issue })),
    );
}

interface Commit {
  sha: string;
  login: string | null;
  name?: string;
  at?: string;
}

/** GitHub's answer to the commits listing: records/ on main since the previous workday. */
function commitsSince(commits: Commit[], headers: Record<string, string> = {}, page?: number) {
  nock(API)
    .get(`${REPO}/commits`)
    .query({
      sha: "main",
      path: "records",
      since: SINCE,
      per_page: "100",
      ...(page === undefined ? {} : { page: String(page) }),
    })
    .reply(
      200,
      commits.map((commit) => ({
        sha: commit.sha,
        author: commit.login === null ? null : { login: commit.login },
        commit: {
          author: {
            name: commit.name ?? commit.login ?? "?",
            date: commit.at ?? "2026-11-23T15:00:00Z",
          },
          committer: { name: "GitHub", date: commit.at ?? "2026-11-23T15:00:00Z" },
        },
      })),
      headers,
    );
}

function commitFiles(commit: string, files: string[]) {
  nock(API)
    .get(`${REPO}/commits/${commit}`)
    .reply(200, {
      sha: commit,
      files: files.map((filename) => ({ filename, status: "modified" })),
    });
}

const ALLOWED: Commit[] = [
  { sha: sha("1"), login: "context7-training[bot]" },
  { sha: sha("2"), login: "github-actions[bot]" },
  { sha: sha("3"), login: "dev-manager" },
];

describe("the audit of records/ in the scheduled run", () => {
  it("adds one call to the run and writes nothing when only the App, the run and managers committed", async () => {
    const cwd = await checkout();
    openIssues();
    commitsSince(ALLOWED);
    const { result, log } = await run(cwd);
    expect(result.recordEdits).toBeNull();
    expect(result.apiCalls).toBe(2); // the issues and the commits
    expect(log).toContain("- no hand edit of records found");
  });

  it("opens one issue listing each hand edit with its author and files, and adds only new ones later", async () => {
    const cwd = await checkout();
    openIssues();
    commitsSince([
      ...ALLOWED,
      { sha: sha("4"), login: "alice", at: "2026-11-23T18:00:00Z" },
      { sha: sha("5"), login: null, name: "Someone", at: "2026-11-23T19:00:00Z" },
    ]);
    commitFiles(sha("4"), ["records/alice.yml", "README.md"]);
    commitFiles(sha("5"), ["records/bob.yml"]);
    nock(API).post(`${REPO}/labels`).reply(201, {});
    let opened = "";
    nock(API)
      .post(`${REPO}/issues`, (body) => {
        opened = body.body;
        return (
          body.title === "Context7 training: records edited by hand" &&
          JSON.stringify(body.labels) === '["context7-training"]' &&
          JSON.stringify(body.assignees) === '["dev-manager"]'
        );
      })
      .reply(201, { number: 21 });
    const first = await run(cwd);
    // issues, commits, 2 commits' files, label, issue
    expect(first.result.apiCalls).toBe(6);
    expect(opened).toContain(`| ${sha("4")} | \`alice\` | 2026-11-23 | \`records/alice.yml\` |`);
    expect(opened).toContain(
      `| ${sha("5")} | \`Someone (no GitHub account)\` | 2026-11-23 | \`records/bob.yml\` |`,
    );
    expect(first.log).toContain(
      `- will open the issue "Context7 training: records edited by hand" with 2 commits: 4444444 by alice, 5555555 by Someone (no GitHub account)`,
    );

    // The next run sees those two again and one more: only the new one is looked up and added.
    openIssues([{ number: 21, body: opened }]);
    commitsSince([...ALLOWED, { sha: sha("4"), login: "alice" }, { sha: sha("6"), login: "bob" }]);
    commitFiles(sha("6"), ["records/bob.yml"]);
    let updated = "";
    nock(API)
      .patch(`${REPO}/issues/21`, (body) => {
        updated = body.body;
        return body.title === "Context7 training: records edited by hand";
      })
      .reply(200, {});
    const second = await run(cwd);
    expect(second.result.apiCalls).toBe(4);
    expect(updated).toContain(sha("4"));
    expect(updated).toContain(sha("5"));
    expect(updated).toContain(`| ${sha("6")} | \`bob\` |`);

    // And a run that finds nothing new leaves the issue alone for a manager to close.
    openIssues([{ number: 21, body: updated }]);
    commitsSince([{ sha: sha("6"), login: "bob" }]);
    expect((await run(cwd)).result.apiCalls).toBe(2);
  });

  it("prints the issue it would open in a dry run, and writes nothing", async () => {
    const cwd = await checkout();
    openIssues();
    commitsSince([{ sha: sha("7"), login: "mallory" }]);
    commitFiles(sha("7"), ["records/alice.yml"]);
    const { result, log } = await run(cwd, { dryRun: true });
    expect(result.recordEdits?.action).toBe("open");
    expect(log).toContain(
      '- would open the issue "Context7 training: records edited by hand" with 1 commits: 7777777 by mallory',
    );
    expect(log).toMatch(/dry run: nothing written \(3 API calls/);
  });

  it("takes the App's bot login from the app-login input", async () => {
    const cwd = await checkout();
    openIssues();
    commitsSince([{ sha: sha("8"), login: "acme-context7[bot]" }]);
    const { result } = await run(cwd, { appLogin: "acme-context7[bot]" });
    expect(result.recordEdits).toBeNull();
    expect(inputsSchema.safeParse({ token: "t", "app-login": "not a login" }).success).toBe(false);
  });

  it("reads at most 5 pages of commits, and says so when there were more", async () => {
    const cwd = await checkout();
    openIssues();
    const page = (n: number) =>
      Array.from({ length: 100 }, (_, i) => ({
        sha: `${n}${String(i).padStart(39, "0")}`,
        login: "context7-training[bot]",
      }));
    const next = (n: number) => ({
      link: `<${API}${REPO}/commits?sha=main&path=records&since=${encodeURIComponent(SINCE)}&per_page=100&page=${n}>; rel="next"`,
    });
    commitsSince(page(1), next(2));
    for (let n = 2; n <= 5; n++) commitsSince(page(n), next(n + 1), n);
    const { result, log } = await run(cwd);
    expect(result.apiCalls).toBe(6);
    expect(log).toContain(
      `records audit: only the newest 500 commits to records/ since ${SINCE} were checked`,
    );
  });
});
