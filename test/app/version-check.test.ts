import { afterEach, describe, expect, it } from "vitest";
import { decode } from "../../src/github/http.js";
import { readPackageFiles } from "../../src/github/package-files.js";
import { type Harness, startHarness } from "../support/offline.js";
import { pullRequestEvent, reviewEvent, submissionBody } from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const GAME = "acme/game";
const AT = "2026-11-24T10:00:00Z";

const PACKAGE_JSON = JSON.stringify(
  {
    name: "game",
    private: true,
    dependencies: { next: "^15.1.0", react: "^19.0.0", ws: "^8.18.0" },
    devDependencies: { typescript: "~5.7.2" },
  },
  null,
  2,
);

// package-lock.json v3 as npm writes it (hashes left out).
const PACKAGE_LOCK = JSON.stringify(
  {
    name: "game",
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": {
        name: "game",
        dependencies: { next: "^15.1.0", react: "^19.0.0", ws: "^8.18.0" },
        devDependencies: { typescript: "~5.7.2" },
      },
      "node_modules/next": {
        version: "15.1.8",
        resolved: "https://registry.npmjs.org/next/-/next-15.1.8.tgz",
        license: "MIT",
        bin: { next: "dist/bin/next" },
        engines: { node: "^18.18.0 || ^19.8.0 || >= 20.0.0" },
      },
      "node_modules/react": {
        version: "19.0.0",
        resolved: "https://registry.npmjs.org/react/-/react-19.0.0.tgz",
        license: "MIT",
      },
      "node_modules/ws": {
        version: "8.18.0",
        resolved: "https://registry.npmjs.org/ws/-/ws-8.18.0.tgz",
        license: "MIT",
      },
    },
  },
  null,
  2,
);

const GAME_FILES = {
  "package.json": PACKAGE_JSON,
  "package-lock.json": PACKAGE_LOCK,
  "src/server.ts": "export {};\n",
};

let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

const review = (body: string, reviewId = 81) =>
  reviewEvent({ reviewer: "alice", author: "bob", repo: GAME, body, reviewId, at: AT });
const comments = () =>
  harness.standIn.outbox.filter((request) => request.path.endsWith("/comments"));
const gameReads = () =>
  harness.standIn.requests.filter(
    (request) => request.method === "GET" && request.path.startsWith(`/repos/${GAME}/contents`),
  );
// biome-ignore lint/suspicious/noExplicitAny: request bodies are read field by field.
const bodyOf = (request: { body?: unknown } | undefined): any => request?.body ?? {};

describe("the version check on reviews", () => {
  it("comments once, naming both versions, when a review cites docs for another major", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(GAME, GAME_FILES);
    const delivery = review('Per get-library-docs "/vercel/next.js/v14.2.3" topic: "caching".');
    await harness.receive(delivery);
    expect(comments()).toHaveLength(1);
    const [comment] = comments();
    expect(comment?.path).toBe(`/repos/${GAME}/issues/1/comments`);
    const body: string = bodyOf(comment).body;
    expect(body).toContain("`v14.2.3`");
    expect(body).toContain("next 15.1.8");
    expect(body).toContain("package-lock.json");
    expect(body).toContain("`/vercel/next.js/v15.1.8`");
    // package.json, the root listing, package-lock.json
    expect(gameReads().map((request) => request.path)).toEqual([
      `/repos/${GAME}/contents/package.json`,
      `/repos/${GAME}/contents`,
      `/repos/${GAME}/contents/package-lock.json`,
    ]);
    expect(harness.record("alice")?.evidence.map((item) => item.id)).toEqual([
      "review-81",
      "review-reference-81",
    ]);

    // The same delivery again: nothing new recorded, nothing said twice, no file read.
    const before = harness.standIn.requests.length;
    await harness.receive(structuredClone(delivery));
    expect(comments()).toHaveLength(1);
    expect(gameReads()).toHaveLength(3);
    // The record, to merge into, and the replies, which hold the answer already.
    expect(harness.standIn.requests.length - before).toBe(2);
  });

  it("says nothing when the cited version matches the project's major", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(GAME, GAME_FILES);
    await harness.receive(review("query-docs /vercel/next.js/v15.0.3 and /websockets/ws@v8.16.0"));
    expect(comments()).toEqual([]);
    expect(gameReads()).toHaveLength(3);
  });

  it("reads no package.json when no cited library ID has a version", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(GAME, GAME_FILES);
    await harness.receive(review('query-docs "/vercel/next.js" topic: "caching"'));
    await harness.receive(review("query-docs /vercel/next.js/canary", 82));
    expect(harness.record("alice")?.evidence).toHaveLength(4);
    expect(gameReads()).toEqual([]);
    expect(comments()).toEqual([]);
  });

  it("reads only package.json when it lists no package the citation stands for", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(GAME, GAME_FILES);
    await harness.receive(review("query-docs /colinhacks/zod/v3.24.2"));
    expect(gameReads().map((request) => request.path)).toEqual([
      `/repos/${GAME}/contents/package.json`,
    ]);
    expect(comments()).toEqual([]);
  });

  it("never answers a bot's review", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(GAME, GAME_FILES);
    await harness.receive(
      reviewEvent({
        reviewer: "renovate[bot]",
        author: "bob",
        repo: GAME,
        body: "query-docs /vercel/next.js/v14.2.3",
        at: AT,
      }),
    );
    expect(gameReads()).toEqual([]);
    expect(harness.standIn.outbox).toEqual([]);
  });
});

