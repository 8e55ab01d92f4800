/** `pull_request_review` and `pull_request_review_comment`: usage, review references, submission approvals. */
import type { Context, Probot } from "probot";
import { hasReference } from "../core/detect.js";
import { exerciseIdOf } from "../core/events.js";
import type { Runtime } from "./runtime.js";

export function registerReviews(app: Probot, runtime: Runtime) {
  app.on(
    "pull_request_review.submitted",
    async (context: Context<"pull_request_review.submitted">) => {
      const { review, pull_request: pr } = context.payload;
      const approvesSubmission =
        review.state.toLowerCase() === "approved" &&
        runtime.isTrainingRepo(context) &&
        exerciseIdOf(pr) !== null;
      if (!approvesSubmission && !hasReference(review.body ?? "")) return;
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
