/** Relative Markdown links and their targets: the docs test and the demo test check them. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

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

export function linksOf(text: string): string[] {
  const withoutCode = text.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...withoutCode.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1] ?? "");
}

/** The relative links of `page` (a path under `root`) whose file or heading is missing. */
export function brokenLinks(root: string, page: string): string[] {
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
  return broken;
}
