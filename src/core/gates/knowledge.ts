/** Gate 1, knowledge: the first knowledge-check score at or above the threshold (RULES §5.1). */
import type { Facts } from "./facts.js";

export function knowledgeGate(facts: Facts, threshold: number) {
  const passing = facts.knowledgeScores.find((entry) => entry.score >= threshold);
  const best =
    facts.knowledgeScores.length > 0
      ? Math.max(...facts.knowledgeScores.map((s) => s.score))
      : null;
  const missing =
    passing !== undefined
      ? []
      : [
          best === null
            ? `a knowledge-check score of at least ${threshold}`
            : `a knowledge-check score of at least ${threshold} (best so far ${best})`,
        ];
  return { passDay: passing?.day ?? null, best, missing };
}
