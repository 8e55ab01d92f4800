/** The reads the App's handlers hand to src/github/: the config, a PR's files and reviews, GET /app. */
import { Octokit } from "@octokit/rest";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { getAppSlug } from "../../src/github/app-identity.js";
import { readConfigText } from "../../src/github/config-file.js";
import { listPullFiles, listPullReviews } from "../../src/github/pulls.js";

const API = "https://api.github.com";
const REPO = "/repos/acme/context7-training";
const CONFIG = `${REPO}/contents/.github%2Fcontext7-training.yml`;
const target = { owner: "acme", repo: "context7-training" };

function octokit() {
  const quiet = () => {};
  return new Octokit({
    auth: "test-token",
    log: { debug: quiet, info: quiet, warn: quiet, error: quiet },
  });
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("readConfigText", () => {
  it("reads the default branch's config, or the one at a commit", async () => {
    const content = Buffer.from("trainingRepo: acme/context7-training\n").toString("base64");
    nock(API).get(CONFIG).reply(200, { type: "file", encoding: "base64", content });
    nock(API).get(CONFIG).query({ ref: "abc123" }).reply(200, { type: "file", content });
    expect(await readConfigText(octokit(), target)).toBe("trainingRepo: acme/context7-training\n");
    expect(await readConfigText(octokit(), target, "abc123")).toBe(
      "trainingRepo: acme/context7-training\n",
    );
  });

  it('is null when there is no config, and "" when the path is a folder', async () => {
    nock(API).get(CONFIG).reply(404, { message: "Not Found" });
    nock(API)
      .get(CONFIG)
      .reply(200, [{ type: "file", name: "x.yml" }]);
    expect(await readConfigText(octokit(), target)).toBeNull();
    expect(await readConfigText(octokit(), target)).toBe("");
  });

  it("refuses a symbolic link, whose target's changes no guard on the config would see", async () => {
    const content = Buffer.from("trainingRepo: acme/context7-training\n").toString("base64");
    // GitHub answers for a link to a file with that file, under its own path.
    nock(API)
      .get(CONFIG)
      .reply(200, { type: "file", encoding: "base64", path: "docs/x.yml", content });
    await expect(readConfigText(octokit(), target)).rejects.toThrow(
      "acme/context7-training: .github/context7-training.yml is a symbolic link to docs/x.yml; the App reads only the file itself",
    );
  });

  it("throws any other failure, for the delivery to fail and be redelivered", async () => {
    nock(API).get(CONFIG).reply(403, { message: "Resource not accessible by integration" });
    await expect(readConfigText(octokit(), target)).rejects.toMatchObject({ status: 403 });
  });
});

describe("listPullFiles", () => {
  it("lists every changed file, one call per 100", async () => {
    const page = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ filename: `records/dev${from + i}.yml` }));
    nock(API)
      .get(`${REPO}/pulls/7/files`)
      .query({ per_page: "100" })
      .reply(200, page(0, 100), {
        link: `<${API}${REPO}/pulls/7/files?per_page=100&page=2>; rel="next"`,
      });
    nock(API)
      .get(`${REPO}/pulls/7/files`)
      .query({ per_page: "100", page: "2" })
      .reply(200, page(100, 1));
    const files = await listPullFiles(octokit(), target, 7);
    expect(files).toHaveLength(101);
    expect(files[100]?.filename).toBe("records/dev100.yml");
  });
});

describe("listPullReviews", () => {
  it("reads the first 100 reviews in one call", async () => {
    nock(API)
      .get(`${REPO}/pulls/7/reviews`)
      .query({ per_page: "100" })
      .reply(200, [{ id: 1, state: "CHANGES_REQUESTED" }], {
        link: `<${API}${REPO}/pulls/7/reviews?per_page=100&page=2>; rel="next"`,
      });
    expect(await listPullReviews(octokit(), target, 7)).toEqual([
      { id: 1, state: "CHANGES_REQUESTED" },
    ]);
  });
});

describe("getAppSlug", () => {
  it("reads the App's slug, and refuses an answer without one", async () => {
    nock(API).get("/app").reply(200, { slug: "context7-training" });
    nock(API).get("/app").reply(200, { slug: "" });
    expect(await getAppSlug(octokit())).toBe("context7-training");
    await expect(getAppSlug(octokit())).rejects.toThrow("GET /app did not give the App's slug");
  });
});
