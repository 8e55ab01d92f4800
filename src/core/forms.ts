/**
 * Issue forms as GitHub renders a submitted one into the issue body: each field is a
 * `### <Label>` heading, a blank line and the value; `_No response_` for an optional field
 * left empty; checkboxes as `- [X] <option>` / `- [ ] <option>` lines; a dropdown as the
 * chosen option's text; a textarea with `render:` inside a code fence. Markdown elements of
 * the form are not rendered into the body.
 *
 * Parsing is lenient about what a developer's later edits do to that (CRLF, trailing
 * spaces, extra blank lines or text, `[x]` in lower case, HTML comments), never throws, and
 * stays linear in the size of the body: one pass over its lines, with anchored patterns.
 */
import { detect, parseLibraryId, visibleText } from "./detect.js";

export const NO_RESPONSE = "_No response_";

interface Checkbox {
  text: string;
  checked: boolean;
}

interface FormField {
  /** The heading as written (or, when parsed against known labels, the known label). */
  label: string;
  /** The value as written, without the blank lines around it and trailing spaces. */
  raw: string;
  /** What the developer answered: "" for `_No response_`, a lone code fence unwrapped. */
  text: string;
  /** The checkbox lines of the value, in order. */
  checkboxes: Checkbox[];
}

/** Fields keyed by label. */
export type IssueForm = Readonly<Record<string, FormField>>;

interface ParseFormOptions {
  /**
   * The form's labels. When given, only a heading naming one of them (in any case) starts a
   * field, keyed by the label given here; any other `###` line belongs to the value above
   * it, so a developer's own headings inside an answer do not split it.
   */
  labels?: readonly string[];
}

/** A label compared the way a reader would: case, spacing and a trailing colon ignored. */
function normalizeLabel(label: string): string {
  return label.trim().replace(/\s+/g, " ").replace(/:$/, "").trim().toLowerCase();
}

export function parseIssueForm(body: unknown, options: ParseFormOptions = {}): IssueForm {
  const form: Record<string, FormField> = Object.create(null);
  if (typeof body !== "string") return form;
  const known = new Map((options.labels ?? []).map((label) => [normalizeLabel(label), label]));
  let current: { label: string; lines: string[] } | null = null;
  let fence: Fence | null = null;
  const close = () => {
    if (current !== null && form[current.label] === undefined) {
      form[current.label] = toField(current.label, current.lines);
    }
  };
  for (const rawLine of visibleText(body).split(/\r\n|\r|\n/)) {
    const line = rawLine.trimEnd();
    if (fence === null) {
      const heading = headingOf(line);
      const label =
        heading === null ? null : known.size === 0 ? heading : known.get(normalizeLabel(heading));
      if (label !== null && label !== undefined && label !== "") {
        close();
        current = { label, lines: [] };
        continue;
      }
      fence = openingFence(line);
    } else if (closesFence(line, fence)) {
      fence = null;
    }
    current?.lines.push(line);
  }
  close();
  return form;
}

/** The field with this label, compared case-insensitively. */
export function findField(form: IssueForm, label: string): FormField | undefined {
  const exact = form[label];
  if (exact !== undefined) return exact;
  const wanted = normalizeLabel(label);
  for (const key of Object.keys(form)) {
    if (normalizeLabel(key) === wanted) return form[key];
  }
  return undefined;
}

/** The answer of a field, "" when the field is missing or was left empty. */
export function fieldText(form: IssueForm, label: string): string {
  return findField(form, label)?.text ?? "";
}

/**
 * The Context7 library IDs (`/owner/repo`, optionally with a version) written in a text,
 * without their versions, in order and each once. An ID counts when it stands alone (not
 * glued to a word or a longer path) or is part of a context7.com URL.
 */
export function context7IdsIn(text: string): string[] {
  const ids = new Set<string>();
  CANDIDATE.lastIndex = 0;
  for (let match = CANDIDATE.exec(text); match !== null; match = CANDIDATE.exec(text)) {
    const next = text[match.index + match[0].length];
    if (next === "/" || next === "@") continue;
    const parsed = parseLibraryId(match[0]);
    if (parsed !== null) ids.add(parsed.libraryId);
  }
  for (const reference of detect(text)) {
    if (reference.libraryId !== null) ids.add(reference.libraryId);
  }
  return [...ids];
}

const CANDIDATE = /(?<![\w./@-])\/[A-Za-z0-9][\w.-]{0,99}\/[\w.-]{1,100}(?:[/@][\w.-]{1,60})?/g;

function toField(label: string, lines: string[]): FormField {
  const raw = trimBlankLines(lines);
  const checkboxes: Checkbox[] = [];
  let fence: Fence | null = null;
  for (const line of raw) {
    if (fence === null) {
      fence = openingFence(line);
      const box = fence === null ? checkboxOf(line) : null;
      if (box !== null) checkboxes.push(box);
    } else if (closesFence(line, fence)) {
      fence = null;
    }
  }
  return { label, raw: raw.join("\n"), text: answerOf(raw), checkboxes };
}

/** The lines without `_No response_`, and without the fence around a `render:` textarea. */
function answerOf(raw: string[]): string {
  let lines = trimBlankLines(raw.filter((line) => line.trim() !== NO_RESPONSE));
  const first = lines[0];
  const fence = first === undefined ? null : openingFence(first);
  const last = lines.length > 1 ? (lines[lines.length - 1] as string) : null;
  if (fence !== null && last !== null && closesFence(last, fence)) {
    const inner = lines.slice(1, -1);
    // Only a value that is one single fenced block is unwrapped.
    if (!inner.some((line) => closesFence(line, fence))) lines = trimBlankLines(inner);
  }
  return lines.join("\n");
}

function trimBlankLines(lines: readonly string[]): string[] {
  let start = 0;
  let end = lines.length;
  while (start < end && (lines[start] as string).trim() === "") start++;
  while (end > start && (lines[end - 1] as string).trim() === "") end--;
  return lines.slice(start, end);
}

/** The text of a level-3 ATX heading (`### Label`, closing `#`s dropped), else null. */
function headingOf(line: string): string | null {
  const start = /^ {0,3}###(?:[ \t]+|$)/.exec(line);
  if (start === null) return null;
  const text = line.slice(start[0].length).trim();
  let end = text.length;
  while (end > 0 && text[end - 1] === "#") end--;
  if (end === 0) return "";
  if (end < text.length && (text[end - 1] === " " || text[end - 1] === "\t")) {
    return text.slice(0, end).trim();
  }
  return text;
}

function checkboxOf(line: string): Checkbox | null {
  const box = /^\s{0,8}[-*+][ \t]+\[([ xX])\](?:[ \t]+(.*))?$/.exec(line);
  if (box === null) return null;
  return { text: (box[2] ?? "").trim(), checked: box[1] !== " " };
}

/** An open code fence: its character and how many of them opened it (CommonMark). */
export interface Fence {
  char: "`" | "~";
  length: number;
}

export function openingFence(line: string): Fence | null {
  const match = /^ {0,3}(`{3,}|~{3,})/.exec(line);
  if (match === null) return null;
  const marks = match[1] as string;
  // A backtick fence's info string cannot hold a backtick (CommonMark).
  if (marks[0] === "`" && line.slice(match[0].length).includes("`")) return null;
  return { char: marks[0] as "`" | "~", length: marks.length };
}

export function closesFence(line: string, fence: Fence): boolean {
  const match = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  if (match === null) return false;
  const marks = match[1] as string;
  return marks[0] === fence.char && marks.length >= fence.length;
}
