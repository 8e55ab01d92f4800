/**
 * Gate 4, certification validation: what is still missing before a manager may certify
 * (RULES §5.4), whether the confirmation ticks all three commitments, and when a certified
 * developer's next review falls due.
 */
import { addMonths, dateOf } from "../calendar.js";
import type { EvidenceOf } from "../evidence.js";
import { GATE_TITLES, GATES, type GateName, type GateStatus } from "../status.js";
import type { Facts } from "./facts.js";

/** The last step of Gate 4, named in its `missing` list until a manager takes it. */
export const CERTIFY_STEP = "a manager's /context7 certify";

export function certificationMissing(
  gates: Record<GateName, GateStatus>,
  finalScore: number | null,
  confirmed: boolean,
  finalThreshold: number,
): string[] {
  const missing: string[] = [];
  for (const name of ["knowledge", "practical", "integration"] as const) {
    if (gates[name].state !== "passed")
      missing.push(`Gate ${GATES.indexOf(name) + 1} (${GATE_TITLES[name]}) passed`);
  }
  if (finalScore === null || finalScore < finalThreshold) {
    missing.push(
      finalScore === null
        ? `a final assessment score of at least ${finalThreshold}`
        : `a final assessment score of at least ${finalThreshold} (best so far ${finalScore})`,
    );
  }
  if (!confirmed) missing.push("a confirmation with all three commitments ticked");
  missing.push(CERTIFY_STEP);
  return missing;
}

export function isConfirmed(confirmation: EvidenceOf<"confirmation"> | null): boolean {
  if (confirmation === null) return false;
  const { dailyUsage, knowledgeSharing, codeReview } = confirmation.commitments;
  return dailyUsage && knowledgeSharing && codeReview;
}

/** Months after the certification, or after the latest review recorded since it. */
export function nextReview(facts: Facts, months: number): string | null {
  if (facts.certification === null) return null;
  const certifiedOn = facts.certification.day;
  const lastReview = Math.max(
    certifiedOn,
    ...facts.certificationReviewDays.filter((day) => day >= certifiedOn),
  );
  return addMonths(dateOf(lastReview), months);
}
