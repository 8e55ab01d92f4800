// `prepare` (run by `npm ci`): builds dist/ for the tests and benchmarks when TypeScript is
// installed. With `npm ci --omit=dev` it is not, and nothing needs building: `npm start`
// and the bin run the committed bundles in release/.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let tsc;
try {
  tsc = require.resolve("typescript/bin/tsc");
} catch {
  process.stdout.write(
    "prepare: TypeScript is not installed (production install); nothing to build\n",
  );
  process.exit(0);
}
execFileSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], { stdio: "inherit" });
