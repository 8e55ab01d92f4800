import { execFile, execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { GitHubStandIn } from "../../src/local/github-standin.js";
import { SAMPLE_CONFIG } from "../support/offline.js";

const BUNDLE = "action/dist/index.js";

let fresh: string | undefined;
/** One fresh build of every bundle, into a temporary folder. */
function freshBundles(): string {
  if (fresh === undefined) {
    fresh = mkdtempSync(join(tmpdir(), "c7-bundle-"));
    execFileSync(process.execPath, ["scripts/bundle.mjs", fresh], { stdio: "pipe" });
  }
  return fresh;
}

describe("the committed Action bundle", () => {
  it.each([
    "action/dist/index.js",
    "action/dist/licenses.txt",
    "release/server.js",
    "release/cli.js",
    "release/licenses.txt",
  ])("%s is what a fresh `npm run bundle` gives (run it after a change)", (file) => {
    expect(readFileSync(join(freshBundles(), file), "utf8") === readFileSync(file, "utf8")).toBe(
      true,
    );
  });

  it("lists the licence of the packages it bundles", () => {
    const licenses = readFileSync("action/dist/licenses.txt", "utf8");
    for (const bundled of ["@octokit/rest@", "@actions/core@", "zod@", "js-yaml@"])
      expect(licenses).toContain(bundled);
    expect(readFileSync("release/licenses.txt", "utf8")).toContain("probot@");
  });

  it("runs as the runner runs it: a dry run over the sample team, with outputs and a summary", async () => {
    const workspace = mkdtempSync(join(tmpdir(), "c7-workspace-"));
    cpSync(
      "test/fixtures/sample-team/config.yml",
      join(workspace, ".github/context7-training.yml"),
    );
    cpSync("test/fixtures/sample-team/records", join(workspace, "records"), { recursive: true });
    const standIn = new GitHubStandIn({
      trainingRepo: "acme/context7-training",
      recordsDir: join(workspace, "records"),
      configText: SAMPLE_CONFIG,
    });
    const api = await standIn.start();
    const runnerFiles = mkdtempSync(join(tmpdir(), "c7-runner-"));
    try {
      // The runner creates these files before the step starts.
      writeFileSync(join(runnerFiles, "output"), "");
      writeFileSync(join(runnerFiles, "summary"), "");
      const env = {
        PATH: process.env.PATH,
        INPUT_TOKEN: "t",
        "INPUT_DRY-RUN": "true",
        INPUT_NOW: "2026-12-01T09:00:00Z",
        GITHUB_REPOSITORY: "acme/context7-training",
        GITHUB_API_URL: api,
        GITHUB_WORKSPACE: workspace,
        RUNNER_TEMP: runnerFiles,
        GITHUB_OUTPUT: join(runnerFiles, "output"),
        GITHUB_STEP_SUMMARY: join(runnerFiles, "summary"),
      };
      const stdout = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [BUNDLE], { env }, (error, out) =>
          error ? reject(new Error(`${error.message}\n${out}`)) : resolve(out),
        ),
      );
      expect(stdout).toContain("would open the escalation of `dave` (critical, level 2)");
      expect(stdout).toMatch(/dry run: nothing written \(3 API calls/);
      const outputs = readFileSync(join(runnerFiles, "output"), "utf8");
      expect(outputs).toMatch(/critical<<.*\n1\n/);
      expect(readFileSync(join(runnerFiles, "summary"), "utf8")).toContain(
        "# Context7 training — team dashboard",
      );
      expect(standIn.requests.map((request) => `${request.method} ${request.path}`)).toEqual([
        "GET /repos/acme/context7-training/issues",
        // Last week's report (Friday 11-27) is looked up: a missed one is posted late.
        "POST /graphql",
        "GET /repos/acme/context7-training/commits",
      ]);
    } finally {
      await standIn.stop();
    }
  });
});
