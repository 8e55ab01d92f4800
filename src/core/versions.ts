/**
 * The version check: a cited Context7 library ID with a version (`/vercel/next.js/v14.2.3`)
 * against the version of that package the project uses, read from its lockfile, else from
 * the range in its package.json.
 *
 * The rule: two versions are compatible when their major versions are equal (for 0.x, the
 * major and the minor, as npm's caret does). A package.json range stands for its lowest
 * version (`^15.1.0` → 15.1.0, `>=13 <15` → 13); a lockfile's exact version wins over it.
 * Anything that cannot be read as a number (`canary`, `latest`, `workspace:*`, git URLs, a
 * broken file) is skipped, never guessed.
 */
import type { Reference } from "./detect.js";
import { type Parsed, type Problem, parseJson } from "./problems.js";
import { escapeText, table } from "./render/markdown.js";
import { parseYaml } from "./yaml.js";

export const LOCKFILES = ["package-lock.json", "pnpm-lock.yaml", "yarn.lock"] as const;
export type LockfileName = (typeof LOCKFILES)[number];

export interface PackageFiles {
  /** The text of package.json, or null when the repo has none. */
  packageJson: string | null;
  lockfile: { name: LockfileName; text: string } | null;
}

export interface CitedVersion {
  libraryId: string;
  version: string;
}

export interface VersionMismatch {
  libraryId: string;
  citedVersion: string;
  packageName: string;
  /** As written in the file: an exact version from a lockfile, a range from package.json. */
  projectVersion: string;
  source: LockfileName | "package.json";
  /** The cited ID with the project's version, to cite instead. */
  suggestion: string;
}

interface Version {
  major: number;
  minor: number | null;
  patch: number | null;
}

/** Context7 library IDs whose npm package is not named after the repo; `[]`: not an npm package. */
const PACKAGES: Record<string, readonly string[]> = {
  "/vercel/next.js": ["next"],
  "/facebook/react": ["react"],
  "/microsoft/typescript": ["typescript"],
  "/websockets/ws": ["ws"],
  "/microsoft/playwright": ["@playwright/test", "playwright"],
  "/nodejs/node": [],
  "/hathora/server-sdk": ["@hathora/server-sdk"],
  "/expressjs/express": ["express"],
  "/vuejs/core": ["vue"],
  "/sveltejs/svelte": ["svelte"],
  "/angular/angular": ["@angular/core"],
  "/prisma/prisma": ["prisma", "@prisma/client"],
  "/colinhacks/zod": ["zod"],
  "/tailwindlabs/tailwindcss": ["tailwindcss"],
};

/** The npm packages a Context7 library ID may stand for, most likely first. */
export function packagesFor(libraryId: string): string[] {
  const known = PACKAGES[libraryId.toLowerCase()];
  if (known !== undefined) return [...known];
  const repo = (libraryId.split("/")[2] ?? "").toLowerCase();
  if (repo === "") return [];
  const bare = repo.replace(/\.?js$/, "");
  return bare === repo || bare === "" ? [repo] : [repo, bare];
}

const NUMERIC = /^v?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:[-+][\w.+-]*)?$/i;

export function parseVersion(text: string): Version | null {
  const match = NUMERIC.exec(text.trim());
  if (match === null) return null;
  const part = (value: string | undefined) => (value === undefined ? null : Number(value));
  return { major: Number(match[1]), minor: part(match[2]), patch: part(match[3]) };
}

function formatVersion(version: Version): string {
  return [version.major, version.minor, version.patch].filter((part) => part !== null).join(".");
}

/** The rule: equal majors; for 0.x equal minors too, when both are known. */
export function compatible(cited: Version, project: Version): boolean {
  if (cited.major !== project.major) return false;
  if (cited.major !== 0 || cited.minor === null || project.minor === null) return true;
  return cited.minor === project.minor;
}

const COMPARATOR =
  /^(>=|<=|>|<|=|\^|~>|~|)v?(\d{1,9}|[xX*])(?:\.(\d{1,9}|[xX*]))?(?:\.(\d{1,9}|[xX*]))?(?:-[\w.]+)?(?:\+[\w.]+)?$/;

