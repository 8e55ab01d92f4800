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
 *   409 is added to the plugin's list of statuses it leaves alone);
 * - one attempt that GitHub does not answer within 5 s, body included, is given up and
 *   fails as a 5xx does, so it is retried like one. Node's own limit is 5 minutes, and one
 *   hung connection would hold a training repository's write queue, and so every delivery
 *   for it, that long.
 *
 * Probot sets its own throttle handlers on the options it passes down, so ours are set in
 * a defaults function, which sees Probot's options and has the last word.
 */
import { ProbotOctokit } from "probot";

const MAX_RATE_LIMIT_WAIT_S = 5;

/**
 * How far apart throttling sends one process's content-creating requests (and GraphQL
 * calls): @octokit/plugin-throttling's `write` limiter, after GitHub's advice to wait at
 * least a second between writes.
 */
export const WRITE_SPACING_MS = 1_000;

/** How long one attempt of a request may take, its body included. */
const REQUEST_TIMEOUT_MS = 5_000;

/** plugin-retry waits this × 1, then × 4, before its two retries of a 5xx. */
const RETRY_BASE_MS = 250;

/** @octokit/plugin-retry's list, plus 409 (a stale sha or a moved branch). */
const NOT_RETRIED = [400, 401, 403, 404, 409, 410, 422, 451];

type Options = Record<string, unknown> & {
  throttle?: Record<string, unknown>;
  request?: Record<string, unknown> & { fetch?: typeof fetch };
};

const shortWaitsOnly =
  (maxRetries: number) =>
  (retryAfter: number, _options: unknown, _octokit: unknown, retryCount: number) =>
    retryCount < maxRetries && retryAfter <= MAX_RATE_LIMIT_WAIT_S;

/** Statuses whose responses have no body (the Fetch standard's null body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/**
 * `fetch` that gives up an attempt after `timeoutMs`. It reads the whole body within that
 * time too: @octokit/request would take a body cut short for an empty one, not an error.
 */
function fetchWithin(
  timeoutMs: number,
  baseFetch: () => typeof fetch = () => globalThis.fetch,
): typeof fetch {
  return async (input, init = {}) => {
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await baseFetch()(input, { ...init, signal });
      const body = NULL_BODY_STATUSES.has(response.status) ? null : await response.arrayBuffer();
      const whole = new Response(body, {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      });
      Object.defineProperty(whole, "url", { value: response.url });
      return whole;
    } catch (error) {
      if (!timeout.aborted) throw error;
      const url = input instanceof Request ? input.url : String(input);
      throw new Error(
        `GitHub did not answer ${init.method ?? "GET"} ${url} within ${timeoutMs / 1000} s`,
        { cause: error },
      );
    }
  };
}

type OctokitSettings = { throttle?: boolean; retries?: number; requestTimeoutMs?: number };

/** `throttle: false` (offline replay, tests) turns off rate limiting and write spacing. */
export function trainingOctokit({
  throttle = true,
  retries = 2,
  requestTimeoutMs = REQUEST_TIMEOUT_MS,
}: OctokitSettings = {}) {
  return ProbotOctokit.defaults((instanceOptions: Options) => ({
    ...instanceOptions,
    request: {
      ...instanceOptions.request,
      fetch: fetchWithin(
        requestTimeoutMs,
        () => instanceOptions.request?.fetch ?? globalThis.fetch,
      ),
    },
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
