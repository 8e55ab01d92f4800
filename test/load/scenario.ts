/**
 * The load test's deliveries: a seeded mix of reviews, review comments, issue comments,
 * pushes and pull request events by the sample team (alice, bob, carol, dave, erin), a few
 * by people off the roster or without Context7, built from GitHub's example payloads
 * (test/support/webhooks.ts). The same seed gives the same deliveries, in the same order.
 *
 * Each delivery comes with its oracle: the facts it must leave in the records, stated here
 * from what the scenario wrote into it (who, which text, which GitHub ids, which times),
 * never by asking the App's own code (events.ts, detect.ts, commands.ts) what it would
 * find. A text is known to cite Context7 because the scenario picked it from `CITING`.
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

/** Texts a developer writes that cite Context7 (a reference of the rules), and some that do not. */
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

/**
 * One fact a delivery must leave: whose, its kind and stable id, and the fields that carry
 * its content (compared with the recorded fact; the others, such as `url`, are not).
 */
export interface ExpectedFact {
  login: string;
  kind: string;
  id: string;
  fields: Record<string, unknown>;
}

export interface ScenarioDelivery {
  event: WebhookEvent;
  facts: ExpectedFact[];
  /** Head shas that must get the exercise check run, once each. */
  checkRuns: string[];
}

const onRoster = (login: string) => (TEAM as readonly string[]).includes(login);

// biome-ignore lint/suspicious/noExplicitAny: the built payloads are read field by field.
type Payload = any;

