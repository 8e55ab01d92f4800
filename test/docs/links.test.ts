/**
 * The documentation a manager installs from: the README stays an overview, every relative
 * link in it and in docs/ points at a file (and heading) of this repo, and nothing refers
 * to a document outside the repo.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const pages = [
  "README.md",
  "records/README.md",
  ...readdirSync(join(root, "docs"))
    .filter((name) => name.endsWith(".md"))
    .map((name) => `docs/${name}`),
];

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, "")
    .replace(/ /g, "-");
}

function anchorsOf(path: string): Set<string> {
  const text = readFileSync(path, "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((match) => slug(match[1] ?? "")));
}

function linksOf(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
}

describe("documentation", () => {
  it("keeps the README an overview of at most 15 KB", () => {
    expect(statSync(join(root, "README.md")).size).toBeLessThanOrEqual(15 * 1024);
  });

  it.each(pages)("%s links only to files and headings that exist", (page) => {
    const broken: string[] = [];
    for (const link of linksOf(readFileSync(join(root, page), "utf8"))) {
      if (/^[a-z]+:/i.test(link)) continue;
      const [target = "", anchor] = link.split("#");
      const file = target === "" ? join(root, page) : resolve(dirname(join(root, page)), target);
      if (!existsSync(file)) {
        broken.push(`${link} (no ${relative(root, file)})`);
        continue;
      }
      if (anchor !== undefined && file.endsWith(".md") && !anchorsOf(file).has(anchor))
        broken.push(`${link} (no heading #${anchor})`);
    }
    expect(broken).toEqual([]);
  });

  it.each(pages)("%s refers to no document outside the repo", (page) => {
    const text = readFileSync(join(root, page), "utf8");
    expect(text).not.toMatch(/RULES\.md|DESIGN\.md|shared\/|\.\.\/\.\.\//);
  });
});
