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
import { registerReviews } from "./review.js";
import { type AppOptions, Runtime } from "./runtime.js";

export type { AppOptions } from "./runtime.js";

export function createApp(options: AppOptions = {}): ApplicationFunction {
  return (probot) => {
    const runtime = new Runtime(options);
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

export default createApp();
