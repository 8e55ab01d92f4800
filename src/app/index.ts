/**
 * The context7-training App: turns what developers do on GitHub into evidence in the
 * training repo's `records/`. `probot run ./dist/src/app/index.js` runs the default export.
 */
import type { ApplicationFunction } from "probot";
import { registerComments } from "./comment.js";
import { registerDiscussions } from "./discussion.js";
import { registerIssues } from "./issues.js";
import { checkingPayloads } from "./payloads.js";
import { registerPullRequest } from "./pull-request.js";
import { registerPush } from "./push.js";
import { registerRecordsGuard } from "./records-guard.js";
import { startRedeliverySweeps } from "./redeliver.js";
import { registerReviews } from "./review.js";
import { type AppOptions, Runtime } from "./runtime.js";
import { type Environment, loadAppSettings } from "./settings.js";

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
    // Every payload is checked once, here, before any handler reads it (payloads.ts).
    const app = runtime.timingDeliveries(checkingPayloads(probot));
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
 * The App as `npm start` and `probot run` run it, with the settings of `env` (settings.ts):
 * an `AppSettingsError` when one is wrong, such as a missing WEBHOOK_SECRET. Failed
 * deliveries are redelivered every `CONTEXT7_REDELIVER_MINUTES` (default 5; 0 turns it off).
 */
export function productionApp(env: Environment = process.env): ApplicationFunction {
  const { settings, warnings } = loadAppSettings(env);
  return (probot, options) => {
    for (const warning of warnings) probot.log.warn(`context7-training: ${warning}`);
    return createApp({
      ...(settings.trainingRepo === undefined ? {} : { trainingRepo: settings.trainingRepo }),
      redeliverEveryMinutes: settings.redeliverEveryMinutes,
      env,
    })(probot, options);
  };
}

/**
 * For `probot run` and `npm start`. The environment is read when Probot loads the App, not
 * on import: by then Probot has applied `.env`, and the CLI, which imports this module too,
 * is not stopped by a bad App setting.
 */
const app: ApplicationFunction = (probot, options) => productionApp()(probot, options);
export default app;
