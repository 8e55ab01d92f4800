import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { fetchKpiFacts } from "../../src/github/baseline.js";
import { makeConfig } from "../support/builders.js";

const API = "https://api.github.com";
const TARGET = { owner: "acme", repo: "context7-training" };

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("the scheduled run's KPI facts", () => {
  it("fetches a developer's baseline once (search, reviews of each PR) and the labelled bugs", async () => {
    const config = makeConfig({ kpis: { baselinePullRequests: 2 } });
    const written: Record<string, string> = {};
    const searches: string[] = [];
    nock(API)
      .get("/search/issues")
      .query((query) => {
        searches.push(String(query.q));
        return String(query.q).startsWith("is:pr");
      })
      .reply(200, {
        total_count: 3,
        items: [
          {
            number: 7,
            node_id: "PR_7",
            created_at: "2026-11-02T10:00:00Z",
            html_url: "https://github.com/acme/game/pull/7",
            repository_url: "https://api.github.com/repos/acme/game",
            pull_request: { merged_at: "2026-11-03T10:00:00Z" },
          },
          {
            number: 8,
            node_id: "PR_8",
            created_at: "2026-11-04T10:00:00Z",
            html_url: "https://github.com/acme/game/pull/8",
            repository_url: "https://api.github.com/repos/acme/game",
            pull_request: { merged_at: "2026-11-04T22:00:00Z" },
          },
        ],
      })
      .get("/repos/acme/game/pulls/7/reviews")
      .query(true)
      .reply(200, [
        { state: "CHANGES_REQUESTED", submitted_at: "2026-11-02T12:00:00Z" },
        { state: "APPROVED", submitted_at: "2026-11-03T09:00:00Z" },
      ])
      .get("/repos/acme/game/pulls/8/reviews")
      .query(true)
      .reply(200, [])
      .get("/repos/acme/context7-training/contents/records%2Falice.yml")
      .reply(404, { message: "Not Found" })
      .put("/repos/acme/context7-training/contents/records%2Falice.yml", (body) => {
        written.alice = Buffer.from(body.content, "base64").toString("utf8");
        return true;
      })
      .reply(201, { content: { sha: "a1" } })
      .get("/search/issues")
      .query((query) => String(query.q).startsWith("is:issue"))
      .reply(200, {
        total_count: 1,
        items: [
          {
            number: 40,
            node_id: "I_40",
            created_at: "2026-11-10T09:00:00Z",
            html_url: "https://github.com/acme/game/issues/40",
            repository_url: "https://api.github.com/repos/acme/game",
          },
        ],
      })
      .get("/repos/acme/context7-training/contents/records%2F_team.yml")
      .reply(404, { message: "Not Found" })
      .put("/repos/acme/context7-training/contents/records%2F_team.yml", (body) => {
        written._team = Buffer.from(body.content, "base64").toString("utf8");
        return true;
      })
      .reply(201, { content: { sha: "t1" } });

    const result = await fetchKpiFacts(
      new Octokit({ request: { retries: 0 } }),
      TARGET,
      config,
      [],
      "2026-11-23",
      "2026-11-23T06:00:00Z",
    );
    expect(result).toEqual({ baselines: ["alice"], facts: 5 });
    expect(searches[0]).toBe(
      "is:pr is:merged author:alice user:acme -repo:acme/context7-training merged:2026-10-26..2026-11-22",
    );
    expect(written.alice).toContain("id: merged-pr-PR_7");
    expect(written.alice).toMatch(
      /id: merged-pr-PR_7\n\s+kind: merged-pr\n\s+at: 2026-11-03T10:00:00Z\n\s+changesRequested: 1/,
    );
    expect(written.alice).toMatch(
      /kind: baseline[\s\S]*pullRequests: 2\n\s+to: 2026-11-22\n\s+truncated: true/,
    );
    expect(written._team).toContain("kind: library-bug");
    expect(written._team).toContain("kind: bug-search");
  });

  it("makes one call when the baselines are fetched and no new bug was labelled", async () => {
    const config = makeConfig();
    nock(API).get("/search/issues").query(true).reply(200, { total_count: 0, items: [] });
    const records = [
      {
        version: 1 as const,
        login: "alice",
        evidence: [
          {
            id: "baseline-alice-2026-10-26",
            kind: "baseline" as const,
            at: "2026-11-23T06:00:00Z",
            from: "2026-10-26",
            to: "2026-11-22",
            pullRequests: 0,
            truncated: false,
          },
        ],
      },
      {
        version: 1 as const,
        login: "_team",
        evidence: [
          {
            id: "bug-search-library-usage-2026-10-26",
            kind: "bug-search" as const,
            at: "2026-11-23T06:00:00Z",
            from: "2026-10-26",
            label: "library-usage",
          },
        ],
      },
    ];
    const result = await fetchKpiFacts(
      new Octokit(),
      TARGET,
      config,
      records,
      "2026-11-24",
      "2026-11-24T06:00:00Z",
    );
    expect(result).toEqual({ baselines: [], facts: 0 });
  });
});
