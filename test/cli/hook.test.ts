import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HOOK_MARKER, USAGE_LOG } from "../../src/cli/hook-command.js";
import { detect } from "../../src/core/detect.js";
import { runCliIn } from "../support/cli.js";

const HOOKS = ["prepare-commit-msg", "commit-msg", "post-commit"];
let exec = "";
let home = "";

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "c7-hook-cli-"));
  await build({
    entryPoints: ["test/support/hook-entry.ts"],
    bundle: true,
    platform: "node",
    target: "node20",
    format: "esm",
    outfile: join(dir, "hook.mjs"),
    logLevel: "silent",
  });
  exec = `'${process.execPath}' '${join(dir, "hook.mjs")}'`;
  home = mkdtempSync(join(tmpdir(), "c7-hook-home-"));
}, 60_000);

/** git with no user or system config, as a fresh developer machine. */
function git(repo: string, ...args: string[]) {
  return gitWithEditor(repo, "true", ...args);
}

function gitWithEditor(repo: string, editor: string, ...args: string[]) {
  return spawnSync("git", args, {
    cwd: repo,
    encoding: "utf8",
    env: { ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: "1", GIT_EDITOR: editor },
  });
}

let repo = "";
beforeEach(() => {
  repo = mkdtempSync(join(tmpdir(), "c7-hook-repo-"));
  execFileSync("git", ["init", "-q", repo]);
  for (const [key, value] of [
    ["user.name", "Alice"],
    ["user.email", "alice@example.com"],
    ["commit.gpgsign", "false"],
  ] as const)
    git(repo, "config", key, value);
});

const lookup = (tool: string, input: unknown) =>
  JSON.stringify({ hook_event_name: "PostToolUse", cwd: repo, tool_name: tool, tool_input: input });
const logFile = () => join(repo, ".git", USAGE_LOG);
const lastMessage = () => git(repo, "log", "-1", "--format=%B").stdout;

