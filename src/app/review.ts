/**
 * `pull_request_review` and `pull_request_review_comment`: usage, review references,
 * submission approvals and their dismissals.
 */
import type { Context, Probot } from "probot";
import { isBotAccount } from "../core/approvals.js";
import { detect, hasReference, visibleText } from "../core/detect.js";
import { evidenceFromEvent, exerciseIdOf } from "../core/events.js";
import { formatProblem } from "../core/problems.js";
import { citedVersions, renderVersionMismatches } from "../core/versions.js";
import { replyOnce } from "../github/follow-ups.js";
import { reposApi } from "../github/octokit-apis.js";
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
      const config = await runtime.config(context);
      if (config === null) return;
      const facts = evidenceFromEvent(config, runtime.event(context));
      if (facts.length === 0) return;
      await runtime.record(context, facts);
      // A review that is evidence is warned about once (follow-ups.ts), however often it
      // is delivered; never a bot's.
      if (isBotAccount(review.user)) return;
      await warnAboutVersions(context, runtime, visibleText(review.body ?? ""));
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

/**
 * One comment on the PR when the review cites Context7 docs for another major version; a
 * review already answered is not checked again.
 */
async function warnAboutVersions(
  context: Context<"pull_request_review.submitted">,
  runtime: Runtime,
  body: string,
) {
  const references = detect(body);
  if (citedVersions(references).length === 0) return;
  await replyOnce(
    context.octokit,
    await runtime.ownLogins(),
    context.issue(),
    `review-${context.payload.review.id}-versions`,
    async () => {
      const { mismatches, problems } = await findVersionMismatches(
        reposApi(context.octokit),
        context.repo(),
        context.payload.pull_request.head.sha,
        references,
      );
      for (const problem of problems)
        context.log.info(`context7-training: ${formatProblem(problem)}`);
      return mismatches.length === 0 ? null : renderVersionMismatches(mismatches, "comment");
    },
  );
}
