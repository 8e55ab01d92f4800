/**
 * The webhook boundary: before any handler runs, the payload of each event the App handles
 * is checked by a zod schema of the fields the handlers and the core read (the logins,
 * ids, bodies and timestamps evidence is built from). Objects stay loose: GitHub adds
 * fields, and the handlers receive the payload as it came, now known to hold what they use.
 *
 * A payload that fails is logged once, as one line (event, delivery id, each field path and
 * what was wrong), and no handler runs: nothing is read or written. The delivery is answered
 * 200, not 4xx: GitHub would redeliver the same malformed payload, and so would the App's own
 * sweep of failed deliveries (redeliver.ts), three times, to no use.
 */
import type { Context, Probot } from "probot";
import { z } from "zod";
import { formatPath } from "../core/problems.js";

/** A value as a log line may quote it: short, on one line. */
function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

const timestamp = z
  .string({ error: (issue) => `must be a timestamp, not ${shown(issue.input)}` })
  .refine(
    (value) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(value) &&
      Number.isFinite(Date.parse(value)),
    {
      error: (issue) =>
        `must be an ISO 8601 timestamp such as 2026-11-24T10:00:00Z, not ${shown(issue.input)}`,
    },
  );

const id = z.number().int().nonnegative();
const text = z.string();
const user = z.looseObject({ login: z.string().min(1), type: z.string() });
const repository = z.looseObject({
  full_name: z.string().regex(/^[^/\s]+\/[^/\s]+$/, "must be owner/name"),
  owner: z.looseObject({ login: z.string().min(1) }),
});

const pullRequest = z.looseObject({
  id,
  node_id: text,
  number: id,
  html_url: text,
  title: text,
  body: text.nullable(),
  user,
  created_at: timestamp,
  updated_at: timestamp,
  closed_at: timestamp.nullable(),
  merged_at: timestamp.nullable(),
  merged: z.boolean().nullable().optional(),
  head: z.looseObject({ sha: text }),
  base: z.looseObject({ ref: text }),
});

const comment = z.looseObject({ id, body: text, user, created_at: timestamp, html_url: text });

const issue = z.looseObject({
  number: id,
  node_id: text,
  html_url: text,
  body: text.nullable(),
  user,
  created_at: timestamp,
  updated_at: timestamp,
});

/** One schema per event the App handles, keyed by the `X-GitHub-Event` name. */
export const PAYLOAD_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  pull_request: z.looseObject({
    action: text,
    pull_request: pullRequest,
    repository: repository.extend({ default_branch: text }),
  }),
  pull_request_review: z.looseObject({
    action: text,
    review: z.looseObject({
      id,
      body: text.nullable(),
      user,
      state: text,
      submitted_at: timestamp,
      html_url: text,
    }),
    pull_request: pullRequest,
    repository,
  }),
  pull_request_review_comment: z.looseObject({
    action: text,
    comment: comment.extend({ pull_request_review_id: id.nullable() }),
    pull_request: pullRequest,
    repository,
  }),
  issue_comment: z.looseObject({
    action: text,
    comment,
    issue: z.looseObject({ number: id }),
    repository,
  }),
  issues: z.looseObject({
    action: text,
    issue,
    sender: user,
    changes: z.looseObject({ body: z.looseObject({ from: text }).optional() }).optional(),
    repository,
  }),
  discussion: z.looseObject({
    action: text,
    discussion: z.looseObject({
      id,
      node_id: text,
      title: text,
      body: text.nullable(),
      user,
      created_at: timestamp,
      html_url: text,
      category: z.looseObject({ name: text }).nullable(),
    }),
    repository,
  }),
  discussion_comment: z.looseObject({ action: text, comment, repository }),
  push: z.looseObject({
    ref: text,
    before: text,
    after: text,
    forced: z.boolean(),
    deleted: z.boolean(),
    sender: user,
    repository: repository.extend({ default_branch: text }),
    commits: z.array(
      z.looseObject({
        id: text,
        message: text,
        timestamp,
        url: text,
        author: z.looseObject({ username: text.nullable().optional() }),
        added: z.array(text).optional(),
        modified: z.array(text).optional(),
        removed: z.array(text).optional(),
      }),
    ),
  }),
};

/** What is wrong with a payload, field by field; null when it holds what the App reads. */
export function payloadProblems(name: string, payload: unknown): string[] | null {
  const schema = PAYLOAD_SCHEMAS[name];
  if (schema === undefined) return null;
  const result = schema.safeParse(payload);
  if (result.success) return null;
  return result.error.issues.map((issue) => {
    const path = formatPath(issue.path.filter((key) => typeof key !== "symbol"));
    const where = `payload${path === "" ? "" : path.startsWith("[") ? path : `.${path}`}`;
    const message = issue.message
      .replace(/^Invalid input: /, "")
      .replace(/received undefined$/, "received nothing");
    return `${where}: ${message}`;
  });
}

/** At most this many field problems in the log line; a wholly wrong payload has dozens. */
const LOGGED_PROBLEMS = 5;

/**
 * The Probot the handlers register on, with every handler behind the payload check. A
 * delivery is reported once, however many handlers its event has.
 */
export function checkingPayloads(app: Probot): Probot {
  const reported = new WeakSet<object>();
  return new Proxy(app, {
    get(target, property) {
      if (property !== "on") {
        // Probot's methods use private fields: they must run on Probot, not on the proxy.
        const value = Reflect.get(target, property);
        return typeof value === "function" ? value.bind(target) : value;
      }
      return (events: unknown, handler: (context: Context) => unknown) =>
        (target.on as (events: unknown, handler: (context: Context) => unknown) => void)(
          events,
          (context: Context) => {
            const problems = payloadProblems(context.name, context.payload);
            if (problems === null) return handler(context);
            const payload = context.payload as object;
            if (reported.has(payload)) return;
            reported.add(payload);
            const action = (context.payload as { action?: unknown }).action;
            const event = typeof action === "string" ? `${context.name}.${action}` : context.name;
            const more = problems.length - LOGGED_PROBLEMS;
            context.log.error(
              `context7-training: ignored ${event} delivery ${context.id}: ${problems.slice(0, LOGGED_PROBLEMS).join("; ")}${more > 0 ? `; and ${more} more` : ""}. Nothing was read or written; the delivery is answered 200, since a redelivery would carry the same payload`,
            );
          },
        );
    },
  });
}
