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
import { ConfigLinkError, configCommits, readConfigText } from "../github/config-file.js";
import { checkRunOnce, commitCommentOnce } from "../github/follow-ups.js";
import type { Runtime } from "./runtime.js";

export const CONFIG_CHECK_NAME = "Context7 config";

/** A push's payload lists this many commits at most; a longer push may change the config unlisted. */
const MAX_LISTED_COMMITS = 2048;
/** Earlier versions of the config read at most, looking back for the last valid one. */
const MAX_EARLIER_CONFIGS = 5;
/** Problems listed and annotated at most; the rest are counted. */
const MAX_PROBLEMS = 50;
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

/** The config at a commit: its text (null: none there), or the file a link there points to. */
interface ConfigAt {
  text: string | null;
  linkedTo: string | null;
}

async function readConfigAt(context: PushContext, ref: string): Promise<ConfigAt> {
  try {
    return { text: await readConfigText(context.octokit, context.repo(), ref), linkedTo: null };
  } catch (error) {
    if (error instanceof ConfigLinkError) return { text: null, linkedTo: error.linkedTo };
    throw error;
  }
}

function validConfig(at: ConfigAt): Config | null {
  const parsed = at.text === null ? null : parseConfig(at.text, CONFIG_PATH);
  return parsed?.ok === true ? parsed.value : null;
}

/**
 * The `Context7 config` check run on the pushed commit: the config's problems at their
 * lines, its absence or a link in its place, and who changed it when that is not a
 * manager (then a comment on the commit first, so that the managers hear of it whatever
 * happens to the check run). A push that only maybe changed the config gets a check only
 * when the config differs from before it.
 */
async function checkConfig(context: PushContext, runtime: Runtime, listed: boolean) {
  const { before, after } = context.payload;
  const now = await readConfigAt(context, after);
  const earlier: ConfigAt = NO_COMMIT.test(before)
    ? { text: null, linkedTo: null }
    : await readConfigAt(context, before);
  if (!listed && now.text === earlier.text && now.linkedTo === earlier.linkedTo) return;
  const parsed = now.text === null ? null : parseConfig(now.text, CONFIG_PATH);
  const config = parsed?.ok === true ? parsed.value : null;
  const problems = parsed === null || parsed.ok ? [] : parsed.problems;
  const state = configState(now, config, problems);
  if (config === null)
    context.log.error(`context7-training: ${state.title} at ${after}; nothing is recorded`);
  const intruder = await unauthorisedChange(context, earlier, config);
  const own = await runtime.ownLogins();
  if (intruder !== null)
    await commitCommentOnce(
      context.octokit,
      own,
      context.repo({ commit_sha: after }),
      "config-change",
      clip(intruder.notice),
    );
  await checkRunOnce(
    context.octokit,
    own,
    context.repo({
      name: CONFIG_CHECK_NAME,
      head_sha: after,
      conclusion:
        config !== null && intruder === null ? ("success" as const) : ("failure" as const),
      output: {
        title: intruder?.title ?? state.title,
        summary: clip([intruder?.summary, state.summary].filter(Boolean).join("\n\n")),
        annotations: problems.slice(0, MAX_PROBLEMS).map((problem) => ({
          path: CONFIG_PATH,
          start_line: problem.line ?? 1,
          end_line: problem.line ?? 1,
          annotation_level: "failure" as const,
          message: cut(`${problem.path === "" ? "" : `${problem.path}: `}${problem.message}`),
        })),
      },
    }),
  );
}

/** What the check says of the config as pushed. */
function configState(now: ConfigAt, config: Config | null, problems: readonly Problem[]) {
  if (now.linkedTo !== null)
    return {
      title: `${CONFIG_PATH} is a symbolic link`,
      summary: `It points to ${codeSpan(now.linkedTo)}. The App reads only the file itself, so that who changes the config can be checked: nothing is recorded until the link is replaced with the config file.`,
    };
  if (now.text === null)
    return {
      title: `${CONFIG_PATH} is missing`,
      summary: `Nothing is recorded until \`${CONFIG_PATH}\` is back on the default branch.`,
    };
  if (config === null)
    return {
      title: `${problems.length} problems in ${CONFIG_PATH}`,
      summary: `Nothing is recorded until these are fixed:\n\n${listProblems(problems)}`,
    };
  return {
    title: "The programme config is valid",
    summary: `${config.roster.length} developers, ${config.managers.length} managers.`,
  };
}

