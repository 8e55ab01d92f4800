/**
 * API calls of the scheduled run for 1,000 developers: a rerun with nothing changed, and
 * the next workday. GitHub is nock, keeping the issues the run opens so the next run finds
 * them; the checkout gets the committed dashboards, as the next run's checkout would.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { inputsSchema, runAction } from "../action/run.js";
import type { Evidence } from "../src/core/evidence.js";
import { serializeRecord } from "../src/core/records.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/context7-training";
const DEVELOPERS = 1000;

function workspace(trackerIssues: boolean): string {
  const cwd = mkdtempSync(join(tmpdir(), "c7-bench-action-"));
  mkdirSync(join(cwd, ".github"));
  mkdirSync(join(cwd, "records"));
  const roster = Array.from(
    { length: DEVELOPERS },
    (_, i) => `  - { login: dev-${i}, role: backend, start: 2026-11-23 }`,
  );
  writeFileSync(
    join(cwd, ".github/context7-training.yml"),
    // Long deadlines: only the idle developers escalate, the rest stay green.
    `trainingRepo: acme/context7-training\nroster:\n${roster.join("\n")}\nmanagers: [boss]\n` +
      "deadlines: { practical: 30, integration: 30, certification: 30 }\n" +
      `trackerIssues: ${trackerIssues}\n`,
  );
  const days = [
    "2026-11-23",
    "2026-11-24",
    "2026-11-25",
    "2026-11-26",
    "2026-11-27",
    "2026-11-30",
    "2026-12-01",
  ];
  for (let i = 0; i < DEVELOPERS; i++) {
    // One developer in ten stops using Context7 after Wednesday of week 1.
    const used = i % 10 === 0 ? days.slice(0, 3) : days;
    const evidence: Evidence[] = [
      ...used.map(
        (day, k): Evidence => ({
          id: `u-${i}-${k}`,
          kind: "usage",
          at: `${day}T09:00:00Z`,
          source: "review",
        }),
      ),
      { id: `k-${i}`, kind: "knowledge-score", at: "2026-11-23T10:00:00Z", score: 90, by: "boss" },
    ];
    writeFileSync(
      join(cwd, `records/dev-${i}.yml`),
      serializeRecord({ version: 1, login: `dev-${i}`, evidence }),
    );
  }
  return cwd;
}

/** A fake GitHub that remembers issues and pages them as GitHub does; returns its cleanup. */
function fakeGitHub() {
  // Issues the run opens are GitHub Actions' (the workflow token): the run trusts their markers.
  const user = { login: "github-actions[bot]", type: "Bot" };
  const issues = new Map<
    number,
    { number: number; body: string; state: string; user: typeof user }
  >();
  let next = 1;
  const scope = nock(API).persist();
  scope
    .get(`${REPO}/issues`)
    .query(true)
    .reply((uri) => {
      const url = new URL(uri, API);
      const page = Number(url.searchParams.get("page") ?? "1");
      const open = [...issues.values()].filter((issue) => issue.state === "open");
      const headers: Record<string, string> = {};
      if (open.length > page * 100) {
        url.searchParams.set("page", String(page + 1));
        headers.link = `<${url.toString()}>; rel="next"`;
      }
      return [200, open.slice((page - 1) * 100, page * 100), headers];
    });
  // The audit of records/: the commits since the previous workday, none by hand.
  scope.get(`${REPO}/commits`).query(true).reply(200, []);
  scope.get(/\/git\/ref\//).reply(200, { object: { sha: "head" } });
  scope.get(/\/git\/commits\//).reply(200, { sha: "head", tree: { sha: "tree" } });
  scope.post(`${REPO}/git/trees`).reply(201, { sha: "t2" });
  scope.post(`${REPO}/git/commits`).reply(201, { sha: "c2" });
  scope.patch(/\/git\/refs\//).reply(200, {});
  scope.post(`${REPO}/labels`).reply(422, {});
  scope.post(`${REPO}/issues`).reply(201, (_uri, body) => {
    const number = next++;
    issues.set(number, { number, body: (body as { body: string }).body, state: "open", user });
    return { number };
  });
  scope.patch(/\/issues\/\d+$/).reply(200, (uri, body) => {
    const issue = issues.get(Number(uri.split("/").pop()));
    const update = body as { body?: string; state?: string };
    if (issue !== undefined)
      Object.assign(
        issue,
        update.body === undefined ? {} : { body: update.body },
        update.state === undefined ? {} : { state: update.state },
      );
    return {};
  });
  scope.post(/\/issues\/\d+\/comments$/).reply(201, {});
  // The report discussions: week 48's report was posted on its Friday.
  scope.post("/graphql").reply(200, {
    data: {
      repository: {
        id: "R",
        discussionCategories: { nodes: [{ id: "DIC", name: "Reports" }] },
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
  return () => nock.cleanAll();
}

async function run(cwd: string, now: string) {
  const quiet = () => {};
  const result = await runAction({
    inputs: inputsSchema.parse({ token: "t", now, "kpi-facts": "false" }),
    octokit: new Octokit({
      auth: "t",
      log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
    }),
    repo: { owner: "acme", repo: "context7-training" },
    branch: "main",
    cwd,
    outputDir: join(cwd, "out"),
    io: { info: quiet, error: quiet, setOutput: quiet, summary: async () => {} },
  });
  // The dashboards committed are in the next run's checkout.
  for (const file of result.plan?.files ?? []) writeFileSync(join(cwd, file.path), file.content);
  return result;
}

/**
 * The runs of a week. Without tracker issues the changes are escalations and the dashboard
 * commit; with them (the default), tracker issues are opened and kept current too, at most
 * `trackerWritesPerRun` (100) a run.
 */
export async function scheduledRunCalls(
  trackerIssues: boolean,
): Promise<{ run: string; calls: number; changes: number }[]> {
  nock.disableNetConnect();
  const stop = fakeGitHub();
  try {
    const cwd = workspace(trackerIssues);
    const rows = [];
    for (const [name, now] of [
      ["first run (Tue 12-01)", "2026-12-01T06:00:00Z"],
      ["rerun the same day", "2026-12-01T07:00:00Z"],
      ["next workday (Wed 12-02)", "2026-12-02T06:00:00Z"],
      ["Thu 12-03: the idle hundred turn critical", "2026-12-03T06:00:00Z"],
    ] as const) {
      const result = await run(cwd, now);
      const changes =
        (result.plan?.escalations.length ?? 0) +
        (result.plan?.issues.length ?? 0) +
        ((result.plan?.files.length ?? 0) > 0 ? 1 : 0);
      rows.push({ run: name, calls: result.apiCalls, changes });
    }
    return rows;
  } finally {
    stop();
    nock.enableNetConnect();
  }
}