describe("the version check on exercise submissions", () => {
  it("adds the mismatch to the check run summary as a warning; the check still passes", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(TRAINING, {
      "package.json": JSON.stringify({ dependencies: { ws: "^8.18.0" } }),
    });
    const body = submissionBody("backend-2", "ws", "/websockets/ws/v7.5.10", "production-patterns");
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 12,
        body,
        at: AT,
      }),
    );
    const [check] = harness.standIn.outbox;
    expect(check?.path).toBe(`/repos/${TRAINING}/check-runs`);
    const output: { summary: string } = bodyOf(check).output;
    expect(bodyOf(check).conclusion).toBe("success");
    expect(output.summary).toContain("Context7 docs for another version");
    expect(output.summary).toContain("`v7.5.10`");
    expect(output.summary).toContain("ws ^8.18.0");
    expect(output.summary).toContain("`/websockets/ws/v8.18.0`");
    expect(output.summary).toContain("it does not change the result of this check");
  });

  it("leaves the summary alone when the versions agree", async () => {
    harness = await startHarness();
    harness.standIn.serveRepo(TRAINING, {
      "package.json": JSON.stringify({ dependencies: { ws: "^8.18.0" } }),
    });
    const body = submissionBody("backend-2", "ws", "/websockets/ws/v8.18.0", "production-patterns");
    await harness.receive(
      pullRequestEvent({
        action: "opened",
        author: "alice",
        repo: TRAINING,
        number: 14,
        body,
        at: AT,
      }),
    );
    const summary: string = bodyOf(harness.standIn.outbox[0]).output.summary;
    expect(summary).toContain("WebSocket Production Patterns");
    expect(summary).not.toContain("another version");
    expect(harness.standIn.requests.map((request) => request.path)).toContain(
      `/repos/${TRAINING}/contents/package.json`,
    );
  });
});

describe("readPackageFiles", () => {
  it("decodes every shape the Contents API answers with", () => {
    expect(decode('{"a":1}')).toBe('{"a":1}');
    expect(decode(new TextEncoder().encode("yarn").buffer)).toBe("yarn");
    expect(decode(new TextEncoder().encode("pnpm"))).toBe("pnpm");
    expect(
      decode({ type: "file", encoding: "base64", content: Buffer.from("npm").toString("base64") }),
    ).toBe("npm");
    // Over 1 MB without the raw media type: no content, so no file to read.
    expect(decode({ type: "file", encoding: "none", content: "" })).toBeNull();
  });

  it("takes the first lockfile in the listing and asks for every file raw", async () => {
    const calls: { path: string; mediaType?: { format: string } }[] = [];
    const files: Record<string, string> = {
      "package.json": PACKAGE_JSON,
      "pnpm-lock.yaml": "lockfileVersion: '9.0'\n",
      "yarn.lock": "# yarn lockfile v1\n",
    };
    const api = {
      async getContent(params: { path: string; mediaType?: { format: string } }) {
        calls.push({ path: params.path, mediaType: params.mediaType });
        if (params.path === "") {
          return { data: Object.keys(files).map((name) => ({ type: "file", name, path: name })) };
        }
        const text = files[params.path];
        if (text === undefined) throw Object.assign(new Error("Not Found"), { status: 404 });
        return { data: text };
      },
    };
    const read = await readPackageFiles(api, { owner: "acme", repo: "game" }, "abc123", [
      { libraryId: "/vercel/next.js", version: "v14.2.3" },
    ]);
    expect(read).toEqual({
      packageJson: PACKAGE_JSON,
      lockfile: { name: "pnpm-lock.yaml", text: "lockfileVersion: '9.0'\n" },
    });
    expect(calls).toEqual([
      { path: "package.json", mediaType: { format: "raw" } },
      { path: "", mediaType: undefined },
      { path: "pnpm-lock.yaml", mediaType: { format: "raw" } },
    ]);
  });

  it("makes one call when the repo has no package.json, and lets other errors through", async () => {
    let calls = 0;
    const missing = {
      async getContent() {
        calls++;
        throw Object.assign(new Error("Not Found"), { status: 404 });
      },
    };
    const cited = [{ libraryId: "/vercel/next.js", version: "v14.2.3" }];
    expect(await readPackageFiles(missing, { owner: "a", repo: "b" }, "sha", cited)).toEqual({
      packageJson: null,
      lockfile: null,
    });
    expect(calls).toBe(1);
    const failing = {
      async getContent(): Promise<{ data: unknown }> {
        throw Object.assign(new Error("Server Error"), { status: 502 });
      },
    };
    await expect(
      readPackageFiles(failing, { owner: "a", repo: "b" }, "sha", cited),
    ).rejects.toThrow("Server Error");
  });
});
