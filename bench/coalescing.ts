/**
 * Write coalescing under a burst: 200 relevant deliveries in 10 s for one training repo
 * (issue comments citing Context7 by five developers, one every 50 ms), with 100 ms of
 * simulated latency on every API call, through the App's real handlers on the loopback
 * stand-in. Measured with coalescing on and off: commits and content-creating requests per
 * 100 events, and the time each delivery took to be answered.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseConfig } from "../src/core/config.js";
import { startOfflineApp } from "../src/local/replay.js";
import { loadRecords } from "../src/local/workspace.js";
import { issueCommentEvent } from "../test/support/webhooks.js";

const DELIVERIES = 200;
const SPACING_MS = 50;
const LATENCY_MS = 100;
const DEVELOPERS = ["alice", "bob", "carol", "dave", "erin"];

export interface CoalescingRow {
  mode: string;
  commitsPer100: number;
  createsPer100: number;
  callsPer100: number;
  p50: number;
  p95: number;
  max: number;
  factsKept: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

async function burst(coalesce: boolean): Promise<CoalescingRow> {
  const configText = readFileSync("test/fixtures/sample-team/config.yml", "utf8");
  const parsed = parseConfig(configText);
  if (!parsed.ok) throw new Error("sample config does not parse");
  const recordsDir = mkdtempSync(join(tmpdir(), "c7-bench-burst-"));
  const app = await startOfflineApp({
    config: parsed.value,
    configText,
    recordsDir,
    logLevel: "silent",
    latencyMs: LATENCY_MS,
    coalesce,
  });
  try {
    // Warm the config cache, as a running App has it.
    await app.receive(
      issueCommentEvent({
        author: "erin",
        repo: "acme/game",
        body: "use context7",
        at: "2026-11-24T09:00:00Z",
        commentId: 1,
      }),
    );
    const before = app.standIn.requests.length;
    const commitsBefore = app.standIn.commits;
    const times: number[] = [];
    const deliveries: Promise<void>[] = [];
    for (let i = 0; i < DELIVERIES; i++) {
      const event = issueCommentEvent({
        author: DEVELOPERS[i % DEVELOPERS.length] as string,
        repo: "acme/game",
        body: `Per query-docs "/facebook/react" topic: "hooks" (${i})`,
        at: "2026-11-24T10:00:00Z",
        commentId: 1000 + i,
      });
      const started = performance.now();
      deliveries.push(app.receive(event).then(() => void times.push(performance.now() - started)));
      await new Promise((resolve) => setTimeout(resolve, SPACING_MS));
    }
    await Promise.all(deliveries);
    const requests = app.standIn.requests.slice(before);
    const commits = app.standIn.commits - commitsBefore;
    const creates = requests.filter((r) => r.method !== "GET").length;
    const records = await loadRecords(recordsDir);
    if (!records.ok) throw new Error("the burst wrote invalid records");
    const factsKept = records.value.reduce((sum, record) => sum + record.evidence.length, 0) - 1;
    times.sort((a, b) => a - b);
    return {
      mode: coalesce ? "coalescing on" : "coalescing off",
      commitsPer100: Math.round((commits / DELIVERIES) * 100),
      createsPer100: Math.round((creates / DELIVERIES) * 100),
      callsPer100: Math.round((requests.length / DELIVERIES) * 100),
      p50: Math.round(percentile(times, 50)),
      p95: Math.round(percentile(times, 95)),
      max: Math.round(times.at(-1) as number),
      factsKept,
    };
  } finally {
    await app.stop();
  }
}

export async function coalescingBurst(): Promise<CoalescingRow[]> {
  return [await burst(true), await burst(false)];
}
