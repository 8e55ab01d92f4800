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
import { JSON_SCHEMA, load } from "js-yaml";
import type { WebhookEvent } from "../../src/core/events.js";
import { seededRandom } from "../../src/local/github-standin.js";
import { issueOpenedEvent } from "../support/issue-events.js";
import {
  type Answers,
  COMPLETE_CONFIRMATION,
  fieldsOf,
  readIssueForm,
  renderSubmittedForm,
} from "../support/issue-forms.js";
import {
  discussionEvent,
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
const MANAGER = "dev-manager";
/** The sample config names no discoveries category: the default one. */
const DISCOVERIES = "Context7 Discoveries";

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
  /** What the App's replies answer (their hidden markers' `to`), one reply each. */
  replies: string[];
  /** Issue numbers (training repo) the App must close, once each. */
  closes: number[];
}

const QUIZ_FORM = readIssueForm("context7-knowledge-check.yml");
const CONFIRMATION_FORM = readIssueForm("context7-confirmation.yml");
/** The knowledge check's multiple-choice questions (dropdowns) and the use-case question. */
const QUIZ_CHOICES = fieldsOf(QUIZ_FORM).filter((field) => field.type === "dropdown");
const QUIZ_USE_CASES = fieldsOf(QUIZ_FORM).find((field) => field.type === "textarea")?.id ?? "";
/** A made-up answer key for the load test: the letters A to D in turn. */
const QUIZ_LETTERS = new Map(QUIZ_CHOICES.map((field, index) => [field.id, "ABCD"[index % 4]]));
/** The App processes' CONTEXT7_QUIZ_KEY. */
export const QUIZ_KEY = [...QUIZ_LETTERS].map(([id, letter]) => `${id}=${letter}`).join(",");
const USE_CASES = [
  "Lobby regions: /hathora/server-sdk",
  "Reconnects: /websockets/ws",
  "Renderer: /facebook/react",
  "Typed actions: /microsoft/typescript",
  "Screenshots: /microsoft/playwright",
].join("\n");

const onRoster = (login: string) => (TEAM as readonly string[]).includes(login);

// biome-ignore lint/suspicious/noExplicitAny: the built payloads are read field by field.
type Payload = any;

