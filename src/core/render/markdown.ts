/** Small Markdown helpers shared by the renderers: tables, escaping, numbers, icons. */
import { COLOUR_ICONS, COLOUR_LABELS, type Colour, type GateStatus } from "../status.js";

/**
 * Text from users (names, notes, titles) made safe for a table cell or a line: no table
 * breaks, no HTML, and no @mentions that would notify people from a report.
 */
export function escapeText(text: string): string {
  return text
    .replace(/[\r\n]+/g, " ")
    .replace(/\\/g, "\\\\")
    .replace(/\|/g, "\\|")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/@(?=[\w-])/g, "@\u2060");
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
