/**
 * Redelivers the App's failed webhook deliveries. GitHub never redelivers by itself, and the
 * App fails a delivery on purpose when it cannot confirm its facts in time (write-queue.ts),
 * counting on a redelivery to record them. So every few minutes it lists its recent
 * deliveries (`GET /app/hook/deliveries`, as the App), groups the attempts by `guid`, and
 * asks GitHub to redeliver (`POST /app/hook/deliveries/{id}/attempts`) each delivery whose
 * latest attempt failed, up to `MAX_REDELIVERIES` times; past that it logs the delivery for
 * a person to look at. This is GitHub's own advice ("Handling failed webhook deliveries").
 *
 * Everything is decided from GitHub's list, never from what this process remembers, so any
 * instance (or a restarted one) sweeps the same way. Two instances sweeping at once would
 * both see a failed delivery; each therefore reads the newest attempts again right before
 * redelivering and leaves a delivery that has a newer attempt (another instance's
 * redelivery, or a success). The two may still overlap within that moment: a redelivery
 * carries the delivery's own guid (`X-GitHub-Delivery`), and every write the App makes is
 * keyed by it or found again before it is made (facts by id, replies by marker, check runs
 * by name and head), so a delivery handled twice writes once.
 */
import type { Probot } from "probot";
import {
  appDeliveries,
  type DeliveriesApi,
  type DeliveryAttempt,
  readAttempts,
  redeliver,
} from "../github/deliveries.js";

/** Redeliveries of one delivery at most; then a person looks at it. */
export const MAX_REDELIVERIES = 3;

export interface SweepResult {
  /** Attempts read. */
  checked: number;
  /** False when the window held more than `MAX_PAGES` pages (deliveries.ts): its oldest part was not read. */
  complete: boolean;
  redelivered: DeliveryAttempt[];
  /** Deliveries that failed `MAX_REDELIVERIES` redeliveries: left to a person. */
  gaveUp: DeliveryAttempt[];
  /** Failed deliveries left alone because a newer attempt appeared meanwhile. */
  takenOver: DeliveryAttempt[];
}

function latestOf(attempts: readonly DeliveryAttempt[]): DeliveryAttempt {
  return attempts.reduce((a, b) =>
    a.delivered_at > b.delivered_at || (a.delivered_at === b.delivered_at && a.id > b.id) ? a : b,
  );
}

/** One sweep over the attempts made since `since` (GitHub's list alone decides). */
export async function redeliverFailed(api: DeliveriesApi, since: Date): Promise<SweepResult> {
  const { byGuid, checked, complete } = await readAttempts(api, since);
  const candidates: DeliveryAttempt[] = [];
  const gaveUp: DeliveryAttempt[] = [];
  for (const attempts of byGuid.values()) {
    const latest = latestOf(attempts);
    if (latest.status === "OK") continue;
    const tries = attempts.filter((attempt) => attempt.redelivery).length;
    if (tries >= MAX_REDELIVERIES) gaveUp.push(latest);
    else candidates.push(latest);
  }
  const redelivered: DeliveryAttempt[] = [];
  const takenOver: DeliveryAttempt[] = [];
  if (candidates.length === 0) return { checked, complete, redelivered, gaveUp, takenOver };
  // Right before: the newest attempts again, back to the oldest candidate.
  const oldest = candidates.reduce((a, b) => (a.delivered_at <= b.delivered_at ? a : b));
  const fresh = (await readAttempts(api, new Date(oldest.delivered_at))).byGuid;
  for (const candidate of candidates) {
    const now = latestOf(fresh.get(candidate.guid) ?? [candidate]);
    if (now.id !== candidate.id) {
      takenOver.push(candidate);
      continue;
    }
    await redeliver(api, candidate);
    redelivered.push(candidate);
  }
  return { checked, complete, redelivered, gaveUp, takenOver };
}

/**
 * Sweeps every `everyMs` while the App runs (the timer does not keep the process alive),
 * each time over the attempts of the last `lookBackMs`: a delivery's redeliveries are
 * counted in that window, so it is longer than `MAX_REDELIVERIES` sweeps.
 */
export function startRedeliverySweeps(
  app: Probot,
  { everyMs, lookBackMs = 60 * 60_000 }: { everyMs: number; lookBackMs?: number },
): () => void {
  let running = false;
  let warned = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    const since = new Date(Date.now() - Math.max(lookBackMs, (MAX_REDELIVERIES + 1) * everyMs));
    try {
      const octokit = await app.auth();
      const result = await redeliverFailed(appDeliveries(octokit), since);
      if (!result.complete) {
        app.log.warn(
          `context7-training: more than ${result.checked} deliveries since ${since.toISOString()}: failed ones older than those were not checked; look at the App's Advanced page`,
        );
      }
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
