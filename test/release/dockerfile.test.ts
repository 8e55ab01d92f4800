/**
 * The container image runs the bundled server as a non-root user, reachable through a
 * published port, with a health check on Probot's /ping. (`npm run lint` runs
 * dockerfilelint on the same file.)
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dockerfile = readFileSync("Dockerfile", "utf8");
const stages = dockerfile.split(/^FROM /m).slice(1);
const runtime = stages.at(-1) ?? "";

describe("Dockerfile", () => {
  it("builds in one stage and runs from another, on the Node version the App supports", () => {
    expect(stages).toHaveLength(2);
    for (const stage of stages) expect(stage).toMatch(/^node:20[\w.-]*/);
    expect(stages[0]).toContain("RUN npm ci");
    expect(stages[0]).toContain("RUN npm run bundle");
  });

  it("copies into the runtime only the server bundle, its licences, app.yml and LICENSE", () => {
    const copied = [
      ...runtime.matchAll(/^COPY --from=build [^\n]*?((?: \/src\/\S+)+) \S+$/gm),
    ].flatMap((match) => (match[1] ?? "").trim().split(" "));
    expect(copied.sort()).toEqual(
      [
        "/src/LICENSE",
        "/src/app.yml",
        "/src/release/licenses.txt",
        "/src/release/server.js",
      ].sort(),
    );
    expect(runtime).not.toMatch(/npm (ci|install)/);
    for (const path of copied) expect(existsSync(path.replace("/src/", "")), path).toBe(true);
  });

  it("runs as the unprivileged node user, listening on every interface, with a health check", () => {
    expect(runtime).toMatch(/^USER node$/m);
    expect(runtime).toContain("HOST=0.0.0.0");
    expect(runtime).toContain("NODE_ENV=production");
    expect(runtime).toMatch(/^HEALTHCHECK .*\n?.*\/ping/m);
    expect(runtime).toMatch(/^CMD \["node", "release\/server.js"\]$/m);
  });
});
