/**
 * `context7-training hook`: the opt-in usage bridge between an editor's Context7 tool calls
 * and the commits GitHub sees (docs/usage-bridge.md).
 *
 * - `record` reads an editor hook's JSON on stdin and appends the lookup to the log,
 *   `<git common dir>/context7-usage.jsonl` (never committed, shared by worktrees).
 * - `install` writes three git hooks: `prepare-commit-msg` and `commit-msg` run `apply`,
 *   which adds a `Context7-Used:` trailer per distinct logged lookup to a message that has
 *   text (never twice: `git interpret-trailers --if-exists addIfDifferent`); `post-commit`
 *   runs `done`, which takes out of the log the entries the new commit cites. An aborted
 *   commit therefore cites them in the next one, and no entry is cited twice.
 * - Every hook ends with `exit 0`: a failure prints a warning and the commit goes on.
 */
import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import {
  entryFromToolCall,
  parseUsageLog,
  remainingLog,
  TRAILER_KEY,
  trailerValues,
} from "../core/usage-trailer.js";
import { type CliIo, EXIT_BAD_INPUT, EXIT_OK, readAll, UsageError } from "./io.js";

export const hookUsage =
  "context7-training hook install [--repo DIR] [--exec CMD] | uninstall [--repo DIR] | record [--repo DIR] < HOOK-JSON | log [--repo DIR]";

export const USAGE_LOG = "context7-usage.jsonl";
export const HOOK_MARKER = "# context7-training usage bridge";

/** The git hooks the bridge installs and the subcommand each runs. */
const HOOKS = {
  "prepare-commit-msg": 'hook apply "$1" "$2"',
  "commit-msg": 'hook apply "$1"',
  "post-commit": "hook done",
} as const;

class GitError extends Error {}

function git(cwd: string, args: string[]): string {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (error) {
    const detail = String((error as { stderr?: unknown }).stderr ?? error).trim();
    throw new GitError(`git ${args.join(" ")} failed in ${cwd}: ${detail}`);
  }
}

function gitPath(repo: string, flag: "--git-common-dir" | "--git-path", ...rest: string[]) {
  return resolve(repo, git(repo, ["rev-parse", flag, ...rest]).trim());
}

function logPathOf(repo: string): string {
  return join(gitPath(repo, "--git-common-dir"), USAGE_LOG);
}

const shellQuote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** The command line that runs this CLI again: this Node and this entry script. */
function defaultExec(): string {
  const entry = process.argv[1];
  if (entry === undefined)
    throw new UsageError("cannot tell how this CLI was started; pass --exec");
  return `${shellQuote(process.execPath)} ${shellQuote(realpathSync(entry))}`;
}

function hookScript(name: keyof typeof HOOKS, exec: string): string {
  return [
    "#!/bin/sh",
    `${HOOK_MARKER}: adds Context7-Used trailers to commits; remove with \`context7-training hook uninstall\``,
    `${exec} ${HOOKS[name]} || echo "context7-training: ${name} failed, so no Context7-Used trailer changed; the commit goes on" >&2`,
    "exit 0",
    "",
  ].join("\n");
}

export async function hookCommand(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    options: { repo: { type: "string" }, exec: { type: "string" } },
    allowPositionals: true,
  });
  const [action, ...rest] = positionals;
  const repo = resolve(io.cwd, values.repo ?? ".");
  try {
    switch (action) {
      case "install":
        return install(repo, values.exec ?? defaultExec(), io);
      case "uninstall":
        return uninstall(repo, io);
      case "record":
        return await record(values.repo, io);
      case "log":
        return showLog(repo, io);
      case "apply":
        return apply(repo, rest[0], io);
      case "done":
        return done(repo, io);
      default:
        throw new UsageError(
          action === undefined
            ? "hook needs an action: install, uninstall, record or log"
            : `unknown hook action "${action}"; use install, uninstall, record or log`,
        );
    }
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    io.stderr.write(`${error.message}\nRun it inside a git checkout, or pass --repo DIR.\n`);
    return EXIT_BAD_INPUT;
  }
}

function install(repo: string, exec: string, io: CliIo): number {
  const hooksDir = gitPath(repo, "--git-path", "hooks");
  const foreign = Object.keys(HOOKS).filter((name) => {
    const path = join(hooksDir, name);
    return existsSync(path) && !readFileSync(path, "utf8").includes(HOOK_MARKER);
  });
  if (foreign.length > 0) {
    for (const name of foreign)
      io.stderr.write(
        `${join(hooksDir, name)}: a hook that is not ours is there; add this line to it instead:\n  ${exec} ${HOOKS[name as keyof typeof HOOKS]} || true\n`,
      );
    io.stderr.write("Nothing was installed.\n");
    return EXIT_BAD_INPUT;
  }
  mkdirSync(hooksDir, { recursive: true });
  for (const name of Object.keys(HOOKS) as (keyof typeof HOOKS)[]) {
    const path = join(hooksDir, name);
    writeFileSync(path, hookScript(name, exec));
    chmodSync(path, 0o755);
  }
  io.stdout.write(
    `Installed ${Object.keys(HOOKS).join(", ")} in ${hooksDir}.\nLookups logged in ${logPathOf(repo)} become Context7-Used trailers of your next commit.\n`,
  );
  return EXIT_OK;
}

