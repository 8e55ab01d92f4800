/**
 * Finds the line of a path such as `roster[2].start` in block-style YAML, so problems can
 * point at a line. It follows indentation only; where it cannot follow (flow style), it
 * answers with the line of the deepest part of the path it found.
 */

interface Line {
  /** 0-based line number in the file. */
  number: number;
  indent: number;
  /** Whether the line starts a sequence item (`- `). */
  dash: boolean;
  /** The text after the indentation. */
  rest: string;
}

function contentLines(text: string): Line[] {
  const lines: Line[] = [];
  text.split(/\r?\n/).forEach((raw, number) => {
    const rest = raw.trimStart();
    if (rest === "" || rest.startsWith("#") || rest === "---") return;
    lines.push({ number, indent: raw.length - rest.length, dash: /^-(\s|$)/.test(rest), rest });
  });
  return lines;
}

function keyOf(rest: string): string | undefined {
  const match = /^(?:"([^"]*)"|'([^']*)'|([^\s:#"'][^:#]*?))\s*:(\s|$)/.exec(rest);
  return match === null ? undefined : (match[1] ?? match[2] ?? match[3]);
}

/** The lines of the value under `lines[at]`, a key or an item at column `column`. */
function valueLines(lines: Line[], at: number, column: number): Line[] {
  const out: Line[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i] as Line;
    // A sequence may sit at the same column as its key (`roster:` then `- login: …`).
    if (line.indent > column || (line.dash && line.indent === column)) out.push(line);
    else break;
  }
  return out;
}

function findKey(block: Line[], key: string): { line: Line; value: Line[] } | undefined {
  const column = block[0]?.indent;
  const at = block.findIndex(
    (line) => !line.dash && line.indent === column && keyOf(line.rest) === key,
  );
  const line = block[at];
  if (line === undefined || column === undefined) return undefined;
  return { line, value: valueLines(block, at, column) };
}

function findItem(block: Line[], index: number): { line: Line; value: Line[] } | undefined {
  const first = block[0];
  if (first === undefined || !first.dash) return undefined;
  const items = block.flatMap((line, at) =>
    line.dash && line.indent === first.indent ? [at] : [],
  );
  const at = items[index];
  const line = at === undefined ? undefined : block[at];
  if (at === undefined || line === undefined) return undefined;
  const inner = line.rest.replace(/^-\s*/, "");
  const following = valueLines(block, at, line.indent);
  // `- login: alice` carries the item's first key on the dash line itself.
  const head: Line[] =
    inner === ""
      ? []
      : [
          {
            number: line.number,
            indent: line.indent + (line.rest.length - inner.length),
            dash: /^-(\s|$)/.test(inner),
            rest: inner,
          },
        ];
  return { line, value: [...head, ...following] };
}

export function locateLine(text: string, path: readonly (string | number)[]): number | undefined {
  let block = contentLines(text);
  let found: number | undefined;
  for (const segment of path) {
    const hit = typeof segment === "number" ? findItem(block, segment) : findKey(block, segment);
    if (hit === undefined) break;
    found = hit.line.number + 1;
    block = hit.value;
  }
  return found;
}
