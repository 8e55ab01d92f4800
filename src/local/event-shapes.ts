/**
 * The fields the App's handlers read from each webhook it handles, as GitHub sends them, so
 * `replay` can name the field a hand-written or truncated event lacks (`payload.review.user:
 * expected object, received null`) instead of failing inside a handler. Objects keep their
 * other fields; events the App does not handle are not checked.
 */
import { z } from "zod";
import { formatPath } from "../core/problems.js";

const user = z.looseObject({ login: z.string(), type: z.string().optional() });
const repository = z.looseObject({
  full_name: z.string(),
  owner: z.looseObject({ login: z.string() }),
});
const pullRequest = z.looseObject({
  id: z.number(),
  node_id: z.string(),
  number: z.number(),
  html_url: z.string(),
  title: z.string(),
  body: z.string().nullable(),
  user,
  created_at: z.string(),
  updated_at: z.string(),
  closed_at: z.string().nullable(),
  merged_at: z.string().nullable(),
  head: z.looseObject({ sha: z.string() }),
});
const comment = z.looseObject({
  id: z.number(),
  body: z.string(),
  user: user.nullable(),
  created_at: z.string(),
  html_url: z.string(),
});
const issue = z.looseObject({
  number: z.number(),
  title: z.string(),
  body: z.string().nullable(),
  user: user.nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

const SHAPES: Record<string, z.ZodType> = {
  pull_request: z.looseObject({ action: z.string(), pull_request: pullRequest, repository }),
  pull_request_review: z.looseObject({
    action: z.string(),
    review: z.looseObject({
      id: z.number(),
      body: z.string().nullable(),
      user,
      state: z.string(),
      submitted_at: z.string().nullable(),
      html_url: z.string(),
    }),
    pull_request: pullRequest.omit({ merged_at: true, closed_at: true }).loose(),
    repository,
  }),
  pull_request_review_comment: z.looseObject({
    action: z.string(),
    comment: comment.extend({ pull_request_review_id: z.number().nullable() }).loose(),
    pull_request: pullRequest.omit({ merged_at: true, closed_at: true }).loose(),
    repository,
  }),
  issue_comment: z.looseObject({ action: z.string(), comment, issue, repository }),
  issues: z.looseObject({ action: z.string(), issue, sender: user, repository }),
  discussion: z.looseObject({
    action: z.string(),
    discussion: z.looseObject({
      id: z.number(),
      node_id: z.string(),
      title: z.string(),
      body: z.string().nullable(),
      user,
      created_at: z.string(),
      html_url: z.string(),
      category: z.looseObject({ name: z.string() }).nullable(),
    }),
    repository,
  }),
  discussion_comment: z.looseObject({ action: z.string(), comment, repository }),
  push: z.looseObject({
    ref: z.string(),
    after: z.string(),
    commits: z.array(
      z.looseObject({
        id: z.string(),
        message: z.string(),
        timestamp: z.string(),
        url: z.string(),
        author: z.looseObject({ username: z.string().nullish() }),
      }),
    ),
    repository: repository.extend({ default_branch: z.string() }).loose(),
  }),
};

/**
 * The first field of `payload` a handler of event `name` would trip on, as one line
 * (`payload.review.user: expected object, received null`), or null when it has them all.
 */
export function payloadShapeProblem(name: string, payload: unknown): string | null {
  const shape = SHAPES[name];
  if (shape === undefined) return null;
  const result = shape.safeParse(payload);
  if (result.success) return null;
  const first = result.error.issues[0] as z.core.$ZodIssue;
  const path = formatPath(["payload", ...first.path]);
  return `${path}: ${describeIssue(first, payload)}`;
}

function describeIssue(issue: z.core.$ZodIssue, payload: unknown): string {
  if (issue.code !== "invalid_type") return issue.message;
  let found: unknown = payload;
  for (const segment of issue.path) found = (found as Record<PropertyKey, unknown>)?.[segment];
  const received =
    found === null
      ? "null"
      : Array.isArray(found)
        ? "array"
        : found === undefined
          ? "nothing"
          : typeof found;
  return `expected ${issue.expected}, received ${received}`;
}
