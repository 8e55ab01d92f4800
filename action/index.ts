/** The Action's entry: inputs from the workflow, GitHub from the runner's environment. */
import * as core from "@actions/core";
import { ActionOctokit } from "../src/github/action-octokit.js";
import { readInputs, runAction } from "./run.js";

async function main() {
  const parsed = readInputs((name) => core.getInput(name));
  if (!parsed.success) {
    core.setFailed(
      parsed.error.issues
        .map((issue) => `input ${issue.path.join(".")}: ${issue.message}`)
        .join("\n"),
    );
    return;
  }
  const [owner = "", repo = ""] = (process.env.GITHUB_REPOSITORY ?? "").split("/");
  const result = await runAction({
    inputs: parsed.data,
    octokit: new ActionOctokit({
      auth: parsed.data.token,
      baseUrl: process.env.GITHUB_API_URL ?? "https://api.github.com",
    }),
    repo: { owner, repo },
    branch: process.env.GITHUB_REF_NAME ?? "main",
    cwd: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    outputDir: process.env.RUNNER_TEMP ?? process.cwd(),
    io: {
      info: (message) => core.info(message),
      error: (message, where) =>
        core.error(
          message,
          where === undefined ? undefined : { file: where.file, startLine: where.startLine },
        ),
      setOutput: (name, value) => core.setOutput(name, value),
      summary: async (markdown) => {
        await core.summary.addRaw(markdown).write();
      },
    },
  });
  if (!result.ok)
    core.setFailed(
      "the config or the records are invalid: see the annotations; nothing was written",
    );
}

main().catch((error: unknown) =>
  core.setFailed(error instanceof Error ? (error.stack ?? error.message) : String(error)),
);
