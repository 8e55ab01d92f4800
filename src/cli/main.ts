/**
 * `context7-training`: the core on a folder. A thin shell: every command parses its
 * arguments, loads input, calls the core and prints. Bad input exits 1 and writes nothing.
 */
import { detectCommand, detectUsage } from "./detect-command.js";
import { doctorCommand, doctorUsage } from "./doctor-command.js";
import { hookCommand, hookUsage } from "./hook-command.js";
import { initCommand, initUsage } from "./init-command.js";
import { type CliIo, EXIT_BAD_INPUT, EXIT_OK, UsageError } from "./io.js";
import { planCommand, planUsage } from "./plan-command.js";
import { replayCommand, replayUsage } from "./replay-command.js";
import { reportCommand, reportUsage } from "./report-command.js";
import { statusCommand, statusUsage } from "./status-command.js";
import { validateCommand, validateUsage } from "./validate-command.js";
import { packageVersion } from "./version.js";

type Command = (argv: string[], io: CliIo) => Promise<number>;

export const COMMANDS: Record<string, { run: Command; usage: string; summary: string }> = {
  detect: {
    run: detectCommand,
    usage: detectUsage,
    summary: "print the Context7 references in a text",
  },
  status: { run: statusCommand, usage: statusUsage, summary: "every developer's gates and status" },
  validate: { run: validateCommand, usage: validateUsage, summary: "check the config and records" },
  report: { run: reportCommand, usage: reportUsage, summary: "the weekly report, in Markdown" },
  plan: {
    run: planCommand,
    usage: planUsage,
    summary: "what the scheduled run would do, nothing written",
  },
  replay: {
    run: replayCommand,
    usage: replayUsage,
    summary: "webhook events through the App's handlers, offline, into a records folder",
  },
  hook: { run: hookCommand, usage: hookUsage, summary: "the opt-in editor → commit usage bridge" },
  init: { run: initCommand, usage: initUsage, summary: "scaffold a training repo in a folder" },
  doctor: { run: doctorCommand, usage: doctorUsage, summary: "check a live training repo's setup" },
};

function commandHelp(name: string, command: { usage: string; summary: string }): string {
  return `context7-training ${name}: ${command.summary}\n\nUsage: ${command.usage}\n\nExit codes: 0 success, 1 bad input (nothing written). Details: docs/cli.md\n`;
}

function help(): string {
  const lines = Object.entries(COMMANDS).map(
    ([name, command]) => `  ${name.padEnd(9)} ${command.summary}\n      ${command.usage}`,
  );
  return `Usage: context7-training <command> [options]\n\nCommands:\n${lines.join("\n")}\n\nOptions: --help (also after a command), --version\n`;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === "help" || name === "--help" || name === "-h") {
    io.stdout.write(help());
    return name === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${await packageVersion()}\n`);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr.write(`unknown command "${name}"\n\n${help()}`);
    return EXIT_BAD_INPUT;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(commandHelp(name, command));
    return EXIT_OK;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      io.stderr.write(`${(error as Error).message}\nusage: ${command.usage}\n`);
      return EXIT_BAD_INPUT;
    }
    throw error;
  }
}

function isParseArgsError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
}
