/** `discussion` and `discussion_comment`: usage, and discoveries in the discoveries category. */
import type { Context, Probot } from "probot";
import { hasReference } from "../core/detect.js";
import type { Runtime } from "./runtime.js";

export function registerDiscussions(app: Probot, runtime: Runtime) {
  // Any new discussion may be a discovery: the category is checked against the config.
  app.on("discussion.created", (context: Context<"discussion.created">) =>
    runtime.recordEvent(context),
  );
  app.on("discussion_comment.created", async (context: Context<"discussion_comment.created">) => {
    if (hasReference(context.payload.comment.body)) await runtime.recordEvent(context);
  });
}