function listProblems(problems: readonly Problem[]): string {
  const lines = problems
    .slice(0, MAX_PROBLEMS)
    .map(
      (p) =>
        `- line ${p.line ?? "?"}: ${codeSpan(p.path || "(file)")} ${escapeText(cut(p.message))}`,
    );
  if (problems.length > MAX_PROBLEMS) lines.push(`- … and ${problems.length - MAX_PROBLEMS} more`);
  return lines.join("\n");
}

/** One problem's message, short enough for an annotation (GitHub refuses one over 64 KB). */
function cut(message: string): string {
  return message.length <= 1_000 ? message : `${message.slice(0, 999)}…`;
}

function clip(text: string): string {
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT)}\n\n… (cut: too long to show)`;
}

/**
 * When the pusher (GitHub's authenticated sender, unlike a commit's free-text author) is
 * not a manager of the last valid config before the push: what to tell the managers. Null
 * when they are, or when there never was a valid config (the first one).
 */
async function unauthorisedChange(context: PushContext, earlier: ConfigAt, after: Config | null) {
  const pusher = context.payload.sender?.login ?? "";
  const reference = await lastValidConfig(context, earlier);
  if (reference === "never") return null;
  if (reference !== "unknown" && mayChangeConfig(reference.config, pusher)) return null;
  context.log.warn(
    `context7-training: ${CONFIG_PATH} was changed by ${pusher}, who is not a manager (push to ${context.payload.after.slice(0, 7)})`,
  );
  const protect =
    "protect it: give it to the managers in `CODEOWNERS` and require code owners' review on the default branch (docs/security.md)";
  if (reference === "unknown") {
    // Nobody to judge by: the managers named now are told, the pusher aside.
    const told = (after?.managers ?? []).filter((m) => m.toLowerCase() !== pusher.toLowerCase());
    const explain = `@${pusher} pushed a change to \`${CONFIG_PATH}\`, and none of the config's last ${MAX_EARLIER_CONFIGS} versions before it is valid, so whether @${pusher} may change it cannot be told. A manager must look at its history (\`git log -p -- ${CONFIG_PATH}\`), put it back as a manager left it, and ${protect}.`;
    return {
      title: `Changed by @${pusher}; no valid config before it to judge by`,
      summary: explain,
      notice: `${told.map((manager) => `@${manager}`).join(" ")}${told.length > 0 ? ": " : ""}${explain}`,
    };
  }
  const managers = reference.config.managers.map((manager) => `@${manager}`).join(" ");
  const explain = [
    `@${pusher} pushed a change to \`${CONFIG_PATH}\` and is not one of the programme's managers (as the config was at ${reference.sha.slice(0, 7)}, before the push). The App and the scheduled run use the config as it is now, so check what changed since then:`,
    "",
    listChanges(configChanges(reference.config, after)),
    "",
    `**What to do:** if you did not agree to it, put the config back as it was (\`git checkout ${reference.sha.slice(0, 7)} -- ${CONFIG_PATH}\`, commit, push) and ${protect}.`,
  ].join("\n");
  return {
    title: `Changed by @${pusher}, who is not a manager`,
    summary: explain,
    notice: `${managers === "" ? "" : `${managers}: `}${explain}`,
  };
}

/**
 * The config a change is judged by: the one before the push, or, when that is missing,
 * invalid or a link (someone broke it first), the last valid one before it (one listing of
 * the config's last changes and a read per change, only then). "never" when the config
 * was never valid (the first one is nobody's to judge); "unknown" when none of its last
 * MAX_EARLIER_CONFIGS versions is valid: it fails closed.
 */
async function lastValidConfig(
  context: PushContext,
  earlier: ConfigAt,
): Promise<{ config: Config; sha: string } | "never" | "unknown"> {
  const { before } = context.payload;
  if (NO_COMMIT.test(before)) return "never";
  const atBefore = validConfig(earlier);
  if (atBefore !== null) return { config: atBefore, sha: before };
  const changes = await configCommits(context.octokit, context.repo(), before, MAX_EARLIER_CONFIGS);
  for (const { parent } of changes) {
    if (parent === null) return "never";
    const config = validConfig(await readConfigAt(context, parent));
    if (config !== null) return { config, sha: parent };
  }
  return changes.length < MAX_EARLIER_CONFIGS ? "never" : "unknown";
}
