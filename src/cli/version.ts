/**
 * The version of this package, read from the nearest package.json named
 * `context7-training` above this module: the same code runs from src/ (tsx), dist/ (tsc)
 * and release/ (the bundle), each at a different depth.
 */
import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const PACKAGE_NAME = "context7-training";

export async function packageVersion(from: string = import.meta.url): Promise<string> {
  let folder = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = await readManifest(join(folder, "package.json"));
    if (manifest?.name === PACKAGE_NAME && typeof manifest.version === "string") {
      return manifest.version;
    }
    const parent = dirname(folder);
    if (parent === folder) return "unknown";
    folder = parent;
  }
}

async function readManifest(path: string): Promise<{ name?: unknown; version?: unknown } | null> {
  try {
    return JSON.parse(await readFile(path, "utf8")) as { name?: unknown; version?: unknown };
  } catch {
    return null;
  }
}
