/**
 * The context7-training App: turns what developers do on GitHub into evidence in the
 * training repo's `records/`. `probot run ./dist/src/app/index.js` runs the default export.
 */
import type { ApplicationFunction } from "probot";
import { registerComments } from "./comment.js";
import { registerDiscussions } from "./discussion.js";
import { registerIssues } from "./issues.js";
import { registerPullRequest } from "./pull-request.js";
import { registerPush } from "./push.js";
import { registerRecordsGuard } from "./records-guard.js";
import { startRedeliverySweeps } from "./redeliver.js";
import { registerReviews } from "./review.js";
import { type AppOptions, Runtime } from "./runtime.js";

export type { AppOptions } from "./runtime.js";

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (probot) => {
    if ((options.redeliverEveryMinutes ?? 0) > 0) {
      startRedeliverySweeps(probot, {
        everyMs: (options.redeliverEveryMinutes as number) * 60_000,
      });
    }
    const runtime = new Runtime(options);
    runtime.identifyAs(() => probot.auth());
    const app = runtime.timingDeliveries(probot);
    registerPullRequest(app, runtime);
    registerReviews(app, runtime);
    registerComments(app, runtime);
    registerDiscussions(app, runtime);
    registerIssues(app, runtime);
    registerPush(app, runtime);
    registerRecordsGuard(app, runtime);
  };
}

/**
 * The App as `npm start` and `probot run` run it: failed deliveries are redelivered every
 * `CONTEXT7_REDELIVER_MINUTES` (default 5; 0 turns it off).
 */
export function productionApp(env: Readonly<Record<string, string | undefined>> = process.env) {
  const raw = env.CONTEXT7_REDELIVER_MINUTES ?? "5";
  const minutes = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(minutes) || minutes < 0) {
    throw new Error(
      `CONTEXT7_REDELIVER_MINUTES must be a number of minutes (0 turns the redelivery of failed deliveries off), not "${raw}"`,
    );
  }
  return createApp({ redeliverEveryMinutes: minutes });
}

/**
 * For `probot run`. The environment is read when Probot loads the App, not on import: the
 * CLI imports this module too, and a bad App setting must not stop it.
 */
const app: ApplicationFunction = (probot, options) => productionApp()(probot, options);
export default app;
