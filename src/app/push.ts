/**
 * `push`: usage in commit messages; and, on the training repo's default branch, a change to
 * the config is checked at once (a `Context7 config` check run on the pushed commit, with
 * each problem annotated at its line) and the cached config is dropped. A change pushed by
 * someone who is not a manager fails the check and is put to the managers in a comment on
 * the commit, with what it changed (config-changes.ts).
 */
import type { Context, Probot } from "probot";
import { CONFIG_PATH, type Config, parseConfig } from "../core/config.js";
import { configChanges, listChanges, mayChangeConfig } from "../core/config-changes.js";
import { hasReference } from "../core/detect.js";
import type { Problem } from "../core/problems.js";
import { codeSpan, escapeText } from "../core/render/markdown.js";
import { configCommits, readConfigText } from "../github/config-file.js";
import { checkRunOnce, commitCommentOnce } from "../github/follow-ups.js";
import type { Runtime } from "./runtime.js";

export const CONFIG_CHECK_NAME = "Context7 config";

/** A push's payload lists this many commits at most; a longer push may change the config unlisted. */
const MAX_LISTED_COMMITS = 2048;
/** Earlier versions of the config read at most, looking back for the last valid one. */
const MAX_EARLIER_CONFIGS = 5;
/** GitHub refuses a check run summary or a comment over 65,535 characters. */
const MAX_TEXT = 60_000;
/** No commit: the `before` of a push that created the branch. */
const NO_COMMIT = /^0{40}$/;

type PushContext = Context<"push">;

export function registerPush(app: Probot, runtime: Runtime) {
  app.on("push", async (context: PushContext) => {
    const { commits, ref, repository, deleted } = context.payload;
    const onDefaultBranch = ref === `refs/heads/${repository.default_branch}`;
    if (runtime.isTrainingRepo(context) && onDefaultBranch && !deleted) {
      const touch = configTouch(context.payload);
      if (touch !== "no") {
        runtime.forgetConfig(runtime.trainingRepo(context));
        await checkConfig(context, runtime, touch === "listed");
      }
    }
    if (commits.some((commit) => hasReference(commit.message))) await runtime.recordEvent(context);
  });
}

/**
 * Whether a push changes the config: one of its commits lists it (added, modified or
 * removed), maybe (a force push or a reset lists none of what it undid; a very long push
 * does not list every commit), or not.
 */
function configTouch(payload: PushContext["payload"]): "listed" | "maybe" | "no" {
  const { commits } = payload;
  const files = (commit: (typeof commits)[number]) => [
    ...(commit.added ?? []),
    ...(commit.modified ?? []),
    ...(commit.removed ?? []),
  ];
  if (commits.some((commit) => files(commit).includes(CONFIG_PATH))) return "listed";
  if (payload.forced || commits.length === 0 || commits.length >= MAX_LISTED_COMMITS)
    return "maybe";
  return "no";
}

/**
 * The `Context7 config` check run on the pushed commit: the config's problems at their
 * lines, or its absence, and who changed it when that is not a manager. A push that only
 * maybe changed the config gets a check only when the config differs from before it.
 */
async function checkConfig(context: PushContext, runtime: Runtime, listed: boolean) {
  const { before, after } = context.payload;
  const afterText = await readConfigText(context.octokit, context.repo(), after);
  const beforeText = NO_COMMIT.test(before)
    ? null
    : await readConfigText(context.octokit, context.repo(), before);
  if (!listed && afterText === beforeText) return;
  const parsed = afterText === null ? null : parseConfig(afterText, CONFIG_PATH);
  const config = parsed?.ok === true ? parsed.value : null;
  const problems = parsed === null || parsed.ok ? [] : parsed.problems;
  if (config === null)
    context.log.error(
      `context7-training: ${CONFIG_PATH} at ${after} is ${parsed === null ? "missing" : `invalid (${problems.length} problems)`}; nothing is recorded until it is fixed`,
    );
  const intruder = await unauthorisedChange(context, beforeText, config);
  const state =
    parsed === null
      ? {
          title: `${CONFIG_PATH} is missing`,
          summary: `Nothing is recorded until \`${CONFIG_PATH}\` is back on the default branch.`,
        }
      : config === null
        ? {
            title: `${problems.length} problems in ${CONFIG_PATH}`,
            summary: `Nothing is recorded until these are fixed:\n\n${listProblems(problems)}`,
          }
        : {
            title: "The programme config is valid",
            summary: `${config.roster.length} developers, ${config.managers.length} managers.`,
          };
  await checkRunOnce(
    context.octokit,
    await runtime.ownLogins(),
    context.repo({
      name: CONFIG_CHECK_NAME,
      head_sha: after,
      conclusion:
        config !== null && intruder === null ? ("success" as const) : ("failure" as const),
      output: {
        title: intruder?.title ?? state.title,
        summary: clip([intruder?.summary, state.summary].filter(Boolean).join("\n\n")),
        annotations: problems.slice(0, 50).map((problem) => ({
          path: CONFIG_PATH,
          start_line: problem.line ?? 1,
          end_line: problem.line ?? 1,
          annotation_level: "failure" as const,
          message: `${problem.path === "" ? "" : `${problem.path}: `}${problem.message}`,
        })),
      },
    }),
  );
  if (intruder !== null)
    await commitCommentOnce(
      context.octokit,
      await runtime.ownLogins(),
      context.repo({ commit_sha: after }),
      "config-change",
      clip(intruder.notice),
    );
}

