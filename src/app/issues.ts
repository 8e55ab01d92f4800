/**
 * `issues` in the training repo: the confirmation form and the knowledge-check quiz
 * (opened from their issue forms), and the self-reported boxes a developer ticks in their
 * tracker issue. Each form is answered once; an edit is recorded, never answered.
 */
import type { Context, Probot } from "probot";
import { type Config, rosterEntryFor } from "../core/config.js";
import { isConfirmationForm, parseConfirmation } from "../core/confirmation.js";
import type { EvidenceOf } from "../core/evidence.js";
import { isOwnAuthor } from "../core/markers.js";
import { OneAtATime } from "../core/one-at-a-time.js";
import {
  describeGrade,
  gradedAttempts,
  gradeQuiz,
  isQuizForm,
  parseAnswerKey,
  QUIZ_KEY_VARIABLE,
  type QuizRefusal,
  quizKeyMissingMessage,
  quizRefusal,
} from "../core/quiz.js";
import { changedTicks, trackerLogin } from "../core/self-report.js";
import { closeIssueOnce, replyOnce } from "../github/follow-ups.js";
import { developerStatus } from "./certify.js";
import { assertAnswerNotDue, type Runtime } from "./runtime.js";

type OpenedContext = Context<"issues.opened">;
type EditedContext = Context<"issues.edited">;
type Issue = OpenedContext["payload"]["issue"];

export function registerIssues(app: Probot, runtime: Runtime) {
  // A developer's attempts are decided on the record they are written over (gradeAttempt),
  // so attempts filed together cannot all pass the cap and the one-a-day rule, on any
  // instance; within this one they also go one at a time, which spares the conflicts.
  const attempts = new OneAtATime();
  app.on("issues.opened", async (context: OpenedContext) => {
    const { issue } = context.payload;
    if (!runtime.isTrainingRepo(context) || issue.user?.type === "Bot") return;
    const body = issue.body ?? "";
    const form = isQuizForm(body) ? "quiz" : isConfirmationForm(body) ? "confirmation" : null;
    if (form === null) return;
    const config = await runtime.config(context);
    if (config === null) {
      await reply(
        context,
        runtime,
        "no-config",
        "Nothing was recorded: the programme's config (.github/context7-training.yml) is missing or invalid. A manager can run `npx context7-training validate` on it; then open this form again.",
      );
      return;
    }
    const login = rosterEntryFor(config, issue.user?.login ?? "")?.login;
    if (login === undefined) {
      await reply(
        context,
        runtime,
        "not-on-roster",
        `Nothing was recorded: @${issue.user?.login} is not on the programme's roster. A manager adds you to \`roster\` in .github/context7-training.yml; then open this form again.`,
      );
      return;
    }
    if (form === "quiz")
      await attempts.run(login.toLowerCase(), () => gradeAttempt(context, runtime, config, login));
    else await recordConfirmation(context, runtime, config, login);
  });

  app.on("issues.edited", async (context: EditedContext) => {
    const { issue, sender } = context.payload;
    if (!runtime.isTrainingRepo(context) || sender.type === "Bot") return;
    const previous = context.payload.changes.body?.from;
    if (previous === undefined) return;
    const owner = trackerLogin(issue.body);
    // Only the developer vouches for their own boxes; anyone else's ticks are not evidence.
    // And a tracker is an issue the programme wrote: a developer's own issue ending with a
    // tracker marker is not one.
    if (
      owner !== null &&
      owner.toLowerCase() === sender.login.toLowerCase() &&
      isOwnAuthor(issue.user, await runtime.ownLogins())
    ) {
      await recordTicks(context, runtime, owner, previous);
      return;
    }
    if (
      issue.user?.login.toLowerCase() === sender.login.toLowerCase() &&
      isConfirmationForm(issue.body ?? "")
    ) {
      const config = await runtime.config(context);
      const login = config === null ? undefined : rosterEntryFor(config, sender.login)?.login;
      if (login === undefined) return;
      const at = issue.updated_at;
      await runtime.record(context, [
        { login, evidence: confirmationEvidence(issue, `-${Date.parse(at)}`, at) },
      ]);
    }
  });
}

async function recordTicks(
  context: EditedContext,
  runtime: Runtime,
  owner: string,
  previous: string,
) {
  const { issue } = context.payload;
  const changes = changedTicks(previous, issue.body);
  if (changes.length === 0) return;
  const config = await runtime.config(context);
  const login = config === null ? undefined : rosterEntryFor(config, owner)?.login;
  if (login === undefined) return;
  const at = issue.updated_at;
  await runtime.record(
    context,
    changes.map(({ item, done }) => ({
      login,
      evidence: {
        id: `self-report-${issue.node_id}-${item}-${Date.parse(at)}`,
        kind: "self-report" as const,
        at,
        item,
        done,
        issue: issue.number,
        url: issue.html_url,
      },
    })),
  );
}

function confirmationEvidence(
  issue: Pick<Issue, "node_id" | "number" | "html_url" | "body">,
  suffix: string,
  at: string,
): EvidenceOf<"confirmation"> {
  const { commitments, feedback } = parseConfirmation(issue.body ?? "");
  return {
    id: `confirmation-${issue.node_id}${suffix}`,
    kind: "confirmation",
    at,
    commitments,
    ...(Object.keys(feedback).length > 0 ? { feedback } : {}),
    issue: issue.number,
    url: issue.html_url,
  };
}

