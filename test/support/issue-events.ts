/**
 * `issues` deliveries (opened, edited) built from GitHub's own example payloads, like the
 * other fixtures in webhooks.ts. GitHub's `edited` examples carry an empty `changes`; a real
 * body edit carries `changes.body.from`, the body before the edit, which is set here.
 */
import type { WebhookEvent } from "../../src/core/events.js";
import { deliveryId, example } from "./webhooks.js";

export interface IssueOptions {
  author: string;
  repo: string;
  number?: number;
  title?: string;
  body: string;
  at: string;
}

function issuePayload(action: "opened" | "edited", options: IssueOptions) {
  const payload = example("issues", action);
  const [owner, name] = options.repo.split("/");
  payload.repository.full_name = options.repo;
  payload.repository.name = name;
  payload.repository.owner.login = owner;
  const issue = payload.issue;
  const number = options.number ?? 7;
  issue.number = number;
  issue.id = 2_000_000 + number;
  issue.node_id = `I_kwDO${number}`;
  issue.title = options.title ?? "Issue";
  issue.body = options.body;
  issue.html_url = `https://github.com/${options.repo}/issues/${number}`;
  issue.user.login = options.author;
  issue.user.type = options.author.endsWith("[bot]") ? "Bot" : "User";
  issue.created_at = options.at;
  issue.updated_at = options.at;
  payload.sender.login = options.author;
  payload.sender.type = issue.user.type;
  return payload;
}

export function issueOpenedEvent(options: IssueOptions): WebhookEvent {
  return { name: "issues", id: deliveryId(), payload: issuePayload("opened", options) };
}

/** An edit of an issue's body by `editor` (the issue's author unless given). */
export function issueEditedEvent(
  options: IssueOptions & { previousBody: string; editor?: string; createdAt?: string },
): WebhookEvent {
  const payload = issuePayload("edited", options);
  payload.issue.created_at = options.createdAt ?? "2026-11-23T08:00:00Z";
  payload.changes = { body: { from: options.previousBody } };
  if (options.editor !== undefined) {
    payload.sender.login = options.editor;
    payload.sender.type = options.editor.endsWith("[bot]") ? "Bot" : "User";
  }
  return { name: "issues", id: deliveryId(), payload };
}
