/**
 * `detect(text)`: the Context7 references in a text (RULES §4).
 *
 * A reference is a context7.com URL to a library or its API, a tool name
 * (`resolve-library-id`, `get-library-docs`, `query-docs`, with or without a client prefix
 * such as `mcp__context7__`), a parameter (`context7CompatibleLibraryID`, `libraryId`) with
 * a library ID, the phrase `use context7`, the `ctx7 docs|library` CLI, or a library ID
 * (`/owner/repo`, `/owner/repo/v1.2.3`, `/owner/repo@v1.2.3`) written next to a cue. The
 * word "Context7" is also a cue for a library ID beside it, though not a reference alone.
 * A `Context7-Used: <tool> <libraryId|name> [topic]` trailer line, written by the commit
 * hook of `context7-training hook install`, is a reference of its own kind.
 *
 * Linear time: every regular expression is matched with sticky or global scanning and has
 * only bounded quantifiers, so the work at each position of the text is bounded.
 */

export type ReferenceKind =
  | "url"
  | "tool"
  | "parameter"
  | "phrase"
  | "cli"
  | "library-id"
  | "trailer";
export type ToolName = "resolve-library-id" | "get-library-docs" | "query-docs";

export interface Reference {
  kind: ReferenceKind;
  tool: ToolName | null;
  /** Without its version: `/vercel/next.js` for `/vercel/next.js/v15.1.8`. */
  libraryId: string | null;
  version: string | null;
  /** The name given to `resolve-library-id` or `ctx7 library`. */
  libraryName: string | null;
  /** The topic or query, when one is given. */
  topic: string | null;
  /** UTF-16 offset where the reference starts. */
  index: number;
  /** The matched text, at most 200 characters. */
  text: string;
}

const MAX_TEXT = 200;
/** How far after a cue a library ID still counts as written next to it. */
const NEAR = 150;
/** How far after a tool name its arguments may reach. */
const ARGUMENTS_WINDOW = 400;

/** Cheap pre-check: a text without any of these words cannot hold a reference. */
const ANY_CUE = /context7|ctx7|library[-_]id|library[-_]docs|query[-_]docs|libraryid/i;

const CUES = new RegExp(
  [
    // 1: a context7.com URL (host only; the path is read separately)
    String.raw`((?:https?:\/\/)?(?:www\.|mcp\.)?context7\.com)`,
    // 2: a tool name
    "(resolve[-_]library[-_]id|get[-_]library[-_]docs|query[-_]docs)",
    // 3: a parameter name
    "(context7CompatibleLibraryID|libraryId)",
    // 4: the prompt phrase
    String.raw`(use[ \t]{1,10}context7)`,
    // 5: the CLI
    String.raw`(ctx7[ \t]{1,10}(?:docs|library))`,
    // 6: a commit trailer written by the usage bridge
    "(context7-used:)",
    // 7: the word Context7, a cue for a library ID next to it
    "(context7)",
  ].join("|"),
  "gi",
);

const LIBRARY_ID = /\/[A-Za-z0-9][\w.-]{0,99}\/[\w.-]{1,100}(?:(?:\/|@)[\w.-]{1,60})?/y;
const LIBRARY_ID_GLOBAL = /\/[A-Za-z0-9][\w.-]{0,99}\/[\w.-]{1,100}(?:(?:\/|@)[\w.-]{1,60})?/g;
const VERSION = /^v?\d[\w.-]{0,59}$/;
const WELL_FORMED = /^\/[A-Za-z0-9][\w.-]{0,99}\/[\w.-]{1,100}(?:[/@][\w.-]{1,60})?$/;

interface Claimed extends Reference {
  end: number;
}

/**
 * The text a reader sees on GitHub: HTML comments (template instructions, hidden markers)
 * removed, so what nobody wrote for others to read never counts as written.
 */
export function visibleText(markdown: string): string {
  return markdown.includes("<!--") ? markdown.replace(/<!--[\s\S]*?(?:-->|$)/g, "") : markdown;
}

