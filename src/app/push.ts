/**
 * `push`: usage in commit messages; and, on the training repo's default branch, a change to
 * the config is checked at once (a `Context7 config` check run on the pushed commit, with
 * each problem annotated at its line) and the cached config is dropped. A change pushed by
 * someone who is not a manager fails the check and is put to the managers in a comment on
 * the commit, with what it changed (config-changes.ts).
 */
import type { Context, Probot } from "probot";
import { CONFIG_PATH, type Config, parseConfig } from "../core/config.js";
import { configChanges, mayChangeConfig } from "../core/config-changes.js";
import { hasReference } from "../core/detect.js";
import { readConfigText } from "../github/config-file.js";
import { checkRunOnce, commitCommentOnce } from "../github/follow-ups.js";
import type { Runtime } from "./runtime.js";

export const CONFIG_CHECK_NAME = "Context7 config";

export function registerPush(app: Probot, runtime: Runtime) {
  app.on("push", async (context: Context<"push">) => {
    const { commits, ref, repository, after } = context.payload;
    const onDefaultBranch = ref === `refs/heads/${repository.default_branch}`;
    const touchesConfig =
      runtime.isTrainingRepo(context) &&
      onDefaultBranch &&
      commits.some((commit) =>
        [...(commit.added ?? []), ...(commit.modified ?? [])].includes(CONFIG_PATH),
      );
    if (touchesConfig) {
      runtime.forgetConfig(runtime.trainingRepo(context));
      await checkConfig(context, runtime, after);
    }
    if (commits.some((commit) => hasReference(commit.message))) await runtime.recordEvent(context);
  });
}

/** No commit: the `before` of a push that created the branch. */
const NO_COMMIT = /^0{40}$/;

async function checkConfig(context: Context<"push">, runtime: Runtime, sha: string) {
  const text = await readConfigText(context.octokit, context.repo(), sha);
  if (text === null)
    throw new Error(
      `${CONFIG_PATH} is not in ${context.payload.repository.full_name} at ${sha}, although the push changed it (a later commit deleted it?); no Context7 config check is made for that commit. Put the config back on the default branch: nothing is recorded without it`,
    );
  const parsed = parseConfig(text, CONFIG_PATH);
  const problems = parsed.ok ? [] : parsed.problems;
  if (!parsed.ok)
    context.log.error(
      `context7-training: ${CONFIG_PATH} at ${sha} has ${problems.length} problems`,
    );
  const intruder = await unauthorisedChange(context, parsed.ok ? parsed.value : null);
  const summary = [
    ...(intruder === null ? [] : [intruder.summary]),
    parsed.ok
      ? `${parsed.value.roster.length} developers, ${parsed.value.managers.length} managers.`
      : `Nothing is recorded until these are fixed:\n\n${problems.map((p) => `- line ${p.line ?? "?"}: \`${p.path || "(file)"}\` ${p.message}`).join("\n")}`,
  ];
  await checkRunOnce(
    context.octokit,
    await runtime.ownLogins(),
    context.repo({
      name: CONFIG_CHECK_NAME,
      head_sha: sha,
      conclusion: parsed.ok && intruder === null ? ("success" as const) : ("failure" as const),
      output: {
        title:
          intruder?.title ??
          (parsed.ok
            ? "The programme config is valid"
            : `${problems.length} problems in ${CONFIG_PATH}`),
        summary: summary.join("\n\n"),
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
      context.repo({ commit_sha: sha }),
      "config-change",
      intruder.notice,
    );
}

/**
 * When the pusher (GitHub's authenticated sender, unlike a commit's free-text author) is
 * not a manager of the config as it was before the push: what to tell the managers. Null
 * when they are, or when there was no valid config before (the first one, or a repair).
 */
async function unauthorisedChange(context: Context<"push">, after: Config | null) {
  const { before, sender } = context.payload;
  const pusher = sender?.login ?? "";
  if (NO_COMMIT.test(before)) return null;
  const beforeText = await readConfigText(context.octokit, context.repo(), before);
  const parsed = beforeText === null ? null : parseConfig(beforeText, CONFIG_PATH);
  if (parsed === null || !parsed.ok || mayChangeConfig(parsed.value, pusher)) return null;
  const changes = configChanges(parsed.value, after);
  const listed =
    changes.length === 0
      ? "No manager, developer or threshold changed."
      : changes.map((line) => `- ${line}`).join("\n");
  const managers = parsed.value.managers.map((manager) => `@${manager}`).join(" ");
  context.log.warn(
    `context7-training: ${CONFIG_PATH} was changed by ${pusher}, who is not a manager (push ${before.slice(0, 7)}..${context.payload.after.slice(0, 7)})`,
  );
  const explain = `@${pusher} pushed a change to \`${CONFIG_PATH}\` and is not one of the programme's managers (as the config was before the push). The App and the scheduled run use the config as it is now, so check what changed:\n\n${listed}\n\n**What to do:** if you did not agree to it, revert the push (\`git revert ${before.slice(0, 7)}..${context.payload.after.slice(0, 7)}\`) and protect the config: give it to the managers in \`CODEOWNERS\` and require code owners' review on the default branch (docs/security.md).`;
  return {
    title: `Changed by @${pusher}, who is not a manager`,
    summary: explain,
    notice: `${managers === "" ? "" : `${managers}: `}${explain}`,
  };
}
