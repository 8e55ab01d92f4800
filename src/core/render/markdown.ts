/** Small Markdown helpers shared by the renderers: tables, escaping, numbers, icons. */
import { COLOUR_ICONS, COLOUR_LABELS, type Colour, type GateStatus } from "../status.js";

/**
 * Text from developers and config (names, titles, notes, best practices, ids) as plain text
 * on one line, wherever it lands: a table cell, a list item, a heading, an issue, a check
 * run or a reply. Nothing in it renders as Markdown or HTML: no link, image, code span,
 * emphasis, heading or list, no HTML or hidden comment, no table break. Mentions, issue
 * references and bare URLs get an invisible word joiner, so they notify no one and link
 * nowhere, and read the same.
 */
export function escapeText(text: string): string {
  return (
    text
      // Line breaks and other control characters (and the Unicode line separators) end a
      // table row or a list item: one line, single spaces.
      .replace(/[\p{Cc}\u2028\u2029]+/gu, " ")
      .replace(/ {2,}/g, " ")
      .trim()
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      // Inline syntax: escapes, code spans, emphasis, strikethrough, links and images, cells.
      .replace(/[\\`*_~[\]|]/g, "\\$&")
      // A block marker at the start (heading, list, ordered list, setext underline).
      .replace(/^(?=#{1,6}(?:\s|$)|[+-](?:\s|$)|[-=\s]+$)/, "\\")
      .replace(/^(\d{1,9})([.)])(?=\s|$)/, "$1\\$2")
      // Mentions (and e-mail autolinks), issue references, URL autolinks.
      .replace(/@(?=[\w-])/g, "@\u2060")
      .replace(/#(?=\d)/g, "#\u2060")
      .replace(/:\/\//g, ":\u2060//")
      .replace(/\b(www)\./gi, "$1\u2060.")
  );
}

/**
 * Text from a commit, a file name, a config value or a YAML key inside a Markdown code
 * span, safe there and in a table cell: no backtick or pipe can end it, no line break;
 * at most `max` characters.
 */
export function codeSpan(text: string, max = 120): string {
  const clean = text.replace(/[\p{Cc}`|]/gu, " ").trim();
  const cut = clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
  return `\`${cut === "" ? "?" : cut}\``;
}

export function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(" | ")} |`;
  return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n");
}

export function percent(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100)}%`;
}

export function number(value: number | null): string {
  return value === null ? "—" : String(value);
}

/** "0.85 (▲ +0.10)": a value with its change since a previous one. */
export function withDelta(
  current: number | null,
  previous: number | null,
  format: (value: number | null) => string = number,
): string {
  if (current === null || previous === null) return format(current);
  const change = current - previous;
  if (Math.abs(change) < 1e-9) return `${format(current)} (=)`;
  const arrow = change > 0 ? "▲" : "▼";
  const sign = change > 0 ? "+" : "−";
  const shown =
    format === percent
      ? `${Math.round(Math.abs(change) * 100)} pts`
      : String(Math.round(Math.abs(change) * 1000) / 1000);
  return `${format(current)} (${arrow} ${sign}${shown})`;
}

export function gateIcon(gate: GateStatus): string {
  if (gate.state === "passed") return gate.late ? "✅⏰" : "✅";
  return gate.state === "failed" ? "❌" : "⏳";
}

export function colourBadge(colour: Colour): string {
  return `${COLOUR_ICONS[colour]} ${COLOUR_LABELS[colour]}`;
}

export function checkbox(done: boolean, text: string): string {
  return `- [${done ? "x" : " "}] ${text}`;
}