function listProblems(problems: readonly Problem[]): string {
  const lines = problems
    .slice(0, 50)
    .map(
      (p) => `- line ${p.line ?? "?"}: ${codeSpan(p.path || "(file)")} ${escapeText(p.message)}`,
    );
  if (problems.length > 50) lines.push(`- … and ${problems.length - 50} more`);
  return lines.join("\n");
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}\n\n… (cut: too long to show)`;
}

/**
 * When the pusher (GitHub's authenticated sender, unlike a commit's free-text author) is
 * not a manager of the last valid config before the push: what to tell the managers. Null
 * when they are, or when there never was a valid config (the first one).
 */
async function unauthorisedChange(
  context: PushContext,
  beforeText: string | null,
  after: Config | null,
) {
  const pusher = context.payload.sender?.login ?? "";
  const reference = await lastValidConfig(context, beforeText);
  if (reference === null || mayChangeConfig(reference.config, pusher)) return null;
  const { after: pushed } = context.payload;
  context.log.warn(
    `context7-training: ${CONFIG_PATH} was changed by ${pusher}, who is not a manager (push to ${pushed.slice(0, 7)})`,
  );
  const managers = reference.config.managers.map((manager) => `@${manager}`).join(" ");
  const explain = [
    `@${pusher} pushed a change to \`${CONFIG_PATH}\` and is not one of the programme's managers (as the config was at ${reference.sha.slice(0, 7)}, before the push). The App and the scheduled run use the config as it is now, so check what changed since then:`,
    "",
    listChanges(configChanges(reference.config, after)),
    "",
    `**What to do:** if you did not agree to it, put the config back as it was (\`git checkout ${reference.sha.slice(0, 7)} -- ${CONFIG_PATH}\`, commit, push) and protect it: give it to the managers in \`CODEOWNERS\` and require code owners' review on the default branch (docs/security.md).`,
  ].join("\n");
  return {
    title: `Changed by @${pusher}, who is not a manager`,
    summary: explain,
    notice: `${managers === "" ? "" : `${managers}: `}${explain}`,
  };
}

/**
 * The config a change is judged by: the one before the push, or, when that is missing or
 * invalid (someone broke it first), the last valid one before it (one listing and a few
 * reads). Null when there was none: the first config is nobody's to judge.
 */
async function lastValidConfig(
  context: PushContext,
  beforeText: string | null,
): Promise<{ config: Config; sha: string } | null> {
  const { before } = context.payload;
  if (NO_COMMIT.test(before)) return null;
  const valid = (text: string | null) => {
    const parsed = text === null ? null : parseConfig(text, CONFIG_PATH);
    return parsed?.ok === true ? parsed.value : null;
  };
  const atBefore = valid(beforeText);
  if (atBefore !== null) return { config: atBefore, sha: before };
  const changes = await configCommits(context.octokit, context.repo(), before, MAX_EARLIER_CONFIGS);
  for (const { parent } of changes) {
    if (parent === null) continue;
    const config = valid(await readConfigText(context.octokit, context.repo(), parent));
    if (config !== null) return { config, sha: parent };
  }
  return null;
}
