/**
 * `pull_request` in the training repo: `records/` is written by the App from GitHub events
 * (and by managers), never by hand in a pull request, and the config only by managers. A
 * pull request that changes either gets the `Context7 records` check: a failure when its
 * author is not a manager, a success when a manager's does. One `pulls.listFiles` call per 100 changed files; other repos' pull
 * requests cost nothing. The App never checks out or runs a pull request's code, a fork's
 * or any other.
 */
import type { Context, Probot } from "probot";
import {
  isManager,
  protectedFilesIn,
  RECORDS_CHECK_NAME,
  recordsCheck,
} from "../core/record-edits.js";
import { checkRunOnce } from "../github/follow-ups.js";
import { listPullFiles } from "../github/pulls.js";
import type { Runtime } from "./runtime.js";

export function registerRecordsGuard(app: Probot, runtime: Runtime) {
  app.on(
    [
      "pull_request.opened",
      "pull_request.reopened",
      "pull_request.synchronize",
      "pull_request.edited",
    ],
    async (context: Context<"pull_request">) => {
      if (!runtime.isTrainingRepo(context)) return;
      // An edit matters only when it moves the base branch: the PR then changes other files.
      const { changes } = context.payload as { changes?: { base?: unknown } };
      if (context.payload.action === "edited" && changes?.base === undefined) return;
      // Nothing is written while the config is missing or invalid (and no manager is known).
      const config = await runtime.config(context);
      if (config === null) return;
      const { pull_request: pr } = context.payload;
      const files = await listPullFiles(context.octokit, context.repo(), pr.number);
      // A manager's PR passes only while managers act on it: a push by anyone else onto it
      // is judged as theirs (a later manager's push vouches for the whole again).
      const author = pr.user?.login ?? "";
      const actor = isManager(config, author) ? (context.payload.sender?.login ?? author) : author;
      const check = recordsCheck(config, actor, protectedFilesIn(files));
      if (check === null) return;
      await checkRunOnce(
        context.octokit,
        await runtime.ownLogins(),
        context.repo({
          name: RECORDS_CHECK_NAME,
          head_sha: pr.head.sha,
          conclusion: check.conclusion,
          output: { title: check.title, summary: check.summary },
        }),
      );
    },
  );
}
