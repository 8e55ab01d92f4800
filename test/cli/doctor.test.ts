import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { load } from "js-yaml";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { DoctorCheck } from "../../src/cli/doctor-command.js";
import { FORM_PATHS, PR_TEMPLATE_PATH, WORKFLOW_PATH } from "../../src/cli/training-repo.js";
import { CONFIG_PATH } from "../../src/core/config.js";
import { GitHubStandIn, type RepoSetup } from "../../src/local/github-standin.js";
import { runCli } from "../support/cli.js";

const REPO = "acme/training";
const manifest = load(readFileSync("app.yml", "utf8")) as {
  default_permissions: Record<string, string>;
  default_events: string[];
};

/** What `init` writes for acme/training, as repo path → text. */
let scaffold: Record<string, string>;

function filesUnder(root: string, dir = root): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(root, join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

beforeAll(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), "c7-doctor-")), "training");
  const result = await runCli([
    "init",
    dir,
    "--org",
    "acme",
    "--manager",
    "dev-manager",
    "--developer",
    "alice:backend",
    "--start",
    "2026-12-07",
  ]);
  expect(result.code).toBe(0);
  scaffold = Object.fromEntries(
    filesUnder(dir).map((path) => [relative(dir, path), readFileSync(path, "utf8")]),
  );
});

/** A setup where everything is right: the App installed with app.yml's permissions. */
function goodSetup(): RepoSetup {
  return {
    ownerType: "Organization",
    hasDiscussions: true,
    discussionCategories: ["Announcements", "Context7 Discoveries", "Reports"],
    labels: ["bug", "context7-training", "context7-confirmation", "context7-knowledge-check"],
    apps: {
      "context7-training": {
        permissions: manifest.default_permissions,
        events: manifest.default_events,
      },
    },
    installations: [{ app_slug: "context7-training", repository_selection: "all" }],
  };
}

const running: { standIn: GitHubStandIn; dir: string }[] = [];

