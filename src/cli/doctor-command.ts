/**
 * `context7-training doctor --repo OWNER/NAME`: checks a live training repo through the API
 * with the token in GITHUB_TOKEN or GH_TOKEN: the repo, the App (registered permissions and
 * events, installation), the config, Discussions and its two categories, the labels, the
 * workflow, the issue forms and the PR template. Each problem comes with its fix; it reads
 * only, and exits 1 when there is a problem.
 *
 * A user token cannot ask GitHub whether an App is installed on one repo (that needs the
 * App's own key): it lists the owner's installations instead (an organisation owner's token
 * can), and when it may not, or the App has only selected repositories, says so as a warning.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { Octokit } from "@octokit/rest";
import yaml from "js-yaml";
import { CONFIG_PATH, type Config, parseConfig } from "../core/config.js";
import { formatProblem } from "../core/problems.js";
import { decode } from "../github/http.js";
import { type CliIo, EXIT_BAD_INPUT, EXIT_OK, UsageError } from "./io.js";
import {
  FORM_PATHS,
  LABELS,
  labelCreateCommand,
  PR_TEMPLATE_PATH,
  packageFile,
  WORKFLOW_PATH,
} from "./training-repo.js";

export const doctorUsage =
  "context7-training doctor --repo OWNER/NAME [--app-slug SLUG] [--api-url URL] [--json]";

const DEFAULT_APP_SLUG = "context7-training";

export interface DoctorCheck {
  /** What was checked, e.g. "labels". */
  check: string;
  status: "ok" | "problem" | "warning";
  /** What was found. */
  detail: string;
  /** What to do, a command where there is one; empty when ok. */
  fix: string[];
}

interface Target {
  owner: string;
  repo: string;
  full: string;
}

interface RepoInfo {
  html_url: string;
  has_discussions?: boolean;
  owner: { login: string; type: string };
}

