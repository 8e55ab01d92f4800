/**
 * Usage by kind: how many uses cited Context7 each way. A use that cites it two ways counts
 * once under each, so the kinds may add up to more than the uses; a use recorded before
 * kinds were kept counts as `unclassified`.
 */
import { USAGE_KINDS, type UsageKind } from "../evidence.js";
import type { Use } from "./uses.js";

export type UsageKindCounts = Record<UsageKind | "unclassified", number>;

export function usageByKind(uses: readonly Use[]): UsageKindCounts {
  const counts = Object.fromEntries(
    [...USAGE_KINDS, "unclassified"].map((kind) => [kind, 0]),
  ) as UsageKindCounts;
  for (const use of uses) {
    if (use.kinds === undefined) counts.unclassified++;
    else for (const kind of use.kinds) counts[kind]++;
  }
  return counts;
}
