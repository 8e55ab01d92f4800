/** Runs the CLI in-process with captured output. */
import { Readable } from "node:stream";
import { main } from "../../src/cli/main.js";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runCli(argv: string[], stdin = ""): Promise<CliResult> {
  return runCliIn(process.cwd(), argv, stdin);
}

/** The CLI run from another working directory. */
export async function runCliIn(cwd: string, argv: string[], stdin = ""): Promise<CliResult> {
  let stdout = "";
  let stderr = "";
  const code = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([stdin]),
    cwd,
  });
  return { code, stdout, stderr };
}
