/**
 * `push`: usage in commit messages; and, on the training repo's default branch, a change to
 * the config is checked at once (a `Context7 config` check run on the pushed commit, with
 * each problem annotated at its line) and the cached config is dropped.
 */
import type { Context, Probot } from "probot";
import { CONFIG_PATH, parseConfig } from "../core/config.js";
import { hasReference } from "../core/detect.js";
import { readConfigText } from "../github/config-file.js";
import { checkRunOnce } from "../github/follow-ups.js";
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
  await checkRunOnce(
    context.octokit,
    await runtime.ownLogins(),
    context.repo({
      name: CONFIG_CHECK_NAME,
      head_sha: sha,
      conclusion: parsed.ok ? ("success" as const) : ("failure" as const),
      output: {
        title: parsed.ok
          ? "The programme config is valid"
          : `${problems.length} problems in ${CONFIG_PATH}`,
        summary: parsed.ok
          ? `${parsed.value.roster.length} developers, ${parsed.value.managers.length} managers.`
          : `Nothing is recorded until these are fixed:\n\n${problems.map((p) => `- line ${p.line ?? "?"}: \`${p.path || "(file)"}\` ${p.message}`).join("\n")}`,
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
}
