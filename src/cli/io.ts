/** What a CLI command reads and writes, injected so tests run commands in-process. */
import type { Readable } from "node:stream";
import { type Moment, parseMoment, resolveMoment } from "../core/moment.js";
import { formatProblem, type Problem } from "../core/problems.js";

export interface Writer {
  write(chunk: string): unknown;
}

export interface CliIo {
  stdout: Writer;
  stderr: Writer;
  stdin: Readable;
  cwd: string;
}

/** Exit codes of every command (CLI.md). */
export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 1;

/** A wrong command line: the message says what is wrong and how to call the command. */
export class UsageError extends Error {
  override name = "UsageError";
}

export function reportProblems(io: CliIo, problems: readonly Problem[]): number {
  for (const problem of problems) io.stderr.write(`${formatProblem(problem)}\n`);
  const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
  io.stderr.write(`${count} found; nothing was written.\n`);
  return EXIT_BAD_INPUT;
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream)
    chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * `--now`, checked strictly (see `parseMoment`): a wrong one is a usage error.
 */
export function parseNowFlag(value: string | undefined): Moment {
  if (value === undefined) return { kind: "current" };
  const moment = parseMoment(value);
  if (typeof moment === "string") throw new UsageError(`--now "${value}" ${moment}`);
  return moment;
}

export { resolveMoment as resolveNow };
