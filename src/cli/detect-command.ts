import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { detect, type Reference } from "../core/detect.js";
import { type CliIo, EXIT_BAD_INPUT, EXIT_OK, readAll } from "./io.js";

export const detectUsage = "context7-training detect [--json] [FILE|-]";

export async function detectCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { json: { type: "boolean", default: false } },
    allowPositionals: true,
  });
  if (positionals.length > 1) {
    io.stderr.write(`detect reads one input; usage: ${detectUsage}\n`);
    return EXIT_BAD_INPUT;
  }
  const source = positionals[0] ?? "-";
  let text: string;
  try {
    text =
      source === "-" ? await readAll(io.stdin) : await readFile(resolve(io.cwd, source), "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    io.stderr.write(`${source}: cannot be read (${code}); pass a readable file, or - for stdin\n`);
    return EXIT_BAD_INPUT;
  }
  const references = detect(text);
  io.stdout.write(
    values.json ? `${JSON.stringify(references, null, 2)}\n` : formatReferences(references),
  );
  return EXIT_OK;
}

function formatReferences(references: readonly Reference[]): string {
  if (references.length === 0) return "no Context7 references\n";
  return references
    .map((reference) => {
      const details = [
        reference.tool,
        reference.libraryName === null ? null : `library "${reference.libraryName}"`,
        reference.libraryId === null
          ? null
          : `${reference.libraryId}${reference.version === null ? "" : ` (version ${reference.version})`}`,
        reference.topic === null ? null : `topic "${reference.topic}"`,
      ].filter((part) => part !== null);
      return `${reference.index}\t${reference.kind}\t${details.join(", ")}\n`;
    })
    .join("");
}