/**
 * The lowest version an npm range allows, or null when it has none we can read: no lower
 * bound (`*`, `<15`), an exclusive one (`>13`), or not a version range at all (`latest`,
 * `workspace:*`, `npm:other@1`, `file:`, git and URLs).
 */
export function lowestVersion(range: string): Version | null {
  let lowest: Version | null = null;
  for (const alternative of range.split("||")) {
    const version = lowestOfSet(alternative);
    if (version === null) return null;
    if (lowest === null || order(version, lowest) < 0) lowest = version;
  }
  return lowest;
}

function lowestOfSet(set: string): Version | null {
  // `1.2.3 - 2.3.4` starts at its first version; `>= 13` is `>=13`.
  const normalized = set
    .trim()
    .replace(/^(\S+)\s+-\s+\S+$/, "$1")
    .replace(/(>=|<=|>|<|=|\^|~>|~)\s+/g, "$1");
  if (normalized === "") return null;
  let lowest: Version | null = null;
  for (const comparator of normalized.split(/\s+/)) {
    const match = COMPARATOR.exec(comparator);
    if (match === null) return null;
    const operator = match[1] ?? "";
    if (operator === "<" || operator === "<=") continue;
    if (operator === ">") return null;
    const parts = [match[2], match[3], match[4]].map((part) =>
      part === undefined || /[xX*]/.test(part) ? null : Number(part),
    );
    const [major, minor, patch] = parts as [number | null, number | null, number | null];
    if (major === null) return null;
    const version = { major, minor, patch: minor === null ? null : patch };
    // Several lower bounds in one set (`>=13 >=14.1`): the highest binds.
    if (lowest === null || order(version, lowest) > 0) lowest = version;
  }
  return lowest;
}

function order(a: Version, b: Version): number {
  return a.major - b.major || (a.minor ?? 0) - (b.minor ?? 0) || (a.patch ?? 0) - (b.patch ?? 0);
}

const DEPENDENCY_FIELDS = [
  "dependencies",
  "devDependencies",
  "optionalDependencies",
  // Last: a peer range is what the package accepts, wider than what it installs.
  "peerDependencies",
] as const;

/** package.json's dependencies of every kind, name → range; the first field listing a name wins. */
export function parsePackageJson(text: string): Parsed<Map<string, string>> {
  const problem = (message: string): Parsed<Map<string, string>> => ({
    ok: false,
    problems: [{ file: "package.json", path: "", message }],
  });
  const parsed = parseJson(text, "package.json", "the version check skipped it");
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  if (!isObject(value)) return problem("is not a JSON object; the version check skipped it");
  const ranges = new Map<string, string>();
  for (const field of DEPENDENCY_FIELDS) {
    const dependencies = value[field];
    if (!isObject(dependencies)) continue;
    for (const [name, range] of Object.entries(dependencies)) {
      if (typeof range === "string" && !ranges.has(name)) ranges.set(name, range);
    }
  }
  return { ok: true, value: ranges };
}

/** A lockfile's entries: the ranges each resolves (empty for the project's direct ones). */
type LockedVersions = Map<string, { ranges: string[]; version: string }[]>;

export function parseLockfile(name: LockfileName, text: string): Parsed<LockedVersions> {
  if (name === "package-lock.json") return parseNpmLock(text);
  if (name === "pnpm-lock.yaml") return parsePnpmLock(text);
  return { ok: true, value: parseYarnLock(text) };
}

