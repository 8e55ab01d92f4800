/**
 * The usage bridge, pure: an editor's Context7 tool call (the JSON a Claude Code PostToolUse
 * hook or a Cursor afterMCPExecution hook receives) becomes a log entry, and a log entry a
 * `Context7-Used: <tool> <libraryId|name> [topic]` commit trailer that `detect` reads back.
 */
import { z } from "zod";
import { parseLibraryId, type ToolName, toolNamed } from "./detect.js";

export const TRAILER_KEY = "Context7-Used";
/** A trailer's value is one line of at most this many characters. */
const MAX_TRAILER_VALUE = 200;
/** Trailers added to one commit; the rest wait for the next commit. */
export const MAX_TRAILERS_PER_COMMIT = 20;

const text = z.string().max(500).nullable();

const usageEntrySchema = z.strictObject({
  at: z.iso.datetime({ offset: true }),
  tool: z.enum(["resolve-library-id", "get-library-docs", "query-docs"]),
  libraryId: text,
  version: text,
  libraryName: text,
  topic: text,
});
export type UsageEntry = z.infer<typeof usageEntrySchema>;

/** The editor's hook input, as much of it as the bridge reads. */
interface ToolCall {
  tool_name?: unknown;
  tool_input?: unknown;
}

type ToolCallResult =
  | { ok: true; entry: UsageEntry }
  | { ok: true; entry: null; why: string }
  | { ok: false; error: string };

/** The log entry of one tool call; `entry: null` for a call that is not a Context7 lookup. */
export function entryFromToolCall(input: unknown, at: string): ToolCallResult {
  if (input === null || typeof input !== "object" || Array.isArray(input))
    return {
      ok: false,
      error: "the hook input is not a JSON object with tool_name and tool_input",
    };
  const call = input as ToolCall;
  if (typeof call.tool_name !== "string")
    return { ok: false, error: "the hook input has no tool_name string" };
  const tool: ToolName | null = toolNamed(call.tool_name);
  if (tool === null)
    return { ok: true, entry: null, why: `${call.tool_name} is not a Context7 lookup tool` };
  const args = toolArguments(call.tool_input);
  if (args === null)
    return { ok: false, error: `tool_input of ${call.tool_name} is not a JSON object` };
  const library = parseLibraryId(stringArg(args, "libraryId", "context7CompatibleLibraryID") ?? "");
  return {
    ok: true,
    entry: {
      at,
      tool,
      libraryId: library?.libraryId ?? null,
      version: library?.version ?? null,
      libraryName: tool === "resolve-library-id" ? stringArg(args, "libraryName") : null,
      topic: tool === "resolve-library-id" ? null : stringArg(args, "topic", "query"),
    },
  };
}

/** Cursor passes tool_input as a JSON string, Claude Code as an object. */
function toolArguments(value: unknown): Record<string, unknown> | null {
  let parsed = value;
  if (typeof value === "string") {
    try {
      parsed = JSON.parse(value);
    } catch {
      return null;
    }
  }
  if (parsed === undefined || parsed === null) return {};
  return typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
}

function stringArg(args: Record<string, unknown>, ...names: string[]): string | null {
  for (const name of names) {
    const value = args[name];
    if (typeof value === "string" && value.trim() !== "") return oneLine(value);
  }
  return null;
}

const oneLine = (value: string) => value.replace(/\s+/g, " ").trim().slice(0, MAX_TRAILER_VALUE);

/** `query-docs /vercel/next.js@v15.1.8 app router caching`, one line. */
export function trailerValue(entry: UsageEntry): string {
  const library =
    entry.libraryId === null
      ? entry.libraryName
      : `${entry.libraryId}${entry.version === null ? "" : `@${entry.version}`}`;
  const parts = [entry.tool, library, entry.libraryId === null ? null : entry.topic];
  return oneLine(parts.filter((part) => part !== null && part !== "").join(" "));
}

/** The distinct trailer values of some entries, oldest first, at most MAX_TRAILERS_PER_COMMIT. */
export function trailerValues(entries: readonly UsageEntry[]): string[] {
  return [...new Set(entries.map(trailerValue))].slice(0, MAX_TRAILERS_PER_COMMIT);
}

/** A log's lines as entries; a line that is not one is skipped and counted. */
export function parseUsageLog(content: string): { entries: UsageEntry[]; skipped: number } {
  const entries: UsageEntry[] = [];
  let skipped = 0;
  for (const line of content.split("\n")) {
    if (line.trim() === "") continue;
    try {
      const parsed = usageEntrySchema.safeParse(JSON.parse(line));
      if (parsed.success) entries.push(parsed.data);
      else skipped++;
    } catch {
      skipped++;
    }
  }
  return { entries, skipped };
}

/**
 * The log once a commit cited some trailers: every entry whose trailer the commit holds is
 * taken out; every other line, even one that is not an entry, stays as it was.
 */
export function remainingLog(content: string, cited: ReadonlySet<string>): string {
  const kept = content.split("\n").filter((line) => {
    if (line.trim() === "") return false;
    try {
      const parsed = usageEntrySchema.safeParse(JSON.parse(line));
      return !(parsed.success && cited.has(trailerValue(parsed.data)));
    } catch {
      return true;
    }
  });
  return kept.length === 0 ? "" : `${kept.join("\n")}\n`;
}
