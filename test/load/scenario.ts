/**
 * The load test's deliveries: a seeded mix of reviews, review comments, issue comments,
 * pushes and pull request events by the sample team (alice, bob, carol, dave, erin), a few
 * by people off the roster or without Context7, built from GitHub's example payloads
 * (test/support/webhooks.ts). The same seed gives the same deliveries, in the same order.
 */
import type { WebhookEvent } from "../../src/core/events.js";
import { seededRandom } from "../../src/local/github-standin.js";
import {
  issueCommentEvent,
  pullRequestEvent,
  pushEvent,
  reviewCommentEvent,
  reviewEvent,
} from "../support/webhooks.js";

export const TEAM = ["alice", "bob", "carol", "dave", "erin"] as const;
export const TRAINING_REPO = "acme/context7-training";
const OTHER_REPOS = ["acme/game", "acme/api", "acme/web"] as const;
const OUTSIDERS = ["octocat", "renovate[bot]"] as const;

/** Texts a developer writes that cite Context7 (RULES §4), and some that do not. */
const CITING = [
  'Checked query-docs "/facebook/react" topic: "hooks" before approving.',
  'Used resolve-library-id for next.js, then get-library-docs "/vercel/next.js" topic: "caching".',
  "use context7: the /tanstack/query docs show the v5 signature of useQuery.",
  'mcp__context7__query-docs libraryId: "/prisma/prisma" topic: "transactions"',
  "ctx7 docs /expressjs/express routing, the middleware order matters here.",
] as const;
const PLAIN = ["Looks good to me.", "Nit: rename this variable.", "Fixed the flaky test."] as const;

const SUBMISSIONS: Record<(typeof TEAM)[number], string> = {
  alice: "backend-1",
  bob: "frontend-1",
  carol: "qa-playwright",
  dave: "fullstack-e2e",
  erin: "frontend-2",
};

export function makeDeliveries(count: number, seed: number): WebhookEvent[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (share: number) => random() < share;
  const developer = () => pick(TEAM);
  const other = (login: string) => pick(TEAM.filter((candidate) => candidate !== login));
  const text = (citing: number) => (chance(citing) ? pick(CITING) : pick(PLAIN));
  // Payload timestamps within the programme's first three weeks.
  const at = () => {
    const day = 23 + Math.floor(random() * 19);
    const date = day <= 30 ? `2026-11-${day}` : `2026-12-${String(day - 30).padStart(2, "0")}`;
    const minute = 8 * 60 + Math.floor(random() * 9 * 60);
    const hh = String(Math.floor(minute / 60)).padStart(2, "0");
    const mm = String(minute % 60).padStart(2, "0");
    return `${date}T${hh}:${mm}:${String(Math.floor(random() * 60)).padStart(2, "0")}Z`;
  };
  let prNumber = 100;
  let commentId = 900_000;
  let reviewId = 500_000;
  let sha = 0;
  const reviews: { reviewer: string; reviewId: number; author: string; number: number }[] = [];
  const submissions: { author: (typeof TEAM)[number]; number: number }[] = [];

  const events: WebhookEvent[] = [];
  while (events.length < count) {
    const roll = random();
    if (roll < 0.27) {
      // A review on a teammate's PR elsewhere, or the approval of a training submission.
      const submission = submissions.length > 0 && chance(0.25) ? pick(submissions) : undefined;
      const author = submission?.author ?? developer();
      const reviewer = chance(0.05) ? pick(OUTSIDERS) : other(author);
      const number = submission?.number ?? ++prNumber;
      const id = ++reviewId;
      reviews.push({ reviewer, reviewId: id, author, number });
      events.push(
        reviewEvent({
          reviewer,
          author,
          repo: submission === undefined ? pick(OTHER_REPOS) : TRAINING_REPO,
          number,
          ...(submission === undefined
            ? {}
            : { prTitle: "Exercise", prBody: `Exercise: ${SUBMISSIONS[submission.author]}` }),
          body: text(0.85),
          state: submission === undefined ? pick(["commented", "approved"] as const) : "approved",
          reviewId: id,
          at: at(),
        }),
      );
    } else if (roll < 0.45) {
      // An inline comment, half of them in a review already sent (the same review reference).
      const earlier = reviews.length > 0 && chance(0.5) ? pick(reviews) : undefined;
      const author = earlier?.author ?? developer();
      const reviewer = earlier?.reviewer ?? other(author);
      events.push(
        reviewCommentEvent({
          reviewer,
          author,
          repo: pick(OTHER_REPOS),
          number: earlier?.number ?? ++prNumber,
          body: text(0.9),
          reviewId: earlier?.reviewId ?? ++reviewId,
          commentId: ++commentId,
          at: at(),
        }),
      );
    } else if (roll < 0.65) {
      events.push(
        issueCommentEvent({
          author: chance(0.08) ? pick(OUTSIDERS) : developer(),
          repo: pick([...OTHER_REPOS, TRAINING_REPO]),
          body: text(0.8),
          commentId: ++commentId,
          issueNumber: 1 + Math.floor(random() * 40),
          at: at(),
        }),
      );
    } else if (roll < 0.82) {
      const commits = Array.from({ length: 1 + Math.floor(random() * 3) }, () => ({
        sha: (++sha).toString(16).padStart(40, "0"),
        author: chance(0.1) ? null : chance(0.05) ? pick(OUTSIDERS) : developer(),
        message: text(0.6),
        at: at(),
      }));
      events.push(pushEvent({ repo: pick(OTHER_REPOS), commits }));
    } else {
      const author = developer();
      const kind = random();
      if (kind < 0.35) {
        // A PR elsewhere whose body cites Context7 (usage).
        events.push(
          pullRequestEvent({
            action: "opened",
            author,
            repo: pick(OTHER_REPOS),
            number: ++prNumber,
            body: text(0.9),
            at: at(),
          }),
        );
      } else if (kind < 0.65) {
        // A merged PR elsewhere that cites Context7 (a real-world application).
        events.push(
          pullRequestEvent({
            action: "closed",
            merged: true,
            author,
            repo: pick(OTHER_REPOS),
            number: ++prNumber,
            body: text(0.9),
            at: at(),
          }),
        );
      } else {
        // An exercise submission in the training repo: opened (usage and the check run),
        // later merged.
        const number = ++prNumber;
        const exercise = SUBMISSIONS[author];
        const merged = submissions.length > 0 && chance(0.4) ? pick(submissions) : undefined;
        if (merged !== undefined) {
          events.push(
            pullRequestEvent({
              action: "closed",
              merged: true,
              author: merged.author,
              repo: TRAINING_REPO,
              number: merged.number,
              title: "Exercise",
              body: `Exercise: ${SUBMISSIONS[merged.author]}`,
              at: at(),
            }),
          );
        } else {
          submissions.push({ author, number });
          events.push(
            pullRequestEvent({
              action: "opened",
              author,
              repo: TRAINING_REPO,
              number,
              title: "Exercise",
              body: `Exercise: ${exercise}\n\n${pick(CITING)}`,
              at: at(),
            }),
          );
        }
      }
    }
  }
  return events;
}
