/** What a CLI command reads and writes, injected so tests run commands in-process. */
import type { Readable } from "node:stream";
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

/** `--now` as epoch milliseconds; a plain date means the start of that day in UTC. */
export function parseNow(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new UsageError(
      `--now "${value}" is not an ISO-8601 time; write it like 2026-12-01T09:00:00Z`,
    );
  }
  return ms;
}
