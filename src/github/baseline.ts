/**
 * What the scheduled run fetches for the KPIs, written as facts through the record store
 * (compare-and-swap, merged by id) so nothing is fetched twice:
 *
 * - each started developer's baseline, once: their PRs merged outside the training repo in
 *   the `kpis.baselineWeeks` before Day 1 (one search call), and the reviews of each (one
 *   call per PR, at most `kpis.baselinePullRequests`), as `merged-pr` facts plus one
 *   `baseline` fact saying the window was fetched; at most `kpis.baselineDevelopersPerRun`
 *   developers a run (the search API allows 30 calls a minute);
 * - the library-usage bugs: one search per run (up to 3 pages of 100) for issues with
 *   `kpis.libraryBugLabel` created since the baseline began, as `library-bug` facts in
 *   `records/_team.yml`, with a `bug-search` fact recording the window searched.
 */
import type { Octokit } from "@octokit/rest";
import type { Config } from "../core/config.js";
import { countChangesRequested } from "../core/events.js";
import { type DeveloperRecord, type Evidence, TEAM_RECORD_LOGIN } from "../core/evidence.js";
import { baselinesDue, baselineWindow, cohortStart } from "../core/kpis.js";
import { type RepoRef, type StoreOptions, storeEvidence } from "./record-store.js";

const BUG_PAGES = 3;

/** owner/name from a search result's `repository_url`. */
function repoOf(repositoryUrl: string): { owner: string; repo: string; fullName: string } {
  const [owner = "", repo = ""] = repositoryUrl.split("/").slice(-2);
  return { owner, repo, fullName: `${owner}/${repo}` };
}

interface KpiFetchResult {
  baselines: string[];
  facts: number;
}

export async function fetchKpiFacts(
  octokit: Octokit,
  target: RepoRef,
  config: Config,
  records: readonly DeveloperRecord[],
  today: string,
  nowIso: string,
  store: StoreOptions = {},
): Promise<KpiFetchResult> {
  const result: KpiFetchResult = { baselines: [], facts: 0 };
  // The config schema checks trainingRepo is owner/name.
  const [owner = ""] = config.trainingRepo.split("/");
  for (const due of baselinesDue(config, records, today)) {
    const budget = config.kpis.baselinePullRequests;
    const { data } = await octokit.rest.search.issuesAndPullRequests({
      q: `is:pr is:merged author:${due.login} user:${owner} -repo:${config.trainingRepo} merged:${due.from}..${due.to}`,
      per_page: budget,
    });
    const items = data.items.slice(0, budget);
    const facts: Evidence[] = [];
    for (const item of items) {
      const mergedAt = item.pull_request?.merged_at;
      if (mergedAt === null || mergedAt === undefined) continue;
      const where = repoOf(item.repository_url);
      const { data: reviews } = await octokit.rest.pulls.listReviews({
        owner: where.owner,
        repo: where.repo,
        pull_number: item.number,
        per_page: 100,
      });
      facts.push({
        id: `merged-pr-${item.node_id}`,
        kind: "merged-pr",
        at: mergedAt,
        repo: where.fullName,
        pr: item.number,
        opened: item.created_at,
        changesRequested: countChangesRequested(reviews, mergedAt),
        url: item.html_url,
      });
    }
    facts.push({
      id: `baseline-${due.login.toLowerCase()}-${due.from}`,
      kind: "baseline",
      at: nowIso,
      from: due.from,
      to: due.to,
      pullRequests: facts.length,
      truncated: data.total_count > items.length,
    });
    const stored = await storeEvidence(octokit.rest.repos, target, due.login, facts, store);
    result.baselines.push(due.login);
    result.facts += stored.added.length;
  }

  const since = cohortStart(config, today);
  if (since === null) return result;
  const from = baselineWindow(config, since).from;
  const label = config.kpis.libraryBugLabel;
  const bugs: Evidence[] = [];
  for (let page = 1; page <= BUG_PAGES; page++) {
    const { data } = await octokit.rest.search.issuesAndPullRequests({
      q: `is:issue label:"${label}" user:${owner} created:>=${from}`,
      per_page: 100,
      page,
    });
    for (const item of data.items) {
      bugs.push({
        id: `library-bug-${item.node_id}`,
        kind: "library-bug",
        at: item.created_at,
        repo: repoOf(item.repository_url).fullName,
        issue: item.number,
        label,
        url: item.html_url,
      });
    }
    if (data.items.length < 100) break;
  }
  const team = records.find((record) => record.login === TEAM_RECORD_LOGIN);
  const searched = (team?.evidence ?? []).some(
    (item) => item.kind === "bug-search" && item.label === label && item.from <= from,
  );
  if (!searched)
    bugs.push({ id: `bug-search-${label}-${from}`, kind: "bug-search", at: nowIso, from, label });
  const known = new Set((team?.evidence ?? []).map((item) => item.id));
  const fresh = bugs.filter((item) => !known.has(item.id));
  if (fresh.length > 0) {
    const stored = await storeEvidence(octokit.rest.repos, target, TEAM_RECORD_LOGIN, fresh, store);
    result.facts += stored.added.length;
  }
  return result;
}