function parseNpmLock(text: string): Parsed<LockedVersions> {
  const parsed = parseJson(text, "package-lock.json", "package.json was used instead");
  if (!parsed.ok) return parsed;
  const value = parsed.value;
  const locked: LockedVersions = new Map();
  if (!isObject(value)) return { ok: true, value: locked };
  const add = (name: string, entry: unknown) => {
    if (isObject(entry) && typeof entry.version === "string" && !locked.has(name)) {
      locked.set(name, [{ ranges: [], version: entry.version }]);
    }
  };
  // v2 and v3: `packages["node_modules/<name>"]`, the copy the project itself resolves.
  if (isObject(value.packages)) {
    for (const [path, entry] of Object.entries(value.packages)) {
      const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(path)?.[1];
      if (name !== undefined) add(name, entry);
    }
  }
  // v1: top-level `dependencies`.
  if (isObject(value.dependencies)) {
    for (const [name, entry] of Object.entries(value.dependencies)) add(name, entry);
  }
  return { ok: true, value: locked };
}

function parsePnpmLock(text: string): Parsed<LockedVersions> {
  const parsed = parseYaml(text, "pnpm-lock.yaml");
  if (!parsed.ok) return parsed;
  const locked: LockedVersions = new Map();
  const root = parsed.value;
  if (!isObject(root)) return { ok: true, value: locked };
  // A workspace (and every v9 file) lists the root project under `importers["."]`.
  const project =
    isObject(root.importers) && isObject(root.importers["."]) ? root.importers["."] : root;
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
    const dependencies = project[field];
    if (!isObject(dependencies)) continue;
    for (const [name, entry] of Object.entries(dependencies)) {
      // v6+: `{ specifier, version }`; v5: the version alone.
      const raw = isObject(entry) ? entry.version : entry;
      if (typeof raw !== "string" || locked.has(name)) continue;
      // Peer suffixes: `15.1.8(react@19.0.0)` (v6+) or `15.1.8_react@18.2.0` (v5).
      locked.set(name, [{ ranges: [], version: raw.replace(/[(_].*$/, "") }]);
    }
  }
  return { ok: true, value: locked };
}

/** yarn.lock v1 (`"next@^15.1.0":` then `  version "15.1.8"`) and berry (`next@npm:^15.1.0`, `version: 15.1.8`). */
function parseYarnLock(text: string): LockedVersions {
  const locked: LockedVersions = new Map();
  let specs: { name: string; range: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (/^[^\s#].*:$/.test(line)) {
      specs = line
        .slice(0, -1)
        .split(",")
        .map((spec) => spec.trim().replace(/^"|"$/g, ""))
        .map((spec) => {
          const at = spec.indexOf("@", 1);
          if (at === -1) return { name: "", range: "" };
          return { name: spec.slice(0, at), range: spec.slice(at + 1).replace(/^npm:/, "") };
        })
        .filter((spec) => spec.name !== "");
      continue;
    }
    const version = /^ {2}version:? "?([^"\s]+)"?\s*$/.exec(line)?.[1];
    if (version === undefined || specs.length === 0) continue;
    const names = new Set(specs.map((spec) => spec.name));
    for (const name of names) {
      const ranges = specs.filter((spec) => spec.name === name).map((spec) => spec.range);
      locked.set(name, [...(locked.get(name) ?? []), { ranges, version }]);
    }
    specs = [];
  }
  return locked;
}

/** The locked version of a dependency: the entry for its range, or the only one there is. */
function lockedVersion(locked: LockedVersions, name: string, range: string): string | null {
  const entries = locked.get(name) ?? [];
  if (entries.length === 1) return entries[0]?.version ?? null;
  return entries.find((entry) => entry.ranges.includes(range))?.version ?? null;
}

/** The distinct cited library IDs with a numeric version that stand for some npm package. */
export function citedVersions(references: readonly Reference[]): CitedVersion[] {
  const cited = new Map<string, CitedVersion>();
  for (const { libraryId, version } of references) {
    if (libraryId === null || version === null) continue;
    if (!/^\/[\w.-]+\/[\w.-]+$/.test(libraryId) || parseVersion(version) === null) continue;
    if (packagesFor(libraryId).length === 0) continue;
    cited.set(`${libraryId.toLowerCase()}@${version}`, { libraryId, version });
  }
  return [...cited.values()];
}

