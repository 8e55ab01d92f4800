/**
 * The weekly report as a Discussion (GraphQL): one per ISO week, found by its title among
 * the 50 newest discussions (one query for this week's and any missed week's), and
 * split into the discussion and follow-up comments when over GitHub's 65,536-character
 * body limit.
 */
import type { Octokit } from "@octokit/rest";
import type { RepoRef } from "./issues.js";

export const BODY_LIMIT = 65_536;

interface ReportTarget {
  /** Those of the titles looked up that are posted in the category already. */
  posted: string[];
  repositoryId: string;
  categoryId: string | null;
}

interface LookupResult {
  repository: {
    id: string;
    discussionCategories: { nodes: { id: string; name: string }[] };
    discussions: { nodes: { title: string; category: { name: string } }[] };
  };
}

export async function findReports(
  octokit: Octokit,
  repo: RepoRef,
  category: string,
  titles: readonly string[],
): Promise<ReportTarget> {
  const result = await octokit.graphql<LookupResult>(
    `query($owner: String!, $name: String!) {
      repository(owner: $owner, name: $name) {
        id
        discussionCategories(first: 50) { nodes { id name } }
        discussions(first: 50, orderBy: { field: CREATED_AT, direction: DESC }) { nodes { title category { name } } }
      }
    }`,
    { owner: repo.owner, name: repo.repo },
  );
  const repository = result?.repository;
  if (repository === undefined || repository === null)
    throw new Error(
      `GitHub's answer to the weekly report lookup holds no repository ${repo.owner}/${repo.repo}: check that the token can read it and that Discussions are on`,
    );
  const categoryId =
    repository.discussionCategories.nodes.find((node) => node.name === category)?.id ?? null;
  const posted = titles.filter((title) =>
    repository.discussions.nodes.some(
      (node) => node.title === title && node.category.name === category,
    ),
  );
  return { posted, repositoryId: repository.id, categoryId };
}

/** Cuts Markdown into parts under the limit, at section headings when it can. */
export function splitReport(body: string, limit = BODY_LIMIT): string[] {
  const parts: string[] = [];
  let current = "";
  for (const section of body.split(/(?=^## )/m)) {
    if (current.length + section.length <= limit) {
      current += section;
      continue;
    }
    if (current !== "") parts.push(current);
    current = "";
    for (let start = 0; start < section.length; start += limit) {
      const piece = section.slice(start, start + limit);
      if (piece.length === limit) parts.push(piece);
      else current = piece;
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}

export async function postReport(
  octokit: Octokit,
  target: Omit<ReportTarget, "posted">,
  category: string,
  title: string,
  body: string,
): Promise<void> {
  if (target.categoryId === null) {
    throw new Error(
      `the discussion category "${category}" does not exist in the training repo; create it, or set reports.discussionCategory in the config`,
    );
  }
  const [first = "", ...rest] = splitReport(body);
  const created = await octokit.graphql<{ createDiscussion: { discussion: { id: string } } }>(
    `mutation($repositoryId: ID!, $categoryId: ID!, $title: String!, $body: String!) {
      createDiscussion(input: { repositoryId: $repositoryId, categoryId: $categoryId, title: $title, body: $body }) { discussion { id } }
    }`,
    { repositoryId: target.repositoryId, categoryId: target.categoryId, title, body: first },
  );
  for (const part of rest) {
    await octokit.graphql(
      `mutation($discussionId: ID!, $body: String!) { addDiscussionComment(input: { discussionId: $discussionId, body: $body }) { comment { id } } }`,
      { discussionId: created.createDiscussion.discussion.id, body: part },
    );
  }
}
