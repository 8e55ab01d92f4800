/** The Action's entry: inputs from the workflow, GitHub from the runner's environment. */
import * as core from "@actions/core";
import { Octokit } from "@octokit/rest";
import { inputsSchema, runAction } from "./run.js";

async function main() {
  const parsed = inputsSchema.safeParse({
    token: core.getInput("token"),
    config: core.getInput("config") || undefined,
    records: core.getInput("records") || undefined,
    "dry-run": core.getInput("dry-run") || undefined,
    now: core.getInput("now") || undefined,
    "app-login": core.getInput("app-login") || undefined,
  });
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
    octokit: new Octokit({
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