describe("context7-training hook install / uninstall", () => {
  it("writes three executable hooks, again the same on a second install, and removes only its own", async () => {
    const first = await runCliIn(repo, ["hook", "install", "--exec", exec]);
    expect(first.code, first.stderr).toBe(0);
    const contents = HOOKS.map((name) => readFileSync(join(repo, ".git/hooks", name), "utf8"));
    for (const [index, name] of HOOKS.entries()) {
      expect(contents[index]).toContain(HOOK_MARKER);
      expect(contents[index]).toMatch(/\nexit 0\n$/);
      expect(statSync(join(repo, ".git/hooks", name)).mode & 0o111).not.toBe(0);
    }
    expect((await runCliIn(repo, ["hook", "install", "--exec", exec])).code).toBe(0);
    expect(HOOKS.map((name) => readFileSync(join(repo, ".git/hooks", name), "utf8"))).toEqual(
      contents,
    );

    writeFileSync(join(repo, ".git/hooks", "post-commit"), "#!/bin/sh\necho mine\n");
    const removed = await runCliIn(repo, ["hook", "uninstall"]);
    expect(removed.stdout).toContain("Removed prepare-commit-msg, commit-msg");
    expect(existsSync(join(repo, ".git/hooks/prepare-commit-msg"))).toBe(false);
    expect(readFileSync(join(repo, ".git/hooks/post-commit"), "utf8")).toContain("echo mine");
  });

  it("refuses to replace a hook that is not its own, writes nothing, and says what to add", async () => {
    mkdirSync(join(repo, ".git/hooks"), { recursive: true });
    writeFileSync(join(repo, ".git/hooks/commit-msg"), "#!/bin/sh\nlint-message\n");
    const result = await runCliIn(repo, ["hook", "install", "--exec", exec]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(".git/hooks/commit-msg: a hook that is not ours");
    expect(result.stderr).toContain(`${exec} hook apply "$1" || true`);
    expect(existsSync(join(repo, ".git/hooks/prepare-commit-msg"))).toBe(false);
  });

  it("says where it must run when the folder is no git checkout", async () => {
    const plain = mkdtempSync(join(tmpdir(), "c7-hook-plain-"));
    const result = await runCliIn(plain, ["hook", "install", "--exec", exec]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("Run it inside a git checkout, or pass --repo DIR.");
  });
});

describe("context7-training hook record and the commit hooks, with real git commits", () => {
  it("cites each logged lookup once, in the next commit that has a message", async () => {
    await runCliIn(repo, ["hook", "install", "--exec", exec]);
    for (const input of [
      lookup("mcp__context7__resolve-library-id", { libraryName: "ws" }),
      lookup("mcp__context7__query-docs", { libraryId: "/websockets/ws", query: "heartbeat" }),
      lookup("mcp__context7__query-docs", { libraryId: "/websockets/ws", query: "heartbeat" }),
      lookup("Read", { file_path: "/etc/hosts" }),
    ]) {
      const recorded = await runCliIn(tmpdir(), ["hook", "record"], input);
      expect(recorded.code, recorded.stderr).toBe(0);
    }
    expect(readFileSync(logFile(), "utf8").trim().split("\n")).toHaveLength(3);
    const waiting = await runCliIn(repo, ["hook", "log"]);
    expect(waiting.stdout).toContain("Context7-Used: query-docs /websockets/ws heartbeat");

    // An empty message still aborts the commit, and the lookups wait for the next one.
    writeFileSync(join(repo, "empty.txt"), "\n# only a comment\n");
    const aborted = git(repo, "commit", "--allow-empty", "--cleanup=strip", "-F", "empty.txt");
    expect(aborted.status).not.toBe(0);
    expect(readFileSync(logFile(), "utf8").trim().split("\n")).toHaveLength(3);

    const committed = git(
      repo,
      "commit",
      "--allow-empty",
      "-m",
      "Retry the socket with a heartbeat",
    );
    expect(committed.status, committed.stderr).toBe(0);
    expect(lastMessage()).toBe(
      "Retry the socket with a heartbeat\n\nContext7-Used: resolve-library-id ws\nContext7-Used: query-docs /websockets/ws heartbeat\n\n",
    );
    expect(detect(lastMessage()).map((reference) => reference.kind)).toEqual([
      "trailer",
      "trailer",
    ]);
    expect(readFileSync(logFile(), "utf8")).toBe("");

    // Consumed: the next commit cites nothing; an amend that keeps the message adds nothing.
    git(repo, "commit", "--allow-empty", "-m", "Second");
    expect(lastMessage()).toBe("Second\n\n");
    await runCliIn(tmpdir(), ["hook", "record"], lookup("query-docs", { libraryId: "/zod/zod" }));
    git(
      repo,
      "commit",
      "--allow-empty",
      "--amend",
      "-m",
      "Second\n\nContext7-Used: query-docs /zod/zod",
    );
    expect(lastMessage()).toBe("Second\n\nContext7-Used: query-docs /zod/zod\n\n");
    expect(readFileSync(logFile(), "utf8")).toBe("");
  });

  it("adds the trailers after the editor, when the message is written there", async () => {
    await runCliIn(repo, ["hook", "install", "--exec", exec]);
    await runCliIn(tmpdir(), ["hook", "record"], lookup("query-docs", { libraryId: "/zod/zod" }));
    const committed = gitWithEditor(
      repo,
      "printf 'Written in the editor\\n' >",
      "commit",
      "--allow-empty",
    );
    expect(committed.status, committed.stderr).toBe(0);
    expect(lastMessage()).toBe("Written in the editor\n\nContext7-Used: query-docs /zod/zod\n\n");
  });

  it("never blocks a commit: a failing hook warns and the commit goes on", async () => {
    await runCliIn(repo, ["hook", "install", "--exec", "/nonexistent/context7-training"]);
    await runCliIn(tmpdir(), ["hook", "record"], lookup("query-docs", { libraryId: "/a/b" }));
    const committed = git(repo, "commit", "--allow-empty", "-m", "Still committed");
    expect(committed.status).toBe(0);
    expect(committed.stderr).toContain("context7-training: prepare-commit-msg failed");
    expect(lastMessage()).toBe("Still committed\n\n");
  });

  it("refuses input that is not a tool call, naming what is wrong", async () => {
    const notJson = await runCliIn(repo, ["hook", "record"], "hello");
    expect(notJson.code).toBe(1);
    expect(notJson.stderr).toContain("stdin is not JSON");
    const noTool = await runCliIn(repo, ["hook", "record"], "{}");
    expect(noTool.stderr).toContain("the hook input has no tool_name string; nothing recorded");
    expect(existsSync(logFile())).toBe(false);
  });

  it("is listed by the CLI's help, with its usage", async () => {
    const help = await runCliIn(repo, ["help"]);
    expect(help.stdout).toMatch(/hook\s+the opt-in editor → commit usage bridge/);
    const bad = await runCliIn(repo, ["hook", "frobnicate"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('unknown hook action "frobnicate"');
    expect(bad.stderr).toContain("usage: context7-training hook install");
  });
});
