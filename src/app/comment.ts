/**
 * `issue_comment`: usage in comments, and the manager commands of RULES §8 in the training
 * repo, each comment answered by exactly one reply.
 */
import type { Context, Probot } from "probot";
import {
  type CommandItem,
  type CommandOutcome,
  decideCommands,
  describeOutcome,
  type ParsedCommand,
  parseCommands,
  STATUS_COMMANDS,
} from "../core/commands.js";
import { type Config, rosterEntryFor } from "../core/config.js";
import { hasReference } from "../core/detect.js";
import type { DeveloperStatus } from "../core/status.js";
import { replyOnce } from "../github/follow-ups.js";
import {
  allocate,
  certificationEvidence,
  completeCertification,
  developerStatus,
} from "./certify.js";
import { assertAnswerNotDue, type Runtime } from "./runtime.js";

type CommentContext = Context<"issue_comment.created">;

export function registerComments(app: Probot, runtime: Runtime) {
  app.on("issue_comment.created", async (context: CommentContext) => {
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
        runtime,
        "no-config",
        "Nothing was recorded: the programme's config (.github/context7-training.yml) is missing or invalid. Run `npx context7-training validate` on it and fix what it lists.",
      );
      return;
    }
    const developers = await statusesFor(context, runtime, config, commands);
    const outcome = decideCommands(config, commands, {
      author: comment.user?.login ?? "",
      deliveryId: context.id,
      at: comment.created_at,
      url: comment.html_url,
      developers,
    });
    if (hasReference(comment.body)) await runtime.recordEvent(context);
    if (!outcome.recorded) {
      await reply(context, runtime, "refused", describeOutcome(outcome));
      return;
    }
    await carryOut(context, runtime, config, outcome);
  });
}

/**
 * The status, as of the comment, of each roster developer a certify or reviewed command
 * names: one record read each, and only for those commands. A redelivered command finds
 * its own facts recorded already; they are left out, so it is decided as the first time
 * and its follow-ups (credential, replies) are completed, not refused.
 */
async function statusesFor(
  context: CommentContext,
  runtime: Runtime,
  config: Config,
  commands: readonly ParsedCommand[],
): Promise<Map<string, DeveloperStatus>> {
  const developers = new Map<string, DeveloperStatus>();
  const { comment } = context.payload;
  const isManager = config.managers.some(
    (manager) => manager.toLowerCase() === comment.user?.login.toLowerCase(),
  );
  if (!isManager) return developers;
  for (const parsed of commands) {
    if (!parsed.ok || !STATUS_COMMANDS.has(parsed.command.name)) continue;
    const entry = rosterEntryFor(config, parsed.command.login);
    if (entry === undefined || developers.has(entry.login.toLowerCase())) continue;
    const record = await runtime.readRecord(context, entry.login);
    const own = `command-${context.id}`;
    const before = {
      ...record,
      evidence: record.evidence.filter((item) => item.id !== own && !item.id.startsWith(`${own}-`)),
    };
    developers.set(
      entry.login.toLowerCase(),
      developerStatus(config, before, entry.login, comment.created_at),
    );
  }
  return developers;
}

async function carryOut(
  context: CommentContext,
  runtime: Runtime,
  config: Config,
  outcome: Extract<CommandOutcome, { recorded: true }>,
) {
  const items: CommandItem[] = [...outcome.items];
  const refusals: string[] = [];
  const issued = [];
  for (const request of outcome.certify) {
    const certificate = await allocate(context, runtime, config, request);
    if (certificate.command !== request.id) {
      // Another certify command for the same developer won the race.
      refusals.push(
        `@${request.login} is certified already (${certificate.id}); a certificate is issued once`,
      );
      continue;
    }
    items.push({
      login: request.login,
      evidence: certificationEvidence(request, certificate),
      note: `certified as ${certificate.id}`,
    });
    issued.push(request);
  }
  // A redelivered command finds its facts recorded already; what followed them is done
  // again only where it is missing (follow-ups.ts).
  const { records } = await runtime.store(context, items);
  const certificates: string[] = [];
  for (const request of issued) {
    const record = records.get(request.login.toLowerCase());
    if (record === undefined) continue;
    certificates.push(await completeCertification(context, runtime, config, record, request));
  }
  const parts = [
    items.length > 0 ? describeOutcome({ ...outcome, items }) : "",
    refusals.length > 0 ? `Not recorded:\n\n${refusals.map((r) => `- ${r}`).join("\n")}` : "",
    ...certificates,
  ];
  await reply(context, runtime, "recorded", parts.filter((part) => part !== "").join("\n\n"));
}

/** The one reply of this kind to the comment, however often it is delivered. */
async function reply(context: CommentContext, runtime: Runtime, kind: string, body: string) {
  assertAnswerNotDue(context);
  const to = `comment-${context.payload.comment.id}-${kind}`;
  const { created_at: since } = context.payload.comment;
  await replyOnce(context.octokit, await runtime.ownLogins(), context.issue(), to, body, since);
}
