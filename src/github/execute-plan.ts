/**
 * The one executor of the scheduled run: it makes the writes of a `RunPlan`, step by step
 * in the plan's order, and decides nothing itself (src/core/run-plan.ts decides).
 */
import type { Octokit } from "@octokit/rest";
import type { RunPlan, RunStep } from "../core/run-plan.js";
import { fetchKpiFacts } from "./baseline.js";
import { commitFiles } from "./dashboards.js";
import { postReport } from "./discussions.js";
import { applyIssueWrite, LabelGuard, type RepoRef } from "./issues.js";
import type { StoreOptions } from "./record-store.js";

export interface ExecuteOptions {
  /** The branch the dashboards are committed to. */
  branch: string;
  /** How the KPI facts are written to the record store (the records key). */
  store?: StoreOptions;
  /** Where the outcome of a step known only when it runs (the KPI facts found) is told. */
  log: (message: string) => void;
}

export async function executePlan(
  octokit: Octokit,
  repo: RepoRef,
  plan: RunPlan,
  options: ExecuteOptions,
): Promise<void> {
  const labels = new LabelGuard(octokit, repo);
  for (const step of plan.steps) await executeStep(octokit, repo, labels, step, options);
}

async function executeStep(
  octokit: Octokit,
  repo: RepoRef,
  labels: LabelGuard,
  step: RunStep,
  options: ExecuteOptions,
): Promise<void> {
  switch (step.step) {
    case "config-problem":
    case "escalation":
    case "issue":
    case "record-edits":
      await applyIssueWrite(octokit, repo, labels, step.issue);
      return;
    case "dashboards":
      await commitFiles(octokit, repo, options.branch, step.files, step.message);
      return;
    case "report":
      if (step.discussion === null)
        throw new Error(
          `the weekly report "${step.title}" has no discussion to post to: its plan was made without looking up the training repo's discussions (offline); run the scheduled Action to post it`,
        );
      await postReport(octokit, step.discussion, step.category, step.title, step.body);
      return;
    case "kpi-facts": {
      // Facts for the KPIs, through the record store; they show from the next run on.
      const fetched = await fetchKpiFacts(
        octokit,
        repo,
        step.config,
        step.records,
        step.today,
        step.at,
        options.store,
      );
      options.log(
        `KPI facts: ${fetched.facts} recorded; baselines fetched for ${fetched.baselines.length === 0 ? "no one" : fetched.baselines.join(", ")}`,
      );
      return;
    }
  }
}
