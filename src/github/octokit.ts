/**
 * The Octokit the App runs with. Probot's defaults retry every rate limit, however long
 * the wait; a webhook must be answered within 10 s, so we wait only for short limits and
 * otherwise fail the delivery loudly (it can be redelivered, and writes are idempotent):
 *
 * - primary rate limit: one retry if GitHub asks for at most 5 s;
 * - secondary rate limit (bursts of writes): up to two retries of at most 5 s each;
 * - server errors (5xx): two retries, by @octokit/plugin-retry, after 0.25 s and 1 s (its
 *   default, 1 s and 4 s, would spend half the budget on one flaky answer); 4xx other than 429 are
 *   never retried (409/422 on a record are handled by the record store's re-merge, so
 *   409 is added to the plugin's list of statuses it leaves alone).
 *
 * Probot sets its own throttle handlers on the options it passes down, so ours are set in
 * a defaults function, which sees Probot's options and has the last word.
 */
import { ProbotOctokit } from "probot";

export const MAX_RATE_LIMIT_WAIT_S = 5;

/**
 * How far apart throttling sends one process's content-creating requests (and GraphQL
 * calls): @octokit/plugin-throttling's `write` limiter, after GitHub's advice to wait at
 * least a second between writes.
 */
export const WRITE_SPACING_MS = 1_000;

/** plugin-retry waits this × 1, then × 4, before its two retries of a 5xx. */
const RETRY_BASE_MS = 250;

/** @octokit/plugin-retry's list, plus 409 (a stale sha or a moved branch). */
const NOT_RETRIED = [400, 401, 403, 404, 409, 410, 422, 451];

type Options = Record<string, unknown> & { throttle?: Record<string, unknown> };

const shortWaitsOnly =
  (maxRetries: number) =>
  (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount < maxRetries && retryAfter <= MAX_RATE_LIMIT_WAIT_S;

/** `throttle: false` (offline replay, tests) turns off rate limiting and write spacing. */
export function trainingOctokit({ throttle = true, retries = 2 } = {}) {
  return ProbotOctokit.defaults((instanceOptions: Options) => ({
    ...instanceOptions,
    throttle: throttle
      ? {
          ...instanceOptions.throttle,
          enabled: true,
          onRateLimit: shortWaitsOnly(1),
          onSecondaryRateLimit: shortWaitsOnly(2),
        }
      : { enabled: false },
    // A 409 or 422 on a record means another writer got there first: the record store
    // re-reads and re-merges at once, so resending the same stale write would only wait.
    retry:
      retries > 0
        ? { retries, doNotRetry: NOT_RETRIED, retryAfterBaseValue: RETRY_BASE_MS }
        : { enabled: false },
  }));
}

export const TrainingOctokit = trainingOctokit();
