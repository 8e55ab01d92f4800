/**
 * The tracker items GitHub cannot see (the plan's Phase 1: training guide, trainer session,
 * Q&A session). They are boxes in the developer's tracker issue; the developer ticks them,
 * and the App records each tick as self-reported evidence.
 */
import { visibleText } from "./detect.js";
import { SELF_REPORTED_ITEMS, type SelfReportedItem } from "./evidence.js";
import { readMarker, writeMarker } from "./markers.js";

export const SELF_REPORTED_LABELS: Record<SelfReportedItem, string> = {
  "training-guide": "Training guide read and acknowledged",
  "trainer-session": "Trainer session attended",
  "qa-session": "Q&A session participated",
};

export const SELF_REPORTED_NOTE = "_(self-reported)_";

/** The hidden marker of a tracker issue: whose it is, and the day it was last written. */
export function trackerMarker(login: string, asOf: string): string {
  return writeMarker("tracker", { login, asOf });
}

export function parseTrackerMarker(
  body: string | null | undefined,
): { login: string; asOf: string | null } | null {
  const value = readMarker("tracker", body);
  if (typeof value?.login !== "string" || value.login === "") return null;
  return { login: value.login, asOf: typeof value.asOf === "string" ? value.asOf : null };
}

/** The login a tracker issue is for, or null for an issue that is not a tracker. */
export function trackerLogin(body: string | null | undefined): string | null {
  return parseTrackerMarker(body)?.login ?? null;
}

/** The self-reported boxes of a tracker body, ticked or not; boxes not found are left out. */
export function selfReportedTicks(
  body: string | null | undefined,
): Partial<Record<SelfReportedItem, boolean>> {
  const ticks: Partial<Record<SelfReportedItem, boolean>> = {};
  for (const line of visibleText(body ?? "").split(/\r?\n/)) {
    const box = /^\s*[-*]\s+\[([ xX])\]\s+(.*)$/.exec(line);
    if (box === null) continue;
    const text = (box[2] as string).trim();
    for (const item of SELF_REPORTED_ITEMS) {
      if (ticks[item] === undefined && text.startsWith(SELF_REPORTED_LABELS[item]))
        ticks[item] = box[1] !== " ";
    }
  }
  return ticks;
}

/** The boxes whose state differs between two versions of a tracker body. */
export function changedTicks(
  before: string | null | undefined,
  after: string | null | undefined,
): { item: SelfReportedItem; done: boolean }[] {
  const old = selfReportedTicks(before);
  const now = selfReportedTicks(after);
  return SELF_REPORTED_ITEMS.flatMap((item) => {
    const done = now[item];
    return done !== undefined && done !== (old[item] ?? false) ? [{ item, done }] : [];
  });
}
