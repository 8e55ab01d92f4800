/**
 * `issue_comment`: usage in comments, and the manager commands of RULES §8 in the training
 * repo, each comment answered by exactly one reply.
 */
import type { Context, Probot } from "probot";
import { decideCommands, describeOutcome, parseCommands } from "../core/commands.js";
import { hasReference } from "../core/detect.js";
import type { Runtime } from "./runtime.js";

export function registerComments(app: Probot, runtime: Runtime) {
  app.on("issue_comment.created", async (context: Context<"issue_comment.created">) => {
    const { comment } = context.payload;
    // Bots (this App's own replies among them) are never answered: no reply loops.
    if (comment.user?.type === "Bot") return;
    const commands = runtime.isTrainingRepo(context) ? parseCommands(comment.body) : [];
    if (commands.length === 0) {
      if (hasReference(comment.body)) await runtime.recordEvent(context);
      return;
    }
    const config = await runtime.config(context);
    if (config === null) {
      await reply(
        context,
        "Nothing was recorded: the programme's config (.github/context7-training.yml) is missing or invalid. Run `npx context7-training validate` on it and fix what it lists.",
      );
      return;
    }
    const outcome = decideCommands(config, commands, {
      author: comment.user?.login ?? "",
      deliveryId: context.id,
      at: comment.created_at,
      url: comment.html_url,
    });
    if (hasReference(comment.body)) await runtime.recordEvent(context);
    if (!outcome.recorded) {
      await reply(context, describeOutcome(outcome));
      return;
    }
    const added = await runtime.record(context, outcome.items);
    // A redelivered command finds its facts recorded already: it was answered the first time.
    if (added.length > 0) await reply(context, describeOutcome(outcome));
  });
}

async function reply(context: Context<"issue_comment.created">, body: string) {
  await context.octokit.rest.issues.createComment(context.issue({ body }));
}
