/**
 * `context7-training hook …` from the sources, for tests that run it as git does: bundled
 * once by the test with esbuild, so each hook starts in a fraction of a second.
 */
import { hookCommand } from "../../src/cli/hook-command.js";

const [command, ...rest] = process.argv.slice(2);
if (command !== "hook") throw new Error(`expected "hook", got ${command}`);
process.exitCode = await hookCommand(rest, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
});