export function makeDeliveries(count: number, seed: number): ScenarioDelivery[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const chance = (share: number) => random() < share;
  const developer = () => pick(TEAM);
  const other = (login: string) => pick(TEAM.filter((candidate) => candidate !== login));
  const text = (citing: number) =>
    chance(citing) ? { body: pick(CITING), cites: true } : { body: pick(PLAIN), cites: false };
  // Payload timestamps within the programme's first days, all before the run: a fact dated
  // after its delivery arrived would be re-dated to the arrival, which no oracle can know.
  const at = () => {
    const day = 23 + Math.floor(random() * 9);
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
  const reviews: {
    reviewer: string;
    reviewId: number;
    author: string;
    number: number;
    repo: string;
    at: string;
  }[] = [];
  /** Submissions opened and not merged yet. */
  const open: { author: (typeof TEAM)[number]; number: number }[] = [];

  const deliveries: ScenarioDelivery[] = [];
  const add = (event: WebhookEvent, facts: ExpectedFact[] = [], checkRuns: string[] = []) =>
    deliveries.push({ event, facts, checkRuns });
  const usage = (login: string, id: string, when: string, source: string, repo: string) => ({
    login,
    kind: "usage",
    id,
    fields: { at: when, source, repo },
  });
  const reviewReference = (login: string, id: number, when: string, repo: string, pr: number) => ({
    login,
    kind: "review-reference",
    id: `review-reference-${id}`,
    fields: { at: when, repo, pr },
  });

  while (deliveries.length < count) {
    const roll = random();
    if (roll < 0.27) {
      // A review on a teammate's PR elsewhere, or the approval of a training submission.
      const submission = open.length > 0 && chance(0.25) ? pick(open) : undefined;
      const author = submission?.author ?? developer();
      const reviewer = chance(0.05) ? pick(OUTSIDERS) : other(author);
      const number = submission?.number ?? ++prNumber;
      const repo = submission === undefined ? pick(OTHER_REPOS) : TRAINING_REPO;
      const id = ++reviewId;
      const when = at();
      const { body, cites } = text(0.85);
      reviews.push({ reviewer, reviewId: id, author, number, repo, at: when });
      const facts: ExpectedFact[] = [];
      if (onRoster(reviewer) && cites)
        facts.push(
          usage(reviewer, `review-${id}`, when, "review", repo),
          reviewReference(reviewer, id, when, repo, number),
        );
      // An approval by a teammate counts for the submission's author; an outsider's never.
      if (submission !== undefined && onRoster(reviewer))
        facts.push({
          login: author,
          kind: "exercise-approval",
          id: `approval-${id}`,
          fields: { at: when, exercise: SUBMISSIONS[submission.author], pr: number, by: reviewer },
        });
      add(
        reviewEvent({
          reviewer,
          author,
          repo,
          number,
          ...(submission === undefined
            ? {}
            : { prTitle: "Exercise", prBody: `Exercise: ${SUBMISSIONS[submission.author]}` }),
          body,
          state: submission === undefined ? pick(["commented", "approved"] as const) : "approved",
          reviewId: id,
          at: when,
        }),
        facts,
      );
    } else if (roll < 0.45) {
      // An inline comment, half of them in a review already sent (the same review reference,
      // with the review's time, as GitHub gives a review's comments).
      const earlier = reviews.length > 0 && chance(0.5) ? pick(reviews) : undefined;
      const author = earlier?.author ?? developer();
      const reviewer = earlier?.reviewer ?? other(author);
      const repo = earlier?.repo ?? pick(OTHER_REPOS);
      const number = earlier?.number ?? ++prNumber;
      const review = earlier?.reviewId ?? ++reviewId;
      const when = earlier?.at ?? at();
      const id = ++commentId;
      const { body, cites } = text(0.9);
      add(
        reviewCommentEvent({
          reviewer,
          author,
          repo,
          number,
          body,
          reviewId: review,
          commentId: id,
          at: when,
        }),
        onRoster(reviewer) && cites
          ? [
              usage(reviewer, `review_comment-${id}`, when, "review_comment", repo),
              reviewReference(reviewer, review, when, repo, number),
            ]
          : [],
      );
    } else if (roll < 0.65) {
      const author = chance(0.08) ? pick(OUTSIDERS) : developer();
      const repo = pick([...OTHER_REPOS, TRAINING_REPO]);
      const { body, cites } = text(0.8);
      const id = ++commentId;
      const when = at();
      add(
        issueCommentEvent({
          author,
          repo,
          body,
          commentId: id,
          issueNumber: 1 + Math.floor(random() * 40),
          at: when,
        }),
        onRoster(author) && cites ? [usage(author, `comment-${id}`, when, "comment", repo)] : [],
      );
    } else if (roll < 0.82) {
      const commits = Array.from({ length: 1 + Math.floor(random() * 3) }, () => {
        const { body, cites } = text(0.6);
        return {
          sha: (++sha).toString(16).padStart(40, "0"),
          author: chance(0.1) ? null : chance(0.05) ? pick(OUTSIDERS) : developer(),
          message: body,
          cites,
          at: at(),
        };
      });
      // Whoever pushed (here the first named author): the only account the push counts for,
      // dated by GitHub's time for the push (here the last commit's), keyed by the last
      // commit that cites Context7.
      const sender = commits.find((commit) => commit.author !== null)?.author ?? developer();
      const repo = pick(OTHER_REPOS);
      const citing = commits.filter((commit) => commit.cites).at(-1);
      const pushedAt = commits.at(-1)?.at as string;
      add(
        pushEvent({ repo, sender, commits }),
        onRoster(sender) && citing !== undefined
          ? [usage(sender, `commit-${citing.sha}`, pushedAt, "commit", repo)]
          : [],
      );
    } else {
      const author = developer();
      const kind = random();
      if (kind < 0.35) {
        // A PR elsewhere whose body cites Context7 (usage).
        const repo = pick(OTHER_REPOS);
        const { body, cites } = text(0.9);
        const when = at();
        const event = pullRequestEvent({
          action: "opened",
          author,
          repo,
          number: ++prNumber,
          body,
          at: when,
        });
        const pr = (event.payload as Payload).pull_request;
        add(
          event,
          cites
            ? [
                usage(
                  author,
                  `pull_request-${pr.id}-${Date.parse(when)}`,
                  when,
                  "pull_request",
                  repo,
                ),
              ]
            : [],
        );
      } else if (kind < 0.65) {
        // A merged PR elsewhere: its review rounds (none on the stand-in), and a real-world
        // application when it cites Context7.
        const repo = pick(OTHER_REPOS);
        const { body, cites } = text(0.9);
        const when = at();
        const number = ++prNumber;
        const event = pullRequestEvent({
          action: "closed",
          merged: true,
          author,
          repo,
          number,
          body,
          at: when,
        });
        const pr = (event.payload as Payload).pull_request;
        const facts: ExpectedFact[] = [
          {
            login: author,
            kind: "merged-pr",
            id: `merged-pr-${pr.node_id}`,
            fields: { at: when, repo, pr: number, opened: pr.created_at, changesRequested: 0 },
          },
        ];
        if (cites)
          facts.push({
            login: author,
            kind: "real-world",
            id: `realworld-${pr.node_id}`,
            fields: { at: when, repo, pr: number },
          });
        add(event, facts);
      } else {
        // An exercise submission in the training repo: opened (usage, the exercise check and
        // its check run), later merged once.
        const number = ++prNumber;
        const exercise = SUBMISSIONS[author];
        const merged = open.length > 0 && chance(0.4) ? pick(open) : undefined;
        const when = at();
        if (merged !== undefined) {
          open.splice(open.indexOf(merged), 1);
          const event = pullRequestEvent({
            action: "closed",
            merged: true,
            author: merged.author,
            repo: TRAINING_REPO,
            number: merged.number,
            title: "Exercise",
            body: `Exercise: ${SUBMISSIONS[merged.author]}`,
            at: when,
          });
          const pr = (event.payload as Payload).pull_request;
          add(event, [
            {
              login: merged.author,
              kind: "exercise-merged",
              id: `merged-${pr.node_id}`,
              fields: { at: when, exercise: SUBMISSIONS[merged.author], pr: merged.number },
            },
          ]);
        } else {
          open.push({ author, number });
          const event = pullRequestEvent({
            action: "opened",
            author,
            repo: TRAINING_REPO,
            number,
            title: "Exercise",
            body: `Exercise: ${exercise}\n\n${pick(CITING)}`,
            at: when,
          });
          const pr = (event.payload as Payload).pull_request;
          const stamp = Date.parse(when);
          add(
            event,
            [
              usage(author, `pull_request-${pr.id}-${stamp}`, when, "pull_request", TRAINING_REPO),
              {
                login: author,
                kind: "exercise-check",
                id: `check-${pr.node_id}-${stamp}`,
                fields: { at: when, exercise, pr: number, repo: TRAINING_REPO },
              },
            ],
            [pr.head.sha],
          );
        }
      }
    }
  }
  return deliveries;
}