/** The package each cited library stands for in this package.json, when it lists one. */
function comparedPackages(cited: readonly CitedVersion[], ranges: Map<string, string>) {
  return cited.flatMap((citation) => {
    const packageName = packagesFor(citation.libraryId).find((name) => ranges.has(name));
    return packageName === undefined
      ? []
      : [{ ...citation, packageName, range: ranges.get(packageName) as string }];
  });
}

/** Whether the package.json lists a package that a citation stands for (so a lockfile matters). */
export function needsComparison(cited: readonly CitedVersion[], packageJson: string): boolean {
  const parsed = parsePackageJson(packageJson);
  return parsed.ok && comparedPackages(cited, parsed.value).length > 0;
}

export function checkVersions(
  cited: readonly CitedVersion[],
  files: PackageFiles,
): { mismatches: VersionMismatch[]; problems: Problem[] } {
  if (files.packageJson === null) return { mismatches: [], problems: [] };
  const manifest = parsePackageJson(files.packageJson);
  if (!manifest.ok) return { mismatches: [], problems: manifest.problems };
  const problems: Problem[] = [];
  let locked: LockedVersions = new Map();
  if (files.lockfile !== null) {
    const parsed = parseLockfile(files.lockfile.name, files.lockfile.text);
    if (parsed.ok) locked = parsed.value;
    else problems.push(...parsed.problems);
  }
  const mismatches: VersionMismatch[] = [];
  for (const citation of comparedPackages(cited, manifest.value)) {
    const citedVersion = parseVersion(citation.version);
    const exact = lockedVersion(locked, citation.packageName, citation.range);
    const exactVersion = exact === null ? null : parseVersion(exact);
    const projectVersion = exactVersion ?? lowestVersion(citation.range);
    if (citedVersion === null || projectVersion === null) continue;
    if (compatible(citedVersion, projectVersion)) continue;
    mismatches.push({
      libraryId: citation.libraryId,
      citedVersion: citation.version,
      packageName: citation.packageName,
      projectVersion: exactVersion === null ? citation.range : (exact as string),
      source: exactVersion === null ? "package.json" : (files.lockfile?.name as LockfileName),
      suggestion: `${citation.libraryId}/v${formatVersion(projectVersion)}`,
    });
  }
  return { mismatches, problems };
}

/** Rows of the mismatch table shown at most. */
const MAX_MISMATCH_ROWS = 20;

/**
 * The warning, in Markdown. `check`: inside a check run's summary, where it must say that
 * it does not change the check's result.
 */
export function renderVersionMismatches(
  mismatches: readonly VersionMismatch[],
  where: "comment" | "check",
): string {
  // Library IDs and cited versions passed citedVersions' pattern, so code spans are safe.
  // However many a body cites, the table stays short (a comment holds 65,536 characters).
  const rows = mismatches
    .slice(0, MAX_MISMATCH_ROWS)
    .map((mismatch) => [
      `\`${mismatch.libraryId}\``,
      `\`${mismatch.citedVersion}\``,
      `${escapeText(mismatch.packageName)} ${escapeText(mismatch.projectVersion.slice(0, 80))}`,
      mismatch.source,
      `\`${mismatch.suggestion}\``,
    ]);
  const example = mismatches[0];
  return [
    "### ⚠️ Context7 docs for another version",
    "",
    "The Context7 docs cited here are for another version than this project uses:",
    "",
    table(["library ID", "cited version", "project's version", "read from", "cite instead"], rows),
    ...(mismatches.length > MAX_MISMATCH_ROWS
      ? ["", `_… and ${mismatches.length - MAX_MISMATCH_ROWS} more citations of other versions._`]
      : []),
    "",
    `Cite the docs for the project's version${example === undefined ? "" : `, e.g. \`${example.suggestion}\``} (\`resolve-library-id\` lists the versions Context7 has), or upgrade the package if the cited version is the one you mean to use.`,
    "",
    "Versions are compatible when the major version is equal (for 0.x, the major and the minor); a range in package.json counts as its lowest version, and a lockfile's exact version wins over it.",
    ...(where === "check"
      ? ["", "_This is a warning: it does not change the result of this check._"]
      : []),
  ].join("\n");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