async function recordConfirmation(
  context: OpenedContext,
  runtime: Runtime,
  config: Config,
  login: string,
) {
  const { issue } = context.payload;
  const evidence = confirmationEvidence(issue, "", issue.created_at);
  // A redelivery finds the confirmation recorded, and answers it only if that is missing.
  const { records } = await runtime.store(context, [{ login, evidence }]);
  const record = records.get(login.toLowerCase());
  if (record === undefined) return;
  const form = parseConfirmation(issue.body ?? "");
  const developer = developerStatus(config, record, login, issue.created_at);
  const stillNeeded = developer.gates.certification.missing;
  const lines = [`Thanks @${login}, your confirmation is recorded.`];
  if (form.missing.length > 0) {
    lines.push("", "The form still lacks:", "", ...form.missing.map((item) => `- ${item}`));
    lines.push("", "Edit this issue to complete it; the latest version counts.");
  }
  lines.push("", "Still needed for certification:", "", ...stillNeeded.map((item) => `- ${item}`));
  await reply(context, runtime, "confirmation", lines.join("\n"));
}

async function gradeAttempt(
  context: OpenedContext,
  runtime: Runtime,
  config: Config,
  login: string,
) {
  const { issue } = context.payload;
  const keyText = runtime.env[QUIZ_KEY_VARIABLE];
  const key = keyText === undefined || keyText.trim() === "" ? null : parseAnswerKey(keyText);
  if (key === null || !key.ok) {
    const problem = key === null ? quizKeyMissingMessage : key.message;
    context.log.error(`context7-training: the knowledge check cannot be graded: ${problem}`);
    await reply(context, runtime, "not-graded", `This knowledge check was not graded: ${problem}`);
    return;
  }
  const grade = gradeQuiz(issue.body ?? "", key.key);
  const at = answeredAt(issue);
  const graded: EvidenceOf<"knowledge-score"> = {
    id: `quiz-${issue.node_id}`,
    kind: "knowledge-score",
    at,
    score: grade.score,
    by: login,
    source: "quiz",
    issue: issue.number,
    url: issue.html_url,
  };
  // Decided on the record as it is written over (another instance may be grading another
  // attempt right now); a redelivery finds this attempt recorded and decides as before.
  const outcome = await runtime.decideAndStore<AttemptOutcome>(context, login, (record) => {
    const others = record.evidence.filter((item) => !item.id.endsWith(`quiz-${issue.node_id}`));
    const own = record.evidence.find(
      (item) => item.id === graded.id || item.id === refusedId(issue),
    );
    const refusal = quizRefusal(config, others, at);
    // Decided once: a redelivery keeps the first decision, whatever changed since (the cap).
    if (own?.kind === "quiz-refused")
      return {
        items: [],
        decision: {
          refusal:
            refusal?.reason === own.reason
              ? refusal
              : { reason: own.reason, message: REFUSED_AS_FILED[own.reason] },
        },
      };
    if (refusal !== null && own === undefined)
      return { items: [refusedAttempt(issue, at, refusal.reason)], decision: { refusal } };
    const attemptsLeft =
      config.thresholds.knowledgeCheckAttempts - gradedAttempts(others).length - 1;
    return { items: [graded], decision: { attemptsLeft } };
  });
  if ("refusal" in outcome) {
    // A redelivery completes only what is missing of the reply and the closing.
    await reply(context, runtime, "refused", outcome.refusal.message);
    await closeIssueOnce(context.octokit, context.issue(), undefined, "not_planned");
    return;
  }
  // A redelivery grades the same answers (its payload is the same) and completes only
  // what is missing of the reply and the closing.
  await reply(
    context,
    runtime,
    "grade",
    describeGrade(grade, config.thresholds.knowledgeScore, outcome.attemptsLeft),
  );
  // The answers are taken out of the issue's body, so they are not in plain view (GitHub
  // keeps the first version in the edit history: docs/security.md says what that means).
  await closeIssueOnce(
    context.octokit,
    context.issue(),
    `_Answers removed after grading. Score: ${grade.score}/100._`,
  );
}

/**
 * When an attempt's answers were set: its issue's creation, or a later update it arrives
 * with. An issue opened elsewhere, answered days later and then transferred here keeps its
 * old creation date; its attempt must not count as made that day.
 */
function answeredAt(issue: Issue): string {
  const { created_at: created, updated_at: updated } = issue;
  return Date.parse(updated) > Date.parse(created) ? updated : created;
}

/** Why an attempt was refused when it was filed, when its reply is made later. */
const REFUSED_AS_FILED: Record<QuizRefusal, string> = {
  "attempts-used":
    "This knowledge check was not graded: when it was filed, all attempts were used, and the best score counts.",
  "same-day":
    "This knowledge check was not graded: one attempt a day, and that day's was taken when it was filed. Open the form again on another day.",
};

type AttemptOutcome =
  | { refusal: { reason: QuizRefusal; message: string } }
  | { attemptsLeft: number };

function refusedId(issue: Issue): string {
  return `refused-quiz-${issue.node_id}`;
}

/** An attempt not graded (RULES: the cap, one a day): recorded as refused, using up nothing. */
function refusedAttempt(issue: Issue, at: string, reason: QuizRefusal): EvidenceOf<"quiz-refused"> {
  return {
    id: refusedId(issue),
    kind: "quiz-refused",
    at,
    reason,
    issue: issue.number,
    url: issue.html_url,
  };
}

/** The one reply of this kind to the issue, however often it is delivered. */
async function reply(context: OpenedContext, runtime: Runtime, kind: string, body: string) {
  assertAnswerNotDue(context);
  const to = `issue-${context.payload.issue.id}-${kind}`;
  await replyOnce(context.octokit, await runtime.ownLogins(), context.issue(), to, body);
}
