// `npm run demo`: replays the two-week sample scenario through the App's own handlers into
// a fresh folder, offline, and prints the team dashboard. No GitHub account needed.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { main } from "../dist/src/cli/main.js";

const folder = mkdtempSync(join(tmpdir(), "context7-training-demo-"));
const records = join(folder, "records");
const io = {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
};
const config = ["--config", "test/fixtures/sample-team/config.yml", "--records", records];

let code = await main(
  [
    "replay",
    ...config,
    "--outbox",
    join(folder, "outbox.ndjson"),
    "test/fixtures/scenario/events.ndjson",
  ],
  io,
);
if (code === 0) {
  process.stdout.write(`records and outbox in ${folder}\n\n`);
  code = await main(["status", ...config, "--now", "2026-12-04T17:00:00Z", "--markdown"], io);
}
process.exitCode = code;
