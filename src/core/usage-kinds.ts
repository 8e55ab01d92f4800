/** The kinds of a usage: how each Context7 reference in it cited Context7. */
import type { Reference } from "./detect.js";
import { USAGE_KINDS, type UsageKind } from "./evidence.js";

export const USAGE_KIND_LABELS: Record<UsageKind, string> = {
  "library-resolution": "library resolution",
  "docs-query": "docs query",
  url: "context7.com URL",
  phrase: "use context7",
  cli: "ctx7 CLI",
  trailer: "commit trailer",
  "library-id": "library ID",
};

function usageKindOf(reference: Reference): UsageKind {
  switch (reference.kind) {
    case "tool":
      return reference.tool === "resolve-library-id" ? "library-resolution" : "docs-query";
    case "parameter":
      return "docs-query";
    default:
      return reference.kind;
  }
}

/** The distinct kinds of some references, in the order of USAGE_KINDS. */
export function usageKindsOf(references: readonly Reference[]): UsageKind[] {
  const found = new Set(references.map(usageKindOf));
  return USAGE_KINDS.filter((kind) => found.has(kind));
}