function uninstall(repo: string, io: CliIo): number {
  const hooksDir = gitPath(repo, "--git-path", "hooks");
  const removed = Object.keys(HOOKS).filter((name) => {
    const path = join(hooksDir, name);
    if (!existsSync(path) || !readFileSync(path, "utf8").includes(HOOK_MARKER)) return false;
    unlinkSync(path);
    return true;
  });
  io.stdout.write(
    removed.length === 0
      ? `No usage-bridge hook in ${hooksDir}; nothing removed.\n`
      : `Removed ${removed.join(", ")} from ${hooksDir}. The log ${logPathOf(repo)} is kept.\n`,
  );
  return EXIT_OK;
}

async function record(repoFlag: string | undefined, io: CliIo): Promise<number> {
  const input = await readAll(io.stdin);
  let parsed: unknown;
  try {
    parsed = JSON.parse(input);
  } catch {
    io.stderr.write(
      "hook record: stdin is not JSON; configure it as a command hook of your editor, which passes the tool call as JSON on stdin\n",
    );
    return EXIT_BAD_INPUT;
  }
  const result = entryFromToolCall(parsed, new Date().toISOString());
  if (!result.ok) {
    io.stderr.write(`hook record: ${result.error}; nothing recorded\n`);
    return EXIT_BAD_INPUT;
  }
  if (result.entry === null) return EXIT_OK;
  // The editor's hook runs in the project; its input names the folder when the flag does not.
  const cwd = (parsed as { cwd?: unknown }).cwd;
  const repo = resolve(io.cwd, repoFlag ?? (typeof cwd === "string" ? cwd : "."));
  appendFileSync(logPathOf(repo), `${JSON.stringify(result.entry)}\n`);
  return EXIT_OK;
}

function readLog(path: string): string {
  return existsSync(path) ? readFileSync(path, "utf8") : "";
}

function showLog(repo: string, io: CliIo): number {
  const path = logPathOf(repo);
  const { entries, skipped } = parseUsageLog(readLog(path));
  const values = trailerValues(entries);
  io.stdout.write(
    values.length === 0
      ? `No lookup waiting in ${path}.\n`
      : `${entries.length} lookups waiting in ${path}; the next commit gets:\n${values.map((value) => `${TRAILER_KEY}: ${value}\n`).join("")}`,
  );
  if (skipped > 0)
    io.stderr.write(`${skipped} lines of ${path} are not lookups; they are left as they are\n`);
  return EXIT_OK;
}

/** Whether a commit message has text besides comments and blank lines. */
function hasText(message: string): boolean {
  return message.split("\n").some((line) => line.trim() !== "" && !line.startsWith("#"));
}

function apply(repo: string, messageFile: string | undefined, io: CliIo): number {
  if (messageFile === undefined) throw new UsageError("hook apply needs the commit message file");
  const path = resolve(repo, messageFile);
  // An empty message must stay empty, so that git still aborts the commit.
  if (!hasText(readFileSync(path, "utf8"))) return EXIT_OK;
  const logPath = logPathOf(repo);
  const { entries, skipped } = parseUsageLog(readLog(logPath));
  if (skipped > 0)
    io.stderr.write(`context7-training: ${skipped} lines of ${logPath} are not lookups; skipped\n`);
  const values = trailerValues(entries);
  if (values.length === 0) return EXIT_OK;
  git(repo, [
    "interpret-trailers",
    "--in-place",
    "--where",
    "end",
    "--if-exists",
    "addIfDifferent",
    ...values.flatMap((value) => ["--trailer", `${TRAILER_KEY}: ${value}`]),
    path,
  ]);
  return EXIT_OK;
}

function done(repo: string, io: CliIo): number {
  const logPath = logPathOf(repo);
  const content = readLog(logPath);
  if (content === "") return EXIT_OK;
  const cited = new Set(
    git(repo, ["log", "-1", `--format=%(trailers:key=${TRAILER_KEY},valueonly,unfold)`])
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== ""),
  );
  if (cited.size === 0) return EXIT_OK;
  // Lookups the editor logged since the log was read are kept too.
  const latest = readLog(logPath);
  const appended = latest.startsWith(content) ? latest.slice(content.length) : "";
  const temporary = `${logPath}.${process.pid}.tmp`;
  writeFileSync(temporary, remainingLog(content, cited) + appended);
  renameSync(temporary, logPath);
  io.stderr.write(`context7-training: ${cited.size} Context7-Used trailers cited in this commit\n`);
  return EXIT_OK;
}