/** Whether a Markdown text, as a reader sees it, holds a Context7 reference. */
export function hasReference(text: string): boolean {
  return detect(visibleText(text)).length > 0;
}

export function detect(input: string): Reference[] {
  const text = typeof input === "string" ? input : "";
  if (!ANY_CUE.test(text)) return [];
  const lines = new LineIndex(text);
  const references: Claimed[] = [];
  const cueSpans: { start: number; end: number }[] = [];
  // A reference that read its arguments claims them: scanning resumes after it.
  const claim = (reference: Claimed | null) => {
    if (reference === null) return;
    references.push(reference);
    CUES.lastIndex = Math.max(CUES.lastIndex, reference.end);
  };
  CUES.lastIndex = 0;
  for (let match = CUES.exec(text); match !== null; match = CUES.exec(text)) {
    const start = match.index;
    const end = start + match[0].length;
    if (match[1] !== undefined) {
      claim(readUrl(text, start, end));
    } else if (match[2] !== undefined) {
      if (isWordStart(text, start) && !isWordChar(text.charCodeAt(end)) && text[end] !== "-") {
        claim(readTool(text, start, end, match[2]));
      }
    } else if (match[3] !== undefined) {
      if (isWordStart(text, start) && !isWordChar(text.charCodeAt(end))) {
        const parameter = readParameter(text, start, end);
        if (parameter === null) cueSpans.push({ start, end });
        claim(parameter);
      }
    } else if (match[4] !== undefined) {
      const glued =
        isWordChar(text.charCodeAt(end)) ||
        (text[end] === "." && isWordChar(text.charCodeAt(end + 1)));
      if (isWordStart(text, start) && !glued) {
        references.push(simple("phrase", text, start, end));
      }
    } else if (match[5] !== undefined) {
      if (isWordStart(text, start) && !isWordChar(text.charCodeAt(end))) {
        claim(readCli(text, start, end, lines));
      }
    } else if (match[6] !== undefined) {
      claim(readTrailer(text, start, end, lines));
    } else if (isWordStart(text, start) && !/^[\w.-]/.test(text[end] ?? " ")) {
      cueSpans.push({ start, end });
    }
  }
  for (const reference of references) cueSpans.push({ start: reference.index, end: reference.end });
  cueSpans.sort((a, b) => a.start - b.start);
  references.push(...librariesNearCues(text, lines, cueSpans, references));
  return references
    .sort((a, b) => a.index - b.index)
    .map(({ end: _end, ...reference }) => reference);
}

function isWordChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** A match starts a word unless a letter, a digit or a hyphen is glued before it. */
function isWordStart(text: string, index: number): boolean {
  if (index === 0) return true;
  const before = text.charCodeAt(index - 1);
  return !isWordChar(before) && text[index - 1] !== "-";
}

function clip(text: string, start: number, end: number): string {
  return text.slice(start, Math.min(end, start + MAX_TEXT)).trim();
}

function simple(kind: ReferenceKind, text: string, start: number, end: number): Claimed {
  return {
    kind,
    tool: null,
    libraryId: null,
    version: null,
    libraryName: null,
    topic: null,
    index: start,
    text: clip(text, start, end),
    end,
  };
}

/** `/owner/repo`, `/owner/repo/v1.2.3` or `/owner/repo@v1.2.3`, trailing punctuation cut. */
export function parseLibraryId(raw: string): { libraryId: string; version: string | null } | null {
  const trimmed = raw.replace(/[.,;:]+$/, "");
  if (!WELL_FORMED.test(trimmed)) return null;
  const at = trimmed.indexOf("@");
  if (at !== -1) {
    const base = trimmed.slice(0, at);
    const version = trimmed.slice(at + 1);
    const parts = base.split("/");
    if (parts.length !== 3 || version === "") return null;
    return { libraryId: base, version };
  }
  const parts = trimmed.split("/");
  if (parts.length === 3 && (parts[2] ?? "") !== "") return { libraryId: trimmed, version: null };
  if (parts.length === 4 && VERSION.test(parts[3] ?? "")) {
    return { libraryId: `/${parts[1]}/${parts[2]}`, version: parts[3] ?? null };
  }
  return null;
}

