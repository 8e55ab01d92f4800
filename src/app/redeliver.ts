/**
 * Redelivers the App's failed webhook deliveries. GitHub never redelivers by itself, and the
 * App fails a delivery on purpose when it cannot confirm its facts in time (write-queue.ts),
 * counting on a redelivery to record them. So every few minutes it lists its recent
 * deliveries (`GET /app/hook/deliveries`, as the App), groups the attempts by `guid`, and
 * asks GitHub to redeliver each delivery none of whose attempts succeeded, up to
 * `MAX_REDELIVERIES` times; past that it logs the delivery for a person to look at. This
 * is GitHub's own advice ("Handling failed webhook deliveries"). Writes are idempotent, so a
 * delivery redelivered twice (two App instances sweeping at once) records its facts once.
 */
import type { Probot } from "probot";

/** What GitHub lists of one delivery attempt. */
export interface DeliveryAttempt {
  id: number;
  guid: string;
  delivered_at: string;
  redelivery: boolean;
  /** "OK" for a 2xx answer; anything else is a failure. */
  status: string;
  status_code: number;
  event: string;
  action?: string | null;
}

/** The App-level calls used (`octokit.rest.apps`, authenticated as the App, fits). */
export interface DeliveriesApi {
  listWebhookDeliveries(params: {
    per_page: number;
    cursor?: string;
  }): Promise<{ data: DeliveryAttempt[]; headers: { link?: string } }>;
  redeliverWebhookDelivery(params: { delivery_id: number }): Promise<unknown>;
}

/** Redeliveries of one delivery at most; then a person looks at it. */
export const MAX_REDELIVERIES = 3;
/** Pages of 100 attempts read per sweep at most. */
const MAX_PAGES = 10;

export interface SweepResult {
  /** Attempts read. */
  checked: number;
  /** False when the window held more than `MAX_PAGES` pages: its oldest part was not read. */
  complete: boolean;
  redelivered: DeliveryAttempt[];
  /** Deliveries that failed `MAX_REDELIVERIES` redeliveries: left to a person. */
  gaveUp: DeliveryAttempt[];
}

/**
 * One sweep over the attempts made since `since`. `requested` counts the redeliveries this
 * App instance asked for, by guid, across sweeps (a window may hold only the latest ones).
 */
export async function redeliverFailed(
  api: DeliveriesApi,
  since: Date,
  requested: Map<string, number> = new Map(),
): Promise<SweepResult> {
  const byGuid = new Map<string, DeliveryAttempt[]>();
  let checked = 0;
  let cursor: string | undefined;
  let complete = false;
  for (let page = 0; page < MAX_PAGES; page++) {
    const { data, headers } = await api.listWebhookDeliveries({
      per_page: 100,
      ...(cursor === undefined ? {} : { cursor }),
    });
    // Newest first: stop at the first attempt older than the window.
    const recent = data.filter((attempt) => new Date(attempt.delivered_at) >= since);
    for (const attempt of recent) {
      byGuid.set(attempt.guid, [...(byGuid.get(attempt.guid) ?? []), attempt]);
    }
    checked += recent.length;
    cursor = nextCursor(headers.link);
    if (recent.length < data.length || cursor === undefined) {
      complete = true;
      break;
    }
  }
  const redelivered: DeliveryAttempt[] = [];
  const gaveUp: DeliveryAttempt[] = [];
  for (const [guid, attempts] of byGuid) {
    if (attempts.some((attempt) => attempt.status === "OK")) continue;
    const latest = attempts.reduce((a, b) => (a.delivered_at >= b.delivered_at ? a : b));
    const tries = Math.max(
      requested.get(guid) ?? 0,
      attempts.filter((attempt) => attempt.redelivery).length,
    );
    if (tries >= MAX_REDELIVERIES) {
      gaveUp.push(latest);
      continue;
    }
    await api.redeliverWebhookDelivery({ delivery_id: latest.id });
    requested.set(guid, tries + 1);
    redelivered.push(latest);
  }
  // A delivery with no attempt in the window is settled one way or the other.
  for (const guid of requested.keys()) if (!byGuid.has(guid)) requested.delete(guid);
  return { checked, complete, redelivered, gaveUp };
}

/** The `cursor` of the `rel="next"` link, if any. */
function nextCursor(link: string | undefined): string | undefined {
  const next = link?.split(",").find((part) => /rel="next"/.test(part));
  const cursor = next === undefined ? null : /[?&]cursor=([^&>]+)/.exec(next);
  return cursor?.[1] === undefined ? undefined : decodeURIComponent(cursor[1]);
}

/**
 * Sweeps every `everyMs` while the App runs (the timer does not keep the process alive).
 * The first sweep looks back `lookBackMs`, for deliveries that failed while it was down;
 * each next one from the previous sweep's start, with a minute of overlap.
 */
export function startRedeliverySweeps(
  app: Probot,
  { everyMs, lookBackMs = 60 * 60_000 }: { everyMs: number; lookBackMs?: number },
): () => void {
  const requested = new Map<string, number>();
  let since = new Date(Date.now() - lookBackMs);
  let running = false;
  let warned = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    const started = new Date();
    try {
      const octokit = await app.auth();
      const result = await redeliverFailed(octokit.rest.apps, since, requested);
      if (!result.complete) {
        app.log.warn(
          `context7-training: more than ${result.checked} deliveries since ${since.toISOString()}: failed ones older than those were not checked; look at the App's Advanced page`,
        );
      }
      since = new Date(started.getTime() - 60_000);
      if (warned) app.log.info("context7-training: sweeping failed deliveries works again");
      warned = false;
      for (const attempt of result.redelivered) {
        app.log.info(
          `context7-training: redelivering ${attempt.event}${attempt.action ? `.${attempt.action}` : ""} ${attempt.guid} (failed: ${attempt.status})`,
        );
      }
      for (const attempt of result.gaveUp) {
        app.log.error(
          `context7-training: delivery ${attempt.guid} (${attempt.event}) failed ${MAX_REDELIVERIES + 1} times, last with "${attempt.status}"; its facts may be missing. Look at it on the App's Advanced page and redeliver it once the cause is fixed`,
        );
      }
    } catch (error) {
      if (warned) return;
      warned = true;
      app.log.warn(
        `context7-training: could not sweep failed deliveries (${(error as Error).message}); the App needs its APP_ID and PRIVATE_KEY for this. It tries again every ${Math.round(everyMs / 60_000)} min and says so when it works again`,
      );
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), everyMs);
  timer.unref();
  void sweep();
  return () => clearInterval(timer);
}
