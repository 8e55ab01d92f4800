/**
 * The Octokit the scheduled Action runs with: @octokit/rest with the retry and throttling
 * plugins, as the App has. A scheduled run has minutes, not the App's 10 s, so it waits
 * out rate limits GitHub asks for up to a minute (a secondary limit up to three times)
 * and retries server errors three times; a 409 or 422 is never resent (the dashboard
 * commit rebuilds on the new head instead).
 */
import { retry } from "@octokit/plugin-retry";
import { throttling } from "@octokit/plugin-throttling";
import { Octokit } from "@octokit/rest";

/** The longest wait for a rate limit a scheduled run accepts, in seconds. */
const ACTION_MAX_RATE_LIMIT_WAIT_S = 60;

const waitUpTo =
  (maxRetries: number) =>
  (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount < maxRetries && retryAfter <= ACTION_MAX_RATE_LIMIT_WAIT_S;

export const ActionOctokit = Octokit.plugin(retry, throttling).defaults({
  throttle: { onRateLimit: waitUpTo(1), onSecondaryRateLimit: waitUpTo(3) },
  retry: { retries: 3, doNotRetry: [400, 401, 403, 404, 409, 410, 422, 451] },
});

export type ActionOctokit = InstanceType<typeof ActionOctokit>;
