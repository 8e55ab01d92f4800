/**
 * Reads a PR's package.json and lockfile at its head sha for the version check, in as few
 * calls as it can: none when no citation has a version; package.json (1 call, a 404 means
 * none); only when it lists a cited package, the root listing (1 call) and the first
 * lockfile it shows (1 call). At most 3 calls.
 *
 * Files are requested raw: the Contents API leaves `content` empty over 1 MB, which big
 * lockfiles are, while the raw media type serves up to 100 MB.
 */
import type { Reference } from "../core/detect.js";
import type { Problem } from "../core/problems.js";
import {
  type CitedVersion,
  checkVersions,
  citedVersions,
  LOCKFILES,
  type LockfileName,
  needsComparison,
  type PackageFiles,
  type VersionMismatch,
} from "../core/versions.js";
import { decode, httpStatus } from "./http.js";
import type { RepoRef } from "./record-store.js";

/** The one Contents API call used; `octokit.rest.repos` fits. */
interface PackageContentsApi {
  getContent(params: {
    owner: string;
    repo: string;
    path: string;
    ref: string;
    mediaType?: { format: string };
  }): Promise<{ data: unknown }>;
}

export async function readPackageFiles(
  api: PackageContentsApi,
  target: RepoRef,
  ref: string,
  cited: readonly CitedVersion[],
): Promise<PackageFiles> {
  const packageJson = await readText(api, target, ref, "package.json");
  if (packageJson === null || !needsComparison(cited, packageJson)) {
    return { packageJson, lockfile: null };
  }
  const listing = await read(api, { ...target, path: "", ref });
  const names = new Set(
    Array.isArray(listing) ? listing.map((entry: { name?: unknown }) => entry.name) : [],
  );
  const name = LOCKFILES.find((candidate) => names.has(candidate));
  if (name === undefined) return { packageJson, lockfile: null };
  const text = await readText(api, target, ref, name);
  return { packageJson, lockfile: text === null ? null : { name: name as LockfileName, text } };
}

/** The mismatches between what `references` cite and the repo at `ref`; no call without a version. */
export async function findVersionMismatches(
  api: PackageContentsApi,
  target: RepoRef,
  ref: string,
  references: readonly Reference[],
): Promise<{ mismatches: VersionMismatch[]; problems: Problem[] }> {
  const cited = citedVersions(references);
  if (cited.length === 0) return { mismatches: [], problems: [] };
  return checkVersions(cited, await readPackageFiles(api, target, ref, cited));
}

async function readText(
  api: PackageContentsApi,
  target: RepoRef,
  ref: string,
  path: string,
): Promise<string | null> {
  const data = await read(api, { ...target, path, ref, mediaType: { format: "raw" } });
  return data === null ? null : decode(data);
}

async function read(
  api: PackageContentsApi,
  params: Parameters<PackageContentsApi["getContent"]>[0],
): Promise<unknown> {
  try {
    return (await api.getContent(params)).data;
  } catch (error) {
    if (httpStatus(error) === 404) return null;
    throw error;
  }
}
