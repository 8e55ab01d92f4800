/**
 * `npm ci --omit=dev && npm start` and the container image run the committed bundles in
 * release/: they need no package at all, dev or not. Each is run here from a folder with
 * no node_modules.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const packageJson = JSON.parse(readFileSync("package.json", "utf8"));

function isolated(...files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), "c7-release-"));
  for (const file of files) copyFileSync(file, join(dir, file.split("/").pop() as string));
  return dir;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

let child: ChildProcess | undefined;
afterEach(() => child?.kill());

describe("production start", () => {
  it("npm start runs the committed server bundle, and prepare builds nothing without TypeScript", () => {
    expect(packageJson.scripts.start).toBe("node release/server.js");
    expect(packageJson.scripts.prepare).toBe("node scripts/prepare.mjs");
    expect(Object.keys(packageJson.dependencies)).not.toContain("typescript");
  });

  it("serves /ping from a folder with no node_modules", async () => {
    const dir = isolated("release/server.js", "app.yml");
    const port = await freePort();
    const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
      .privateKey.export({ type: "pkcs1", format: "pem" })
      .toString();
    child = spawn(process.execPath, ["server.js"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        APP_ID: "1",
        PRIVATE_KEY: privateKey,
        WEBHOOK_SECRET: "a-test-secret",
        PORT: String(port),
        HOST: "127.0.0.1",
        LOG_LEVEL: "warn",
        CONTEXT7_REDELIVER_MINUTES: "0",
      },
      stdio: "pipe",
    });
    let answer = "";
    for (let attempt = 0; attempt < 100 && answer === ""; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      answer = await fetch(`http://127.0.0.1:${port}/ping`)
        .then((response) => response.text())
        .catch(() => "");
    }
    expect(answer).toBe("PONG");
  });

  it("runs the CLI bundle from a folder with no node_modules", () => {
    const dir = isolated("release/cli.js");
    const out = execFileSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        "const { main } = await import('./cli.js'); process.exitCode = await main(['detect', '--json'], { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, cwd: process.cwd() });",
      ],
      { cwd: dir, input: "query-docs /vercel/next.js", encoding: "utf8" },
    );
    expect(JSON.parse(out)[0]).toMatchObject({ libraryId: "/vercel/next.js" });
  });
});
