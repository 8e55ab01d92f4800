// `npm run demo`: the two-week sample scenario, offline, through the App's own handlers;
// prints who needs attention and where the dashboards were written. See src/local/demo.ts.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runDemo } from "../dist/src/local/demo.js";

const folder = mkdtempSync(join(tmpdir(), "context7-training-demo-"));
process.exitCode = await runDemo(folder, {
  stdout: process.stdout,
  stderr: process.stderr,
  stdin: process.stdin,
  cwd: process.cwd(),
});
