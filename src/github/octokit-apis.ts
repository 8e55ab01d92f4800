/**
 * The narrow APIs that the record store, the write queue and the package-file reader take,
 * cut from one Octokit (in the App, the delivery's installation Octokit): a handler hands
 * over the Octokit, and only src/github/ knows where in it each endpoint lives.
 */
import type { Octokit } from "@octokit/rest";

/** The Contents and branch calls (`storeEvidence`, `updateFile`, `findVersionMismatches`, …). */
export function reposApi(octokit: Pick<Octokit, "rest">): Octokit["rest"]["repos"] {
  return octokit.rest.repos;
}

/** The calls the write queue makes: the repos API and GraphQL. */
export function recordsApi(octokit: Pick<Octokit, "rest" | "graphql">) {
  return { repos: octokit.rest.repos, graphql: octokit.graphql };
}