export async function doctorCommand(
  argv: string[],
  io: CliIo,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      repo: { type: "string" },
      "app-slug": { type: "string" },
      "api-url": { type: "string" },
      json: { type: "boolean", default: false },
    },
  });
  const full = values.repo ?? "";
  const [owner, repo, ...rest] = full.split("/");
  if (owner === undefined || repo === undefined || owner === "" || repo === "" || rest.length) {
    throw new UsageError(
      "--repo OWNER/NAME is required, for example --repo acme/context7-training",
    );
  }
  const token = env.GITHUB_TOKEN || env.GH_TOKEN;
  if (token === undefined || token === "") {
    throw new UsageError(
      `set GITHUB_TOKEN or GH_TOKEN to a token that can read ${full}, for example GH_TOKEN=$(gh auth token)`,
    );
  }
  const octokit = new Octokit({
    auth: token,
    baseUrl: (values["api-url"] ?? "https://api.github.com").replace(/\/+$/, ""),
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const checks = await diagnose(octokit, { owner, repo, full }, values["app-slug"]);
  const ok = checks.every((check) => check.status !== "problem");
  if (values.json) {
    io.stdout.write(`${JSON.stringify({ repo: full, ok, checks }, null, 2)}\n`);
  } else {
    io.stdout.write(formatChecks(full, checks, ok));
  }
  return ok ? EXIT_OK : EXIT_BAD_INPUT;
}

function formatChecks(full: string, checks: readonly DoctorCheck[], ok: boolean): string {
  const marks = { ok: "✓", problem: "✗", warning: "!" } as const;
  const lines = [`Context7 training setup of ${full}`];
  for (const check of checks) {
    lines.push(`${marks[check.status]} ${check.check}: ${check.detail}`);
    for (const fix of check.fix) lines.push(`    fix: ${fix}`);
  }
  const problems = checks.filter((check) => check.status === "problem").length;
  lines.push(
    ok ? "No problems found." : `${problems} problem${problems === 1 ? "" : "s"} found.`,
    "",
  );
  return lines.join("\n");
}

const ok = (check: string, detail: string): DoctorCheck => ({
  check,
  status: "ok",
  detail,
  fix: [],
});
const problem = (check: string, detail: string, ...fix: string[]): DoctorCheck => ({
  check,
  status: "problem",
  detail,
  fix,
});
const warning = (check: string, detail: string, ...fix: string[]): DoctorCheck => ({
  check,
  status: "warning",
  detail,
  fix,
});

/** GitHub's answer to a failed request; rethrows when none came (guarded() reports it). */
function statusOf(error: unknown): number {
  const { status, response } = (error ?? {}) as { status?: unknown; response?: unknown };
  if (typeof status === "number" && response !== undefined) return status;
  throw error;
}

async function diagnose(
  octokit: Octokit,
  target: Target,
  appSlug = DEFAULT_APP_SLUG,
): Promise<DoctorCheck[]> {
  const reached = await guarded("repository", () => checkRepo(octokit, target));
  if (!("info" in reached)) return [reached];
  const { info } = reached;
  const checks: DoctorCheck[] = [
    ok("repository", `${target.full} exists and the token reaches it`),
  ];
  const run = async (check: string, step: () => Promise<DoctorCheck | DoctorCheck[]>) => {
    checks.push(...[await guarded(check, step)].flat());
  };
  await run("app", () => checkApp(octokit, target, info, appSlug));
  let config: Config | null = null;
  await run("config", async () => {
    const checked = await checkConfig(octokit, target, info);
    config = checked.config;
    return checked.check;
  });
  await run("discussions", () => checkDiscussions(octokit, target, info, config));
  await run("labels", () => checkLabels(octokit, target));
  await run("workflow", () => checkWorkflow(octokit, target, info));
  for (const path of [...FORM_PATHS, PR_TEMPLATE_PATH]) {
    await run(path, () => checkScaffoldFile(octokit, target, info, path));
  }
  return checks;
}

/**
 * A check that GitHub did not let finish (an error status, a GraphQL error, no answer at
 * all) is a problem of its own; the other checks still run.
 */
async function guarded<T>(check: string, step: () => Promise<T>): Promise<T | DoctorCheck> {
  try {
    return await step();
  } catch (error) {
    const { status, response, cause, request } = (error ?? {}) as {
      status?: unknown;
      response?: unknown;
      cause?: { code?: unknown };
      request?: { url?: unknown };
    };
    const reason = (error as Error).message?.split("\n")[0] ?? String(error);
    if (typeof status === "number" && response !== undefined) {
      return problem(
        check,
        `could not be checked: GitHub answered ${status} (${reason})`,
        "give the token read access to the repository's contents, issues and discussions, then run doctor again",
      );
    }
    const code = typeof cause?.code === "string" ? `, ${cause.code}` : "";
    const url = typeof request?.url === "string" ? ` ${request.url}` : "";
    return problem(
      check,
      `could not be checked: no answer from${url} (${reason}${code})`,
      "check --api-url (GitHub Enterprise Server: https://HOST/api/v3) and the network, then run doctor again",
    );
  }
}

async function checkRepo(
  octokit: Octokit,
  target: Target,
): Promise<{ info: RepoInfo } | DoctorCheck> {
  try {
    const { data } = await octokit.rest.repos.get({ owner: target.owner, repo: target.repo });
    return { info: data as RepoInfo };
  } catch (error) {
    const status = statusOf(error);
    if (status === 401) {
      return problem(
        "repository",
        "GitHub refused the token (401)",
        "set GITHUB_TOKEN or GH_TOKEN to a valid token, for example GH_TOKEN=$(gh auth token)",
      );
    }
    if (status === 404 || status === 403) {
      return problem(
        "repository",
        `${target.full} does not exist, or the token cannot see it (${status})`,
        `check --repo ${target.full}; the token needs read access to it (classic: the repo scope; fine-grained: the repository with Contents and Metadata read)`,
      );
    }
    return problem(
      "repository",
      `GitHub answered ${status} to GET /repos/${target.full}`,
      "try again later",
    );
  }
}

/** The App's permissions and events as registered, against what app.yml asks for. */
async function checkApp(
  octokit: Octokit,
  target: Target,
  info: RepoInfo,
  slug: string,
): Promise<DoctorCheck[]> {
  let app: { permissions?: Record<string, string>; events?: string[] };
  try {
    app = (await octokit.request("GET /apps/{app_slug}", { app_slug: slug })).data as typeof app;
  } catch (error) {
    statusOf(error);
    return [
      problem(
        "app",
        `no GitHub App "${slug}" is visible to this token`,
        "pass --app-slug with your App's slug (the last part of its page, https://github.com/apps/<slug>); a private App is visible to a token of its owner",
      ),
    ];
  }
  const manifest = yaml.load(readFileSync(packageFile("app.yml"), "utf8")) as {
    default_permissions: Record<string, string>;
    default_events: string[];
  };
  const rank = { read: 1, write: 2, admin: 3 } as Record<string, number>;
  const lacking = Object.entries(manifest.default_permissions)
    .filter(([name, level]) => (rank[app.permissions?.[name] ?? ""] ?? 0) < (rank[level] ?? 0))
    .map(([name, level]) => `${name}: ${level}`);
  const events = new Set(app.events ?? []);
  const missingEvents = manifest.default_events.filter((event) => !events.has(event));
  const settings =
    info.owner.type === "Organization"
      ? `https://github.com/organizations/${info.owner.login}/settings/apps/${slug}/permissions`
      : `https://github.com/settings/apps/${slug}/permissions`;
  const checks: DoctorCheck[] = [];
  if (lacking.length === 0 && missingEvents.length === 0) {
    checks.push(ok("app permissions", `${slug} has the permissions and events it needs`));
  } else {
    const what = [
      lacking.length > 0 ? `lacks the permissions ${lacking.join(", ")}` : "",
      missingEvents.length > 0 ? `does not subscribe to ${missingEvents.join(", ")}` : "",
    ].filter((part) => part !== "");
    checks.push(
      problem(
        "app permissions",
        `${slug} ${what.join(" and ")}`,
        `add them at ${settings}, then accept the new permissions on the installation`,
      ),
    );
  }
  checks.push(await checkInstallation(octokit, target, info, slug));
  return checks;
}

async function checkInstallation(
  octokit: Octokit,
  target: Target,
  info: RepoInfo,
  slug: string,
): Promise<DoctorCheck> {
  const isOrg = info.owner.type === "Organization";
  const install = `https://github.com/apps/${slug}/installations/new`;
  const byHand = isOrg
    ? `https://github.com/organizations/${info.owner.login}/settings/installations`
    : "https://github.com/settings/installations";
  let installations: { id: number; app_slug: string; repository_selection: string }[];
  try {
    const { data } = isOrg
      ? await octokit.request("GET /orgs/{org}/installations", {
          org: info.owner.login,
          per_page: 100,
        })
      : await octokit.request("GET /user/installations", { per_page: 100 });
    installations = data.installations as typeof installations;
  } catch (error) {
    const status = statusOf(error);
    return warning(
      "app installation",
      `this token may not list ${info.owner.login}'s App installations (${status}), so whether ${slug} is installed on ${target.full} is not checked`,
      isOrg
        ? `rerun with an organisation owner's token (classic: read:org; fine-grained: Administration read on the organisation), or look at ${byHand}`
        : `look at ${byHand}`,
    );
  }
  const found = installations.find((installation) => installation.app_slug === slug);
  if (found === undefined) {
    return problem(
      "app installation",
      `${slug} is not installed on ${info.owner.login}`,
      `install it on ${target.full}: ${install}`,
    );
  }
  if (found.repository_selection === "all") {
    return ok(
      "app installation",
      `${slug} is installed on every repository of ${info.owner.login}`,
    );
  }
  return warning(
    "app installation",
    `${slug} is installed on selected repositories of ${info.owner.login}; a user token cannot list them, so ${target.full} is not confirmed`,
    `make sure ${target.full} is selected at ${byHand}/${found.id}`,
  );
}

/** A file of the repo's default branch, or null when it has none. */
async function readFile(octokit: Octokit, target: Target, path: string): Promise<string | null> {
  try {
    const { data } = await octokit.rest.repos.getContent({
      owner: target.owner,
      repo: target.repo,
      path,
      mediaType: { format: "raw" },
    });
    return decode(data);
  } catch (error) {
    if (statusOf(error) === 404) return null;
    throw error;
  }
}

function scaffoldFix(info: RepoInfo, path: string): string {
  return `scaffold a copy with \`npx context7-training init /tmp/context7-scaffold --org ${info.owner.login} --manager <login> --developer <login>:<role> --start <YYYY-MM-DD>\`, then commit its ${path} to the default branch`;
}

async function checkConfig(
  octokit: Octokit,
  target: Target,
  info: RepoInfo,
): Promise<{ check: DoctorCheck; config: Config | null }> {
  const text = await readFile(octokit, target, CONFIG_PATH);
  if (text === null) {
    return {
      check: problem(
        "config",
        `${CONFIG_PATH} is missing on the default branch`,
        scaffoldFix(info, CONFIG_PATH),
      ),
      config: null,
    };
  }
  const parsed = parseConfig(text, CONFIG_PATH);
  if (!parsed.ok) {
    return {
      check: problem(
        "config",
        `${CONFIG_PATH} is invalid:\n${parsed.problems.map((p) => `      ${formatProblem(p)}`).join("\n")}`,
        `correct each line above, then check it with: npx context7-training validate --config ${CONFIG_PATH}`,
      ),
      config: null,
    };
  }
  if (parsed.value.trainingRepo.toLowerCase() !== target.full.toLowerCase()) {
    return {
      check: problem(
        "config",
        `${CONFIG_PATH} names trainingRepo ${parsed.value.trainingRepo}, not ${target.full}`,
        `set \`trainingRepo: ${target.full}\` in ${CONFIG_PATH}`,
      ),
      config: parsed.value,
    };
  }
  return {
    check: ok(
      "config",
      `${CONFIG_PATH} is valid: ${parsed.value.roster.length} developers, ${parsed.value.managers.length} managers`,
    ),
    config: parsed.value,
  };
}

async function checkDiscussions(
  octokit: Octokit,
  target: Target,
  info: RepoInfo,
  config: Config | null,
): Promise<DoctorCheck[]> {
  // The config's names, or the defaults when the config could not be read.
  const wanted = [
    config?.discoveries.discussionCategory ?? "Context7 Discoveries",
    config?.reports.discussionCategory ?? "Reports",
  ];
  const create = (name: string) =>
    `create the category "${name}" at ${info.html_url}/discussions/categories/new (no API creates categories)`;
  if (info.has_discussions !== true) {
    return [
      problem(
        "discussions",
        `Discussions are off on ${target.full}`,
        `gh repo edit ${target.full} --enable-discussions`,
        ...wanted.map(create),
      ),
    ];
  }
  const result = await octokit.graphql<{
    repository: { discussionCategories: { nodes: { name: string }[] } } | null;
  }>(
    `query ($owner: String!, $name: String!) {
      repository(owner: $owner, name: $name) { discussionCategories(first: 100) { nodes { name } } }
    }`,
    { owner: target.owner, name: target.repo },
  );
  const have = new Set(result.repository?.discussionCategories.nodes.map((node) => node.name));
  const missing = wanted.filter((name) => !have.has(name));
  if (missing.length === 0) {
    return [ok("discussions", `on, with the categories "${wanted.join('" and "')}"`)];
  }
  return [
    problem(
      "discussions",
      `the categor${missing.length === 1 ? "y" : "ies"} "${missing.join('" and "')}" ${missing.length === 1 ? "is" : "are"} missing`,
      ...missing.map(create),
    ),
  ];
}

async function checkLabels(octokit: Octokit, target: Target): Promise<DoctorCheck> {
  const labels = await octokit.paginate(octokit.rest.issues.listLabelsForRepo, {
    owner: target.owner,
    repo: target.repo,
    per_page: 100,
  });
  const have = new Set(labels.map((label) => label.name.toLowerCase()));
  const missing = LABELS.filter((label) => !have.has(label.name));
  if (missing.length === 0) {
    return ok("labels", LABELS.map((label) => label.name).join(", "));
  }
  return problem(
    "labels",
    `missing: ${missing.map((label) => label.name).join(", ")} (an issue form's label that does not exist is silently left off)`,
    ...missing.map((label) => labelCreateCommand(target.full, label)),
  );
}

const WORKFLOW_PERMISSIONS = ["contents", "issues", "discussions"] as const;

async function checkWorkflow(
  octokit: Octokit,
  target: Target,
  info: RepoInfo,
): Promise<DoctorCheck> {
  const text = await readFile(octokit, target, WORKFLOW_PATH);
  if (text === null) {
    return problem("workflow", `${WORKFLOW_PATH} is missing`, scaffoldFix(info, WORKFLOW_PATH));
  }
  let workflow: {
    permissions?: unknown;
    jobs?: Record<string, { permissions?: unknown; steps?: { uses?: unknown }[] }>;
  };
  try {
    workflow = (yaml.load(text, { schema: yaml.CORE_SCHEMA }) ?? {}) as typeof workflow;
  } catch (error) {
    return problem(
      "workflow",
      `${WORKFLOW_PATH} is not valid YAML (${(error as Error).message.split("\n")[0]})`,
      scaffoldFix(info, WORKFLOW_PATH),
    );
  }
  const jobs = Object.values(workflow.jobs ?? {});
  const job = jobs.find((candidate) =>
    (candidate.steps ?? []).some(
      (step) => typeof step.uses === "string" && /(^\.|\/)action(@|$)/.test(step.uses),
    ),
  );
  if (job === undefined) {
    return problem(
      "workflow",
      `${WORKFLOW_PATH} has no step that uses the context7-training Action`,
      `add a step \`uses: <owner>/context7-training/action@v1\` (${scaffoldFix(info, WORKFLOW_PATH)})`,
    );
  }
  const permissions = (job.permissions ?? workflow.permissions ?? {}) as Record<string, unknown>;
  const granted = (name: string) =>
    permissions === ("write-all" as unknown) || permissions[name] === "write";
  const lacking = WORKFLOW_PERMISSIONS.filter((name) => !granted(name));
  if (lacking.length > 0) {
    return problem(
      "workflow",
      `${WORKFLOW_PATH} does not give its token ${lacking.map((name) => `${name}: write`).join(", ")}`,
      `set \`permissions: { ${WORKFLOW_PERMISSIONS.map((name) => `${name}: write`).join(", ")} }\` in ${WORKFLOW_PATH}`,
    );
  }
  return ok("workflow", `${WORKFLOW_PATH} runs the Action with the permissions it needs`);
}

async function checkScaffoldFile(
  octokit: Octokit,
  target: Target,
  info: RepoInfo,
  path: string,
): Promise<DoctorCheck> {
  const text = await readFile(octokit, target, path);
  const check = path === PR_TEMPLATE_PATH ? "pull request template" : "issue form";
  if (text === null) return problem(check, `${path} is missing`, scaffoldFix(info, path));
  return ok(check, `${path} is present`);
}
