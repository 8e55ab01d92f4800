/**
 * The App's webhook deliveries as GitHub lists them (`GET /app/hook/deliveries`, as the
 * App), and the request to redeliver one (`POST /app/hook/deliveries/{id}/attempts`).
 * Which ones to redeliver is decided in src/app/redeliver.ts.
 */
import type { Octokit } from "@octokit/rest";

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

/** The deliveries API of an Octokit authenticated as the App. */
export function appDeliveries(octokit: Pick<Octokit, "rest">): DeliveriesApi {
  return octokit.rest.apps;
}

/** Pages of 100 attempts read per sweep at most. */
export const MAX_PAGES = 10;

export interface ReadAttempts {
  /** The attempts of each delivery, newest first. */
  byGuid: Map<string, DeliveryAttempt[]>;
  /** Attempts read. */
  checked: number;
  /** False when the window held more than `MAX_PAGES` pages: its oldest part was not read. */
  complete: boolean;
}

/** The attempts made since `since`, newest first, by guid. */
export async function readAttempts(api: DeliveriesApi, since: Date): Promise<ReadAttempts> {
  const byGuid = new Map<string, DeliveryAttempt[]>();
  let checked = 0;
  let cursor: string | undefined;
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
      return { byGuid, checked, complete: true };
    }
  }
  return { byGuid, checked, complete: false };
}

/** Asks GitHub to deliver `attempt`'s delivery again. */
export async function redeliver(api: DeliveriesApi, attempt: DeliveryAttempt): Promise<void> {
  await api.redeliverWebhookDelivery({ delivery_id: attempt.id });
}

/** The `cursor` of the `rel="next"` link, if any. */
function nextCursor(link: string | undefined): string | undefined {
  const next = link?.split(",").find((part) => /rel="next"/.test(part));
  const cursor = next === undefined ? null : /[?&]cursor=([^&>]+)/.exec(next);
  return cursor?.[1] === undefined ? undefined : decodeURIComponent(cursor[1]);
}
