/**
 * `pull_request_review` and `pull_request_review_comment`: usage, review references,
 * submission approvals and their dismissals.
 */
import type { Context, Probot } from "probot";
import { isBotAccount } from "../core/approvals.js";
import { detect, hasReference, visibleText } from "../core/detect.js";
import { exerciseIdOf } from "../core/events.js";
import { formatProblem } from "../core/problems.js";
import { renderVersionMismatches } from "../core/versions.js";
import { findVersionMismatches } from "../github/package-files.js";
import type { Runtime } from "./runtime.js";

export function registerReviews(app: Probot, runtime: Runtime) {
  app.on(
    "pull_request_review.submitted",
    async (context: Context<"pull_request_review.submitted">) => {
      const { review, pull_request: pr } = context.payload;
      // An approval or a changes-requested review of a submission is a fact for its author.
      const judgesSubmission =
        ["approved", "changes_requested"].includes(review.state.toLowerCase()) &&
        runtime.isTrainingRepo(context) &&
        exerciseIdOf(pr) !== null;
      if (!judgesSubmission && !hasReference(review.body ?? "")) return;
      const added = await runtime.recordEvent(context);
      // Only a first delivery is answered: a redelivered review adds no evidence.
      if (added.length === 0 || isBotAccount(review.user)) return;
      await warnAboutVersions(context, visibleText(review.body ?? ""));
    },
  );

  // A dismissed review's approval stops counting: a fact for the submission's author.
  app.on(
    "pull_request_review.dismissed",
    async (context: Context<"pull_request_review.dismissed">) => {
      if (!runtime.isTrainingRepo(context) || exerciseIdOf(context.payload.pull_request) === null)
        return;
      await runtime.recordEvent(context);
    },
  );

  app.on(
    "pull_request_review_comment.created",
    async (context: Context<"pull_request_review_comment.created">) => {
      if (!hasReference(context.payload.comment.body)) return;
      await runtime.recordEvent(context);
    },
  );
}

/** One comment on the PR when the review cites Context7 docs for another major version. */
async function warnAboutVersions(context: Context<"pull_request_review.submitted">, body: string) {
  const { mismatches, problems } = await findVersionMismatches(
    context.octokit.rest.repos,
    context.repo(),
    context.payload.pull_request.head.sha,
    detect(body),
  );
  for (const problem of problems) context.log.info(`context7-training: ${formatProblem(problem)}`);
  if (mismatches.length === 0) return;
  await context.octokit.rest.issues.createComment(
    context.issue({ body: renderVersionMismatches(mismatches, "comment") }),
  );
}
