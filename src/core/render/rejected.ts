/** The facts of `records/` that do not count, for the team dashboard and the records-audit issue. */
import type { RecordsIntegrity, RejectedFact } from "../status.js";
import { escapeText, table } from "./markdown.js";

/** On the dashboard, at most this many rejected facts are listed; the count is always full. */
const MAX_DASHBOARD_REJECTED = 50;

/** A table of rejected facts: file, id and kind, and why each does not count. */
export function rejectedFactsTable(facts: readonly RejectedFact[]): string {
  return table(
    ["file", "fact", "kind", "why it does not count"],
    facts.map((fact) => [
      escapeText(fact.file),
      escapeText(fact.id),
      escapeText(fact.kind),
      escapeText(fact.reason),
    ]),
  );
}

/**
 * The dashboard's section on the records: a warning in unsigned mode, and the rejected
 * facts (only their number when `names` is false: the files are named after developers);
 * null when the facts were verified and all count, or were not checked at all.
 */
export function renderRecordsIntegrity(
  integrity: RecordsIntegrity | undefined,
  names = true,
): string | null {
  if (integrity === undefined) return null;
  const lines: string[] = [];
  if (integrity.mode === "unsigned")
    lines.push(
      "⚠️ **Records are not verified.** No records key is configured, so a fact edited into `records/` by hand counts like one the App wrote. Set the same `CONTEXT7_RECORDS_KEY` for the App and the scheduled run (its `records-key` input).",
    );
  const { rejected } = integrity;
  if (rejected.length > 0) {
    const shown = rejected.slice(0, MAX_DASHBOARD_REJECTED);
    lines.push(
      `❌ **${rejected.length === 1 ? "1 fact does" : `${rejected.length} facts do`} not count**: the App did not write ${rejected.length === 1 ? "it" : "them"} as ${rejected.length === 1 ? "it stands" : "they stand"}, so no status or gate includes ${rejected.length === 1 ? "it" : "them"}. The "records edited by hand" issue says what to do.`,
      ...(names ? [rejectedFactsTable(shown)] : []),
      ...(names && rejected.length > shown.length
        ? [`_and ${rejected.length - shown.length} more._`]
        : []),
    );
  }
  return lines.length === 0 ? null : `## Records\n\n${lines.join("\n\n")}`;
}
