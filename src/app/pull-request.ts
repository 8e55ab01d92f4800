/** `pull_request`: usage in PR bodies, submission merges and closes, real-world PRs, and the exercise check run. */
import type { Context, Probot } from "probot";
import { rosterEntryFor } from "../core/config.js";
import { detect, hasReference, visibleText } from "../core/detect.js";
import {
  countChangesRequested,
  evidenceFromEvent,
  exerciseIdOf,
  isMergedDelivery,
  mergedPullRequestEvidence,
} from "../core/events.js";
import { formatProblem } from "../core/problems.js";
import { isManager } from "../core/record-edits.js";
import { CHECK_NAME, checkEvidence, checkSubmission } from "../core/submission.js";
import { renderVersionMismatches } from "../core/versions.js";
import { checkRunOnce } from "../github/follow-ups.js";
import { reposApi } from "../github/octokit-apis.js";
import { findVersionMismatches } from "../github/package-files.js";
import { listPullReviews } from "../github/pulls.js";
import type { Runtime } from "./runtime.js";

const CHECKED_ACTIONS = new Set(["opened", "edited", "reopened", "synchronize"]);

export function registerPullRequest(app: Probot, runtime: Runtime) {
  app.on(
    [
      "pull_request.opened",
      "pull_request.edited",
      "pull_request.reopened",
      "pull_request.synchronize",
      "pull_request.closed",
    ],
    async (context: Context<"pull_request">) => {
      const { pull_request: pr } = context.payload;
      const isSubmission = runtime.isTrainingRepo(context) && exerciseIdOf(pr) !== null;
      const mergedElsewhere =
        context.payload.action === "closed" &&
        pr.merged_at !== null &&
        !runtime.isTrainingRepo(context) &&
        pr.user?.type !== "Bot";
      if (!isSubmission && !mergedElsewhere && !hasReference(pr.body ?? "")) return;
      const config = await runtime.config(context);
      if (config === null) return;
      const author = rosterEntryFor(config, pr.user?.login ?? "")?.login;
      // An edit is the editor's usage, whoever wrote the PR.
      const editor =
        context.payload.action === "edited"
          ? rosterEntryFor(config, context.payload.sender?.login ?? "")?.login
          : undefined;
      if (author === undefined && editor === undefined) return;
      const facts = evidenceFromEvent(config, runtime.event(context));
      if (isMergedDelivery(config, context.payload)) {
        // Review rounds before the merge: one call listing the PR's reviews (100 a page).
        const reviews = await listPullReviews(context.octokit, context.repo(), pr.number);
        const merged = mergedPullRequestEvidence(
          config,
          context.payload,
          countChangesRequested(reviews, pr.merged_at as string),
        );
        if (merged !== null) facts.push(merged);
      }
      // A submission is checked as its author (or a manager) left it: a colleague's edit can
      // neither pass nor fail someone else's exercise.
      const sender = context.payload.sender?.login ?? "";
      const byAuthorOrManager =
        sender.toLowerCase() === (pr.user?.login ?? "").toLowerCase() || isManager(config, sender);
      const checked =
        author !== undefined &&
        isSubmission &&
        byAuthorOrManager &&
        CHECKED_ACTIONS.has(context.payload.action);
      const check = checked ? checkSubmission(config, pr) : null;
      const checkFact =
        check === null
          ? null
          : checkEvidence(check, pr, context.payload.repository.full_name, pr.updated_at);
      if (checkFact !== null && author !== undefined)
        facts.push({ login: author, evidence: checkFact });
      // The check run does not wait for the record: under load a commit can take seconds,
      // and the delivery must be answered within GitHub's 10 s.
      await Promise.all([
        runtime.record(context, facts),
        check === null ? undefined : publishCheck(context, runtime, check),
      ]);
    },
  );
}

/** The exercise check run, with a warning for each cited version the repo does not use. */
async function publishCheck(
  context: Context<"pull_request">,
  runtime: Runtime,
  check: NonNullable<ReturnType<typeof checkSubmission>>,
) {
  const { pull_request: pr } = context.payload;
  // A version mismatch is a warning in the summary; the conclusion is the curriculum's.
  const { mismatches, problems } = await findVersionMismatches(
    reposApi(context.octokit),
    context.repo(),
    pr.head.sha,
    detect(visibleText(pr.body ?? "")),
  );
  for (const problem of problems) {
    context.log.info(`context7-training: ${formatProblem(problem)}`);
  }
  const summary =
    mismatches.length === 0
      ? check.summary
      : `${check.summary}\n${renderVersionMismatches(mismatches, "check")}\n`;
  await checkRunOnce(
    context.octokit,
    await runtime.ownLogins(),
    context.repo({
      name: CHECK_NAME,
      head_sha: pr.head.sha,
      conclusion: check.passed ? ("success" as const) : ("failure" as const),
      output: { title: check.title, summary },
    }),
  );
}