afterEach(async () => {
  vi.unstubAllEnvs();
  for (const { standIn, dir } of running.splice(0)) {
    await standIn.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

/** What differs from the good setup; a file set to undefined is not in the repo. */
interface Case {
  setup?: (setup: RepoSetup) => Partial<RepoSetup>;
  files?: (files: Record<string, string>) => Record<string, string | undefined>;
}

/** Runs doctor against the stand-in holding the pushed scaffold, changed by `change`. */
async function doctor(change: Case = {}, extra: string[] = ["--json"]) {
  const good = goodSetup();
  const setup = { ...good, ...change.setup?.(good) };
  const files: Record<string, string> = {};
  for (const [path, text] of Object.entries({ ...scaffold, ...change.files?.(scaffold) })) {
    if (text !== undefined) files[path] = text;
  }
  const dir = mkdtempSync(join(tmpdir(), "c7-doctor-records-"));
  const standIn = new GitHubStandIn({ trainingRepo: REPO, recordsDir: dir, configText: "", setup });
  standIn.serveRepo(REPO, files);
  const url = await standIn.start();
  running.push({ standIn, dir });
  vi.stubEnv("GITHUB_TOKEN", "ghp_doctor");
  vi.stubEnv("GH_TOKEN", "");
  const result = await runCli(["doctor", "--repo", REPO, "--api-url", url, ...extra]);
  return { ...result, standIn };
}

function problemsOf(stdout: string): DoctorCheck[] {
  const report = JSON.parse(stdout) as { ok: boolean; checks: DoctorCheck[] };
  return report.checks.filter((check) => check.status !== "ok");
}

describe("doctor", () => {
  it("finds no problem in a repo holding what init wrote, set up as init's next steps say", async () => {
    const result = await doctor();
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout) as {
      repo: string;
      ok: boolean;
      checks: DoctorCheck[];
    };
    expect(report).toMatchObject({ repo: REPO, ok: true });
    expect(report.checks.map((check) => [check.check, check.status])).toEqual([
      ["repository", "ok"],
      ["app permissions", "ok"],
      ["app installation", "ok"],
      ["config", "ok"],
      ["discussions", "ok"],
      ["labels", "ok"],
      ["workflow", "ok"],
      ["issue form", "ok"],
      ["issue form", "ok"],
      ["pull request template", "ok"],
    ]);
    expect(result.standIn.unexpected).toEqual([]);
    expect(result.standIn.outbox).toEqual([]);
  });

  it.each<[string, Case, string, string]>([
    [
      "a missing discussion category",
      { setup: () => ({ discussionCategories: ["Context7 Discoveries"] }) },
      'the category "Reports" is missing',
      'create the category "Reports" at https://github.com/acme/training/discussions/categories/new',
    ],
    [
      "Discussions turned off",
      { setup: () => ({ hasDiscussions: false }) },
      "Discussions are off on acme/training",
      "gh repo edit acme/training --enable-discussions",
    ],
    [
      "a missing label",
      {
        setup: (s) => ({
          labels: (s.labels ?? []).filter((l) => l !== "context7-knowledge-check"),
        }),
      },
      "missing: context7-knowledge-check",
      "gh label create context7-knowledge-check --repo acme/training --color 5319e7",
    ],
    [
      "an invalid config",
      {
        files: (f) => ({ [CONFIG_PATH]: (f[CONFIG_PATH] as string).replace("backend", "devops") }),
      },
      `${CONFIG_PATH}:8: roster[0].role: must be one of "backend"`,
      `npx context7-training validate --config ${CONFIG_PATH}`,
    ],
    [
      "no config",
      { files: () => ({ [CONFIG_PATH]: undefined }) },
      `${CONFIG_PATH} is missing on the default branch`,
      "npx context7-training init /tmp/context7-scaffold --org acme",
    ],
    [
      "a config for another repo",
      {
        files: (f) => ({
          [CONFIG_PATH]: (f[CONFIG_PATH] as string).replace(REPO, "acme/elsewhere"),
        }),
      },
      "names trainingRepo acme/elsewhere, not acme/training",
      "set `trainingRepo: acme/training`",
    ],
    [
      "no workflow",
      { files: () => ({ [WORKFLOW_PATH]: undefined }) },
      `${WORKFLOW_PATH} is missing`,
      `then commit its ${WORKFLOW_PATH} to the default branch`,
    ],
    [
      "a workflow without the Action",
      {
        files: (f) => ({
          [WORKFLOW_PATH]: (f[WORKFLOW_PATH] as string).replace(
            "context7-training/context7-training/action@v1",
            "acme/other-action@v1",
          ),
        }),
      },
      "has no step that uses the context7-training Action",
      "add a step `uses: <owner>/context7-training/action@v1`",
    ],
    [
      "a workflow whose token cannot write discussions",
      {
        files: (f) => ({
          [WORKFLOW_PATH]: (f[WORKFLOW_PATH] as string).replace(
            "discussions: write",
            "discussions: read",
          ),
        }),
      },
      "does not give its token discussions: write",
      "set `permissions: { contents: write, issues: write, discussions: write }`",
    ],
    [
      "the App not installed",
      { setup: () => ({ installations: [] }) },
      "context7-training is not installed on acme",
      "install it on acme/training: https://github.com/apps/context7-training/installations/new",
    ],
    [
      "the App registered without a permission and an event",
      {
        setup: () => ({
          apps: {
            "context7-training": {
              permissions: { ...manifest.default_permissions, checks: "read" },
              events: manifest.default_events.filter((event) => event !== "discussion"),
            },
          },
        }),
      },
      "context7-training lacks the permissions checks: write and does not subscribe to discussion",
      "https://github.com/organizations/acme/settings/apps/context7-training/permissions",
    ],
    [
      "no such App",
      { setup: () => ({ apps: {} }) },
      'no GitHub App "context7-training" is visible to this token',
      "pass --app-slug",
    ],
    [
      "a missing issue form",
      { files: () => ({ [FORM_PATHS[1]]: undefined }) },
      ".github/ISSUE_TEMPLATE/context7-knowledge-check.yml is missing",
      "then commit its .github/ISSUE_TEMPLATE/context7-knowledge-check.yml",
    ],
    [
      "no PR template",
      { files: () => ({ [PR_TEMPLATE_PATH]: undefined }) },
      `${PR_TEMPLATE_PATH} is missing`,
      `then commit its ${PR_TEMPLATE_PATH}`,
    ],
  ])("reports %s with its fix, and exits 1", async (_name, change, detail, fix) => {
    const result = await doctor(change);
    expect(result.code).toBe(1);
    const problems = problemsOf(result.stdout);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.status).toBe("problem");
    expect(problems[0]?.detail).toContain(detail);
    expect(problems[0]?.fix.join("\n")).toContain(fix);
    expect(result.standIn.unexpected).toEqual([]);
  });

  it.each<[string, Case, string, string]>([
    [
      "installations it may not list",
      { setup: () => ({ installations: null }) },
      "this token may not list acme's App installations (403)",
      "https://github.com/organizations/acme/settings/installations",
    ],
    [
      "an App installed on selected repositories",
      {
        setup: () => ({
          installations: [{ app_slug: "context7-training", repository_selection: "selected" }],
        }),
      },
      "installed on selected repositories of acme",
      "make sure acme/training is selected at https://github.com/organizations/acme/settings/installations/1",
    ],
  ])("warns about %s without failing", async (_name, change, detail, fix) => {
    const result = await doctor(change);
    expect(result.code).toBe(0);
    const [found, ...others] = problemsOf(result.stdout);
    expect(others).toEqual([]);
    expect(found).toMatchObject({ check: "app installation", status: "warning" });
    expect(found?.detail).toContain(detail);
    expect(found?.fix.join("\n")).toContain(fix);
  });

  it("looks up a user's own installations for a repo a user owns", async () => {
    const result = await doctor({ setup: () => ({ ownerType: "User" }) });
    expect(result.code).toBe(0);
    expect(result.standIn.requests.map((request) => request.path)).toContain("/user/installations");
  });

  it("prints each problem with its fix as text", async () => {
    const result = await doctor(
      { setup: () => ({ labels: ["context7-training", "context7-knowledge-check"] }) },
      [],
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("✓ repository: acme/training exists and the token reaches it");
    expect(result.stdout).toContain("✗ labels: missing: context7-confirmation");
    expect(result.stdout).toContain(
      "    fix: gh label create context7-confirmation --repo acme/training",
    );
    expect(result.stdout).toContain("1 problem found.");
  });

  it("stops at a repo the token cannot reach", async () => {
    const result = await doctor({ setup: () => ({ apps: {} }) }, [
      "--json",
      "--repo",
      "acme/nowhere",
    ]);
    expect(result.code).toBe(1);
    expect(problemsOf(result.stdout)).toEqual([
      expect.objectContaining({
        check: "repository",
        detail: "acme/nowhere does not exist, or the token cannot see it (404)",
      }),
    ]);
  });

  it("reports a check GitHub refuses as a problem, and still runs the others", async () => {
    const result = await doctor({ setup: () => ({ labels: null }) });
    expect(result.code).toBe(1);
    const problems = problemsOf(result.stdout);
    expect(problems).toEqual([
      {
        check: "labels",
        status: "problem",
        detail: expect.stringContaining("could not be checked: GitHub answered 403"),
        fix: [expect.stringContaining("give the token read access")],
      },
    ]);
    const report = JSON.parse(result.stdout) as { checks: DoctorCheck[] };
    expect(report.checks).toHaveLength(10);
  });

  it("says so when the API cannot be reached", async () => {
    const closed = new GitHubStandIn({ trainingRepo: REPO, recordsDir: tmpdir(), configText: "" });
    const url = await closed.start();
    await closed.stop();
    vi.stubEnv("GITHUB_TOKEN", "ghp_doctor");
    const result = await runCli(["doctor", "--repo", REPO, "--api-url", url, "--json"]);
    expect(result.code).toBe(1);
    expect(problemsOf(result.stdout)).toEqual([
      expect.objectContaining({
        check: "repository",
        status: "problem",
        detail: expect.stringContaining(
          `could not be checked: no answer from ${url}/repos/${REPO}`,
        ),
        fix: [expect.stringContaining("check --api-url")],
      }),
    ]);
  });

  it("needs a token and --repo", async () => {
    vi.stubEnv("GITHUB_TOKEN", "");
    vi.stubEnv("GH_TOKEN", "");
    const noToken = await runCli(["doctor", "--repo", REPO]);
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain("set GITHUB_TOKEN or GH_TOKEN");
    const noRepo = await runCli(["doctor"]);
    expect(noRepo.code).toBe(1);
    expect(noRepo.stderr).toContain("--repo OWNER/NAME is required");
  });
});
