/**
 * The scheduled run (action/run.ts) on a temporary checkout of the training repo, for the
 * Action's tests: the checkout's files, then one run with the inputs given over test
 * defaults, its log, errors (with their annotations) and outputs collected.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Octokit } from "@octokit/rest";
import { inputsSchema, type RunResult, runAction } from "../../action/run.js";

const quiet = () => {};

/** An Octokit that logs nothing (nock answers its calls). */
export function quietOctokit(): Octokit {
  return new Octokit({ auth: "t", log: { debug: quiet, info: quiet, warn: quiet, error: quiet } });
}

/** A checkout holding `config` as the programme config and `files` (path → text). */
export function trainingCheckout(config: string, files: Record<string, string> = {}): string {
  const cwd = mkdtempSync(join(tmpdir(), "c7-action-"));
  mkdirSync(join(cwd, "records"), { recursive: true });
  for (const [path, text] of Object.entries({
    ".github/context7-training.yml": config,
    ...files,
  })) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  return cwd;
}

export interface ActionRun {
  result: RunResult;
  /** Every info and error line, in order. */
  log: string;
  errors: { message: string; where?: { file: string; startLine?: number } }[];
  outputs: Record<string, string | number>;
}

/**
 * One run in `cwd` of the repo acme/context7-training on branch main. Inputs are the
 * action's (strings, as a workflow gives them) over the defaults: token "t" and no KPI
 * facts (their search calls have their own tests).
 */
export async function runIn(
  cwd: string,
  inputs: Record<string, string>,
  octokit: Octokit = quietOctokit(),
): Promise<ActionRun> {
  const log: string[] = [];
  const errors: ActionRun["errors"] = [];
  const outputs: ActionRun["outputs"] = {};
  const result = await runAction({
    inputs: inputsSchema.parse({ token: "t", "kpi-facts": "false", ...inputs }),
    octokit,
    repo: { owner: "acme", repo: "context7-training" },
    branch: "main",
    cwd,
    outputDir: join(cwd, "out"),
    io: {
      info: (message) => log.push(message),
      error: (message, where) => {
        log.push(message);
        errors.push({ message, ...(where === undefined ? {} : { where }) });
      },
      setOutput: (name, value) => {
        outputs[name] = value;
      },
      summary: async () => {},
    },
  });
  return { result, log: log.join("\n"), errors, outputs };
}
