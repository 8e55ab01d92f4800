/**
 * The Octokit the App runs with. Probot's defaults retry every rate limit, however long
 * the wait; a webhook must be answered within 10 s, so we wait only for short limits and
 * otherwise fail the delivery loudly (it can be redelivered, and writes are idempotent):
 *
 * - primary rate limit: one retry if GitHub asks for at most 5 s;
 * - secondary rate limit (bursts of writes): up to two retries of at most 5 s each;
 * - server errors (5xx): two retries, by @octokit/plugin-retry; 4xx other than 429 are
 *   never retried (409/422 on a record are handled by the record store's re-merge).
 */
import { ProbotOctokit } from "probot";

export const MAX_RATE_LIMIT_WAIT_S = 5;

export const TrainingOctokit = ProbotOctokit.defaults({
  throttle: {
    onRateLimit: (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
      retryCount < 1 && retryAfter <= MAX_RATE_LIMIT_WAIT_S,
    onSecondaryRateLimit: (
      retryAfter: number,
      _options: unknown,
      _octokit: unknown,
      retryCount: number,
    ) => retryCount < 2 && retryAfter <= MAX_RATE_LIMIT_WAIT_S,
  },
  retry: { retries: 2 },
});