/** The library ID starting exactly at `index`, if one does and nothing path-like follows. */
function libraryIdAt(
  text: string,
  index: number,
): { libraryId: string; version: string | null; end: number } | null {
  if (index > 0 && /[\w./-]/.test(text[index - 1] ?? "")) return null;
  LIBRARY_ID.lastIndex = index;
  const match = LIBRARY_ID.exec(text);
  if (match === null) return null;
  const end = index + match[0].length;
  if (text[end] === "/" || text[end] === "@") return null;
  const parsed = parseLibraryId(match[0]);
  if (parsed === null) return null;
  return { ...parsed, end: index + match[0].replace(/[.,;:]+$/, "").length };
}

/** The first library ID within `[from, to)`. */
function firstLibraryId(text: string, from: number, to: number) {
  const window = text.slice(from, to);
  for (let at = window.indexOf("/"); at !== -1; at = window.indexOf("/", at + 1)) {
    const found = libraryIdAt(text, from + at);
    if (found !== null && found.end <= to) return found;
  }
  return null;
}

const URL_PATH = /[^\s"'`<>()[\]{}|\\^]{0,500}/y;

function readUrl(text: string, start: number, hostEnd: number): Claimed | null {
  const host = text.slice(start, hostEnd).toLowerCase();
  if (
    !isWordStart(text, start) ||
    /[\w-]/.test(text[hostEnd] ?? "") ||
    (text[hostEnd] === "." && isWordChar(text.charCodeAt(hostEnd + 1)))
  ) {
    return null;
  }
  URL_PATH.lastIndex = hostEnd;
  const rest = (URL_PATH.exec(text)?.[0] ?? "").replace(/[.,;:!?]+$/, "");
  const end = hostEnd + rest.length;
  const [path = "", query = ""] = rest.split(/[?#]/, 2) as [string?, string?];
  const topic = /(?:^|&)(?:topic|query)=([^&]{1,200})/.exec(query)?.[1];
  const reference = simple("url", text, start, end);
  reference.topic = topic === undefined ? null : safeDecode(topic);
  if (host.includes("mcp.")) return reference;
  const segments = path.split("/").filter((segment) => segment !== "" && segment !== "llms.txt");
  const library = segments[0] === "api" ? segments.slice(2) : segments;
  if (segments[0] === "api" && library.length < 2) return reference;
  if (library.length < 2) return null;
  const parsed = parseLibraryId(`/${library.slice(0, 3).join("/")}`);
  if (parsed === null) return null;
  reference.libraryId = parsed.libraryId;
  reference.version = parsed.version;
  return reference;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return value;
  }
}

const TOOL_NAMES: Record<string, ToolName> = {
  "resolve-library-id": "resolve-library-id",
  "get-library-docs": "get-library-docs",
  "query-docs": "query-docs",
};

/** Where a tool's arguments end: the end of its line, or of its call when it opens one. */
function argumentsEnd(text: string, from: number): number {
  const limit = Math.min(text.length, from + ARGUMENTS_WINDOW);
  const opening = /^[\s:]{0,3}[({]/.exec(text.slice(from, from + 4));
  let end = limit;
  if (opening === null) {
    const newline = text.slice(from, limit).indexOf("\n");
    end = newline === -1 ? limit : from + newline;
  } else {
    const close = text.slice(from, limit).search(/[)}]\s*(?:[;,]|$)/m);
    const blank = text.slice(from, limit).search(/\n\s*\n/);
    end =
      from + Math.min(close === -1 ? limit - from : close + 1, blank === -1 ? limit - from : blank);
  }
  return end;
}

const QUOTED = /["'`]([^"'`\n]{1,200})["'`]/;
const TOPIC =
  /(?<![\w-])["']?(?:topic|query)["']?\s{0,5}[:=]\s{0,5}(?:["'`]([^"'`\n]{1,200})["'`]|([\w./-]{1,100}))/;
const LIBRARY_NAME = /["']?libraryName["']?\s{0,5}[:=]\s{0,5}["'`]([^"'`\n]{1,200})["'`]/;

/**
 * The start of a client prefix glued before a tool name, such as `mcp__context7__` or
 * `context7:`: the run of name characters before it, when that run ends in `__`, `:` or `.`.
 */
function prefixStart(text: string, nameStart: number): number {
  const before = text.slice(Math.max(0, nameStart - 80), nameStart);
  if (!/(?:__|:|\.)$/.test(before)) return nameStart;
  let start = before.length;
  while (start > 0 && /[\w:.-]/.test(before[start - 1] as string)) start--;
  while (start < before.length && /[:._-]/.test(before[start] as string)) start++;
  return nameStart - before.length + start;
}

function readTool(text: string, nameStart: number, nameEnd: number, rawName: string): Claimed {
  const tool = TOOL_NAMES[rawName.toLowerCase().replace(/_/g, "-")] as ToolName;
  const start = prefixStart(text, nameStart);
  const reference = simple("tool", text, start, nameEnd);
  reference.tool = tool;
  const end = Math.min(argumentsEnd(text, nameEnd), nextToolName(text, nameEnd));
  const args = text.slice(nameEnd, end);
  if (tool === "resolve-library-id") {
    const name = LIBRARY_NAME.exec(args)?.[1] ?? QUOTED.exec(args)?.[1];
    if (name !== undefined && !name.startsWith("/")) reference.libraryName = name.trim();
  } else {
    const library = firstLibraryId(text, nameEnd, end);
    if (library !== null) {
      reference.libraryId = library.libraryId;
      reference.version = library.version;
    }
    const topic = TOPIC.exec(args);
    if (topic !== null) reference.topic = (topic[1] ?? topic[2] ?? "").trim() || null;
  }
  const claimsArguments =
    reference.libraryId !== null || reference.libraryName !== null || reference.topic !== null;
  reference.end = claimsArguments ? end : nameEnd;
  reference.text = clip(text, start, reference.end);
  return reference;
}

const NEXT_TOOL = /resolve[-_]library[-_]id|get[-_]library[-_]docs|query[-_]docs/gi;

function nextToolName(text: string, from: number): number {
  const window = text.slice(from, from + ARGUMENTS_WINDOW);
  NEXT_TOOL.lastIndex = 0;
  const match = NEXT_TOOL.exec(window);
  return match === null ? text.length : from + match.index;
}

const PARAMETER_VALUE = /["']?\s{0,5}[:=]\s{0,5}["'`]?/y;

function readParameter(text: string, start: number, nameEnd: number): Claimed | null {
  PARAMETER_VALUE.lastIndex = nameEnd;
  const value = PARAMETER_VALUE.exec(text);
  if (value === null) return null;
  const library = libraryIdAt(text, nameEnd + value[0].length);
  if (library === null) return null;
  const reference = simple("parameter", text, start, library.end);
  reference.libraryId = library.libraryId;
  reference.version = library.version;
  return reference;
}

function readCli(text: string, start: number, commandEnd: number, lines: LineIndex): Claimed {
  const isDocs = /docs$/i.test(text.slice(start, commandEnd));
  const lineEnd = Math.min(lines.endOf(commandEnd), commandEnd + ARGUMENTS_WINDOW);
  const line = text.slice(commandEnd, lineEnd);
  // The command ends with its line, an inline-code fence, or the next ctx7 command.
  const args = line.slice(0, line.search(/`|\bctx7\s|$/));
  const [first, ...rest] = args
    .replace(/--(?:topic|query)[= ]/g, "")
    .trim()
    .split(/\s+/)
    .filter((word) => word !== "" && !word.startsWith("-"));
  const reference = simple("cli", text, start, commandEnd + args.length);
  const restText = rest.join(" ");
  const quoted = /^["']([^"']{1,200})["']/.exec(restText);
  const topic = (quoted?.[1] ?? restText.replace(/^["']|["']$/g, "")).trim();
  if (isDocs && first !== undefined) {
    const parsed = parseLibraryId(first.replace(/^["']|["']$/g, ""));
    if (parsed !== null) {
      reference.libraryId = parsed.libraryId;
      reference.version = parsed.version;
    }
  } else if (first !== undefined) {
    reference.libraryName = first.replace(/^["']|["']$/g, "");
  }
  reference.topic = topic === "" ? null : topic;
  return reference;
}

/** The name of a tool, with or without a client prefix: `mcp__context7__query-docs`. */
export function toolNamed(word: string): ToolName | null {
  const name = /(resolve[-_]library[-_]id|get[-_]library[-_]docs|query[-_]docs)$/i.exec(word)?.[1];
  return name === undefined ? null : (TOOL_NAMES[name.toLowerCase().replace(/_/g, "-")] ?? null);
}

/**
 * `Context7-Used: <tool> <libraryId> [topic]` at the start of a line (a Git trailer). The
 * second word is the library ID, or else the rest of the line is the name the tool was given
 * (`resolve-library-id react router`). A trailer without any word after the colon is none.
 */
function readTrailer(
  text: string,
  start: number,
  keyEnd: number,
  lines: LineIndex,
): Claimed | null {
  if (start > 0 && text[start - 1] !== "\n") return null;
  const lineEnd = Math.min(lines.endOf(keyEnd), keyEnd + ARGUMENTS_WINDOW);
  const words = text
    .slice(keyEnd, lineEnd)
    .trim()
    .split(/[ \t]+/);
  const [first = "", second, ...rest] = words;
  if (first === "") return null;
  const reference = simple("trailer", text, start, lineEnd);
  reference.tool = toolNamed(first);
  if (second === undefined) return reference;
  const library = parseLibraryId(second);
  if (library !== null) {
    reference.libraryId = library.libraryId;
    reference.version = library.version;
    reference.topic = rest.length > 0 ? rest.join(" ") : null;
  } else {
    reference.libraryName = [second, ...rest].join(" ");
  }
  return reference;
}

/** Library IDs not claimed by another reference, on the line of a cue or just after one. */
function librariesNearCues(
  text: string,
  lines: LineIndex,
  cues: { start: number; end: number }[],
  claimed: Claimed[],
): Claimed[] {
  if (cues.length === 0) return [];
  const spans = claimed
    .map((reference) => [reference.index, reference.end] as const)
    .sort((a, b) => a[0] - b[0]);
  const found: Claimed[] = [];
  let next = 0;
  let span = 0;
  LIBRARY_ID_GLOBAL.lastIndex = 0;
  for (
    let match = LIBRARY_ID_GLOBAL.exec(text);
    match !== null;
    match = LIBRARY_ID_GLOBAL.exec(text)
  ) {
    const index = match.index;
    const library = libraryIdAt(text, index);
    if (library === null) continue;
    while (span < spans.length && (spans[span] as readonly [number, number])[1] <= index) span++;
    const current = spans[span];
    if (current !== undefined && current[0] <= index) continue;
    // `next` is the first cue that starts after this ID; the one before it precedes the ID.
    while (next < cues.length && (cues[next] as { start: number }).start <= index) next++;
    const before = cues[next - 1];
    const after = cues[next];
    const line = lines.lineOf(index);
    const near =
      (before !== undefined && (index - before.end <= NEAR || lines.lineOf(before.end) === line)) ||
      (after !== undefined && lines.lineOf(after.start) === line);
    if (!near) continue;
    const reference = simple("library-id", text, index, library.end);
    reference.libraryId = library.libraryId;
    reference.version = library.version;
    found.push(reference);
  }
  return found;
}

/** Line numbers of offsets, by binary search over the newline positions. */
class LineIndex {
  private readonly newlines: number[] = [];
  constructor(private readonly text: string) {
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) {
      this.newlines.push(index);
    }
  }

  lineOf(offset: number): number {
    let low = 0;
    let high = this.newlines.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((this.newlines[middle] as number) < offset) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  endOf(offset: number): number {
    const line = this.lineOf(offset);
    return this.newlines[line] ?? this.text.length;
  }
}
