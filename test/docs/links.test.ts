/**
 * The documentation a manager installs from: the README stays an overview, every relative
 * link in it and in docs/ points at a file (and heading) of this repo, and nothing refers
 * to a document outside the repo.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { brokenLinks } from "../support/links.js";

const root = resolve(import.meta.dirname, "../..");
const pages = [
  "README.md",
  "records/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

describe("documentation", () => {
  it("keeps the README an overview of at most 15 KB", () => {
    expect(statSync(join(root, "README.md")).size).toBeLessThanOrEqual(15 * 1024);
  });

  it.each(pages)("%s links only to files and headings that exist", (page) => {
    expect(brokenLinks(root, page)).toEqual([]);
  });

  it.each(pages)("%s refers to no document outside the repo", (page) => {
    const text = readFileSync(join(root, page), "utf8");
    expect(text).not.toMatch(/RULES\.md|DESIGN\.md|shared\/|\.\.\/\.\.\//);
  });
});