/** A developer's confirmation form, all three commitments ticked: recorded, answered once. */
function confirmationDelivery(author: string, number: number, when: string): ScenarioDelivery {
  const event = issueOpenedEvent({
    author,
    repo: TRAINING_REPO,
    number,
    title: `[Context7 confirmation] ${author}`,
    body: renderSubmittedForm(CONFIRMATION_FORM, COMPLETE_CONFIRMATION),
    at: when,
  });
  const issue = (event.payload as Payload).issue;
  return {
    event,
    facts: [
      {
        login: author,
        kind: "confirmation",
        id: `confirmation-${issue.node_id}`,
        fields: {
          at: when,
          issue: number,
          commitments: { dailyUsage: true, knowledgeSharing: true, codeReview: true },
        },
      },
    ],
    checkRuns: [],
    replies: [`issue-${issue.id}-confirmation`],
    closes: [],
  };
}

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

  let issueNumber = 300;
  let discussionId = 4_000;
  const quizzed = new Set<string>();

  const deliveries: ScenarioDelivery[] = [];
  const add = (
    event: WebhookEvent,
    facts: ExpectedFact[] = [],
    checkRuns: string[] = [],
    replies: string[] = [],
    closes: number[] = [],
  ) => deliveries.push({ event, facts, checkRuns, replies, closes });
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

  /** A manager command in the training repo (or a developer trying one): one reply each. */
  const command = () => {
    const byManager = chance(0.85);
    const author = byManager ? MANAGER : developer();
    const login = developer();
    const when = at();
    const id = ++commentId;
    const which = random();
    let line: string;
    let fact: Omit<ExpectedFact, "id" | "login"> & { fields: Record<string, unknown> };
    if (which < 0.3) {
      const score = 60 + Math.floor(random() * 41);
      line = `/context7 knowledge @${login} ${score}`;
      fact = { kind: "knowledge-score", fields: { at: when, score, by: author } };
    } else if (which < 0.55) {
      const score = 60 + Math.floor(random() * 41);
      line = `/context7 final @${login} ${score}`;
      fact = { kind: "final-score", fields: { at: when, score, by: author } };
    } else if (which < 0.8) {
      const note = pick(["Showed the team the React hooks docs", "Explained version-pinned IDs"]);
      line = `/context7 shared @${login} ${note}`;
      fact = { kind: "shared", fields: { at: when, note, by: author } };
    } else {
      const from = `2026-12-${String(14 + Math.floor(random() * 5)).padStart(2, "0")}`;
      const to = chance(0.5) ? from : `2026-12-${String(Number(from.slice(8)) + 1)}`;
      line = `/context7 leave @${login} ${from}${to === from ? "" : ` ${to}`}`;
      fact = { kind: "leave", fields: { at: when, from, to, by: author } };
    }
    const event = issueCommentEvent({
      author,
      repo: TRAINING_REPO,
      body: line,
      commentId: id,
      issueNumber: 1 + Math.floor(random() * 40),
      at: when,
    });
    // A command is keyed by its delivery: GitHub's id for the comment's delivery.
    add(
      event,
      byManager ? [{ login, id: `command-${event.id}`, ...fact }] : [],
      [],
      [`comment-${id}-${byManager ? "recorded" : "refused"}`],
    );
  };

  /** A developer's confirmation form, all three commitments ticked: recorded, answered once. */
  const confirmation = () =>
    deliveries.push(confirmationDelivery(developer(), ++issueNumber, at()));

  /**
   * A developer's one knowledge check (a second the same day would be refused, in whichever
   * order they land): a few answers wrong, graded 10 points a question, answered and closed.
   */
  const quiz = () => {
    const author = TEAM.find((login) => !quizzed.has(login));
    if (author === undefined) return command();
    quizzed.add(author);
    const wrong = Math.floor(random() * 3);
    const answers: Answers = { [QUIZ_USE_CASES]: USE_CASES };
    QUIZ_CHOICES.forEach((field, index) => {
      const right = QUIZ_LETTERS.get(field.id) as string;
      answers[field.id] = index < wrong ? (right === "A" ? "B" : "A") : right;
    });
    const number = ++issueNumber;
    const when = at();
    const event = issueOpenedEvent({
      author,
      repo: TRAINING_REPO,
      number,
      title: `[Context7 knowledge check] ${author}`,
      body: renderSubmittedForm(QUIZ_FORM, answers),
      at: when,
    });
    const issue = (event.payload as Payload).issue;
    add(
      event,
      [
        {
          login: author,
          kind: "knowledge-score",
          id: `quiz-${issue.node_id}`,
          fields: { at: when, score: 100 - 10 * wrong, by: author, source: "quiz", issue: number },
        },
      ],
      [],
      [`issue-${issue.id}-grade`],
      [number],
    );
  };

  /** A discussion: a discovery in the discoveries category, usage when it cites Context7. */
  const discussion = () => {
    const author = developer();
    const id = ++discussionId;
    const when = at();
    const category = chance(0.7) ? DISCOVERIES : "General";
    const { body, cites } = text(0.7);
    const title = `Discovery ${id}`;
    const event = discussionEvent({
      author,
      repo: TRAINING_REPO,
      title,
      body,
      category,
      at: when,
      id,
    });
    const node = (event.payload as Payload).discussion.node_id;
    const facts: ExpectedFact[] = [];
    if (cites) facts.push(usage(author, `discussion-${id}`, when, "discussion", TRAINING_REPO));
    if (category === DISCOVERIES)
      facts.push({
        login: author,
        kind: "discovery",
        id: `discovery-${node}`,
        fields: { at: when, title },
      });
    add(event, facts);
  };

  /**
   * A PR body edited elsewhere, mostly by its author: usage for the editor when the edit
   * adds a reference the body did not have; a typo fix in a citing body earns nothing.
   */
  const bodyEdit = () => {
    const author = developer();
    const editor = chance(0.8) ? author : other(author);
    const repo = pick(OTHER_REPOS);
    const citing = pick(CITING);
    const addsReference = chance(0.75);
    const when = at();
    const event = pullRequestEvent({
      action: "edited",
      author,
      sender: editor,
      repo,
      number: ++prNumber,
      previousBody: addsReference ? pick(PLAIN) : citing,
      body: addsReference ? `${citing}\n\nUpdated after review.` : `${citing} (typo fixed)`,
      at: when,
    });
    const pr = (event.payload as Payload).pull_request;
    add(
      event,
      addsReference
        ? [usage(editor, `pull_request-${pr.id}-${Date.parse(when)}`, when, "pull_request", repo)]
        : [],
    );
  };

  while (deliveries.length < count) {
    if (chance(0.15)) {
      const kind = random();
      if (kind < 0.4) command();
      else if (kind < 0.5) confirmation();
      else if (kind < 0.6) quiz();
      else if (kind < 0.8) discussion();
      else bodyEdit();
      continue;
    }
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

/**
 * The developer certified after the burst, and the record she starts with: the sample
 * team's alice, whose Gates 1 to 3 passed by 2026-11-30 (test/fixtures/sample-team). The
 * burst only adds to her record; what it holds already must stay, unchanged.
 */
export const CERTIFIED = "alice";
export const SEEDED_RECORD = new URL("../fixtures/sample-team/records/alice.yml", import.meta.url);

/** The seeded record's facts, as they must still be at the end, every field compared. */
export function seededFacts(recordText: string): ExpectedFact[] {
  // JSON's schema: timestamps stay the strings the file holds, as the App reads them.
  const record = load(recordText, { schema: JSON_SCHEMA }) as {
    login: string;
    evidence: { id: string; kind: string; [field: string]: unknown }[];
  };
  return record.evidence.map(({ id, kind, ...fields }) => ({
    login: record.login,
    kind,
    id,
    fields,
  }));
}

/** The certificate the second phase must issue: the first of its year, to CERTIFIED. */
export interface ExpectedCertificate {
  login: string;
  id: string;
  /** The certify command's fact id (its delivery's). */
  command: string;
}

/**
 * After the burst, one at a time (each depends on the one before): a manager's final score
 * for CERTIFIED, her confirmation form, then the manager's `/context7 certify`. The
 * certification is recorded once, the registry and the credential file name it once, the
 * manager's command is answered once, her confirmation issue gets one certified reply and
 * is closed once. Dated after every burst delivery and before the run.
 */
export function certifyPhase(): {
  deliveries: ScenarioDelivery[];
  certificate: ExpectedCertificate;
} {
  const command = (line: string, commentId: number, when: string) =>
    issueCommentEvent({
      author: MANAGER,
      repo: TRAINING_REPO,
      body: line,
      commentId,
      issueNumber: 41,
      at: when,
    });
  const finalAt = "2026-12-01T18:00:00Z";
  const final = command(`/context7 final @${CERTIFIED} 95`, 990_001, finalAt);
  const confirmationNumber = 400;
  const confirmation = confirmationDelivery(CERTIFIED, confirmationNumber, "2026-12-01T18:05:00Z");
  const certifyAt = "2026-12-01T18:10:00Z";
  const certify = command(`/context7 certify @${CERTIFIED}`, 990_002, certifyAt);
  const certificate = {
    login: CERTIFIED,
    id: "CONTEXT7-2026-0001",
    command: `command-${certify.id}`,
  };
  return {
    certificate,
    deliveries: [
      {
        event: final,
        facts: [
          {
            login: CERTIFIED,
            kind: "final-score",
            id: `command-${final.id}`,
            fields: { at: finalAt, score: 95, by: MANAGER },
          },
        ],
        checkRuns: [],
        replies: ["comment-990001-recorded"],
        closes: [],
      },
      confirmation,
      {
        event: certify,
        facts: [
          {
            login: CERTIFIED,
            kind: "certification",
            id: certificate.command,
            fields: { at: certifyAt, by: MANAGER, certificationId: certificate.id },
          },
        ],
        checkRuns: [],
        replies: ["comment-990002-recorded", `certified-${certificate.id}`],
        closes: [confirmationNumber],
      },
    ],
  };
}
