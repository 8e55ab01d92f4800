/** The App on a loopback stand-in for GitHub, with a fresh records folder, for tests. */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../../src/core/config.js";
import type { DeveloperRecord } from "../../src/core/evidence.js";
import { parseRecord } from "../../src/core/records.js";
import { type OfflineApp, startOfflineApp } from "../../src/local/replay.js";

export const SAMPLE_CONFIG = readFileSync("test/fixtures/sample-team/config.yml", "utf8");

export interface Harness extends OfflineApp {
  dir: string;
  record(login: string): DeveloperRecord | null;
  files(): string[];
}

export async function startHarness(
  configText = SAMPLE_CONFIG,
  trainingRepo = "acme/context7-training",
  env: Readonly<Record<string, string | undefined>> = {},
  /** Another harness's records folder: a second App instance writing the same records. */
  sharedDir?: string,
): Promise<Harness> {
  const parsed = parseConfig(configText);
  const config = parsed.ok
    ? parsed.value
    : // A broken config still needs a training repo for the stand-in to serve it from.
      (parseConfig(`trainingRepo: ${trainingRepo}\n`) as { ok: true; value: never }).value;
  const dir = sharedDir ?? mkdtempSync(join(tmpdir(), "c7-records-"));
  const app = await startOfflineApp({
    config,
    configText,
    recordsDir: dir,
    logLevel: "silent",
    env,
  });
  return {
    ...app,
    dir,
    files: () => readdirSync(dir).sort(),
    record(login) {
      let text: string;
      try {
        text = readFileSync(join(dir, `${login}.yml`), "utf8");
      } catch {
        return null;
      }
      const result = parseRecord(text, `records/${login}.yml`);
      if (!result.ok) throw new Error(`invalid record written for ${login}`);
      return result.value;
    },
  };
}

/** A reply's text without the hidden marker the App ends it with (follow-ups.ts). */
export function replyText(body: string | undefined): string | undefined {
  return body?.replace(/\n\n<!-- context7-training:reply \{[^\n]*\} -->$/, "");
}
