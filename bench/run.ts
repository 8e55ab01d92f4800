/**
 * `npm run bench`: the figures docs/benchmarks.md quotes, printed as one Markdown table.
 * Timings are medians of several runs on this machine; memory is the process's peak RSS.
 */
import { cpus, totalmem } from "node:os";
import { performance } from "node:perf_hooks";
import { configSchema, resolveConfig } from "../src/core/config.js";
import { detect } from "../src/core/detect.js";
import type { DeveloperRecord, Evidence } from "../src/core/evidence.js";
import { evaluate } from "../src/core/gates.js";
import { scheduledRunCalls } from "./action-calls.js";
import { apiCallsPerEvent } from "./api-calls.js";
import { coalescingBurst } from "./coalescing.js";

interface Row {
  measure: string;
  input: string;
  result: string;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

function timeIt(runs: number, work: () => unknown): number {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    work();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** About 1 MB of review text with a Context7 reference every few lines. */
function realisticBody(bytes: number): string {
  const paragraphs = [
    'Looked this up with query-docs: /vercel/next.js/v15.1.8, topic: "caching" before changing the fetch call.\n',
    "The reconnect logic in src/net/socket.ts retries forever; see /api/v1/users for the failing endpoint.\n",
    "Per https://context7.com/websockets/ws/llms.txt?topic=production-patterns we should add a heartbeat.\n",
    "Refactored the reducer, added tests for the edge cases, and renamed the helper for clarity.\n",
    'mcp__context7__resolve-library-id: "react" then get-library-docs "/facebook/react" topic: "hooks"\n',
    "Nothing to add here; LGTM once CI is green. use context7 next time for the Playwright config.\n",
  ];
  let body = "";
  for (let i = 0; body.length < bytes; i++) body += paragraphs[i % paragraphs.length];
  return body.slice(0, bytes);
}

/** Inputs shaped to trip backtracking or to pack references as densely as possible. */
const ADVERSARIAL: Record<string, (bytes: number) => string> = {
  "dense tool names": (bytes) => "query-docs ".repeat(bytes / 11),
  "dense word cue + IDs": (bytes) => "context7 /a/b ".repeat(bytes / 14),
  "path runs": (bytes) => "/a".repeat(bytes / 2),
  "prefix runs": (bytes) => "mcp__".repeat(bytes / 5),
  "open calls": (bytes) => `query-docs(${"x".repeat(300)}\n`.repeat(bytes / 312),
};

function benchDetect(rows: Row[]) {
  const megabyte = 1024 * 1024;
  const body = realisticBody(megabyte);
  let found = 0;
  const realistic = timeIt(7, () => {
    found = detect(body).length;
  });
  rows.push({
    measure: "detect",
    input: "1 MB realistic review text",
    result: `${realistic.toFixed(1)} ms (${(1000 / realistic).toFixed(0)} MB/s), ${found} references`,
  });
  let worst = { name: "", ms: 0 };
  for (const [name, make] of Object.entries(ADVERSARIAL)) {
    const text = make(megabyte);
    const ms = timeIt(3, () => detect(text));
    if (ms > worst.ms) worst = { name, ms };
  }
  rows.push({
    measure: "detect",
    input: `1 MB adversarial body, worst of ${Object.keys(ADVERSARIAL).length} (${worst.name})`,
    result: `${worst.ms.toFixed(1)} ms`,
  });
  const perMegabyte = [1, 4].map((size) => {
    const text = realisticBody(size * megabyte);
    detect(text); // the first pass flattens the string and warms the JIT
    return timeIt(7, () => detect(text)) / size;
  });
  rows.push({
    measure: "detect scaling",
    input: "1 MB and 4 MB realistic text",
    result: perMegabyte.map((ms) => `${ms.toFixed(1)} ms/MB`).join(" and "),
  });
}

const KINDS = 200;

function syntheticProgram(developers: number, evidencePerDeveloper: number) {
  const roster = Array.from({ length: developers }, (_, i) => ({
    login: `dev-${i}`,
    role: (["backend", "frontend", "fullstack", "qa"] as const)[i % 4],
    start: "2026-11-23",
  }));
  const config = resolveConfig(
    configSchema.parse({
      trainingRepo: "acme/context7-training",
      timezone: "Europe/Berlin",
      roster,
    }),
  );
  const records: DeveloperRecord[] = roster.map((entry, i) => {
    const evidence: Evidence[] = [];
    for (let k = 0; k < evidencePerDeveloper; k++) {
      const day = 23 + ((k * 7 + i) % 14);
      const date = day <= 30 ? `2026-11-${day}` : `2026-12-0${day - 30}`;
      const at = `${date}T${String(8 + (k % 10)).padStart(2, "0")}:${String(k % 60).padStart(2, "0")}:00Z`;
      const id = `e-${i}-${k}`;
      if (k % 20 === 0)
        evidence.push({ id, kind: "review-reference", at, repo: "acme/game", pr: k + 1 });
      else if (k % 50 === 1)
        evidence.push({ id, kind: "knowledge-score", at, score: 80 + (k % 20), by: "boss" });
      else if (k % 40 === 2)
        evidence.push({
          id,
          kind: "exercise-merged",
          at,
          exercise: `backend-${(k % 3) + 1}`,
          repo: "acme/t",
          pr: k,
        });
      else if (k % 40 === 3)
        evidence.push({
          id,
          kind: "exercise-approval",
          at,
          exercise: `backend-${(k % 3) + 1}`,
          repo: "acme/t",
          pr: k - 1,
          by: "boss",
        });
      else evidence.push({ id, kind: "usage", at, source: "review" });
    }
    return { version: 1, login: entry.login, evidence };
  });
  return { config, records };
}

function benchEvaluate(rows: Row[]) {
  const developers = 10_000;
  const { config, records } = syntheticProgram(developers, KINDS);
  let counts = "";
  const heapBefore = process.memoryUsage().heapUsed;
  const ms = timeIt(3, () => {
    const { statusCounts } = evaluate(config, records, "2026-12-04T12:00:00Z").team;
    counts = Object.entries(statusCounts)
      .map(([colour, count]) => `${count} ${colour}`)
      .join(", ");
  });
  const heapGrowth = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
  rows.push({
    measure: "evaluate",
    input: `${developers.toLocaleString("en")} developers × ${KINDS} evidence items`,
    result: `${ms.toFixed(0)} ms (${((ms * 1000) / developers).toFixed(0)} µs per developer); ${counts}; heap +${heapGrowth.toFixed(0)} MiB`,
  });
}

const rows: Row[] = [];
benchDetect(rows);
benchEvaluate(rows);
for (const { event, reads, writes } of await apiCallsPerEvent()) {
  rows.push({ measure: "App API calls", input: event, result: `${reads} reads, ${writes} writes` });
}
for (const row of await coalescingBurst()) {
  rows.push({
    measure: `write coalescing, ${row.mode}`,
    input: "200 deliveries in 10 s, 5 developers, 100 ms API latency",
    result: `per 100 events: ${row.commitsPer100} commits, ${row.createsPer100} content-creating requests, ${row.callsPer100} API calls; delivery answered in p50 ${row.p50} ms, p95 ${row.p95} ms, max ${row.max} ms; ${row.factsKept} of 200 facts kept`,
  });
}
for (const trackerIssues of [false, true]) {
  for (const { run, calls, changes } of await scheduledRunCalls(trackerIssues)) {
    rows.push({
      measure: `Action API calls, 1,000 developers, ${trackerIssues ? "tracker issues on (100 writes a run)" : "tracker issues off"}`,
      input: run,
      result: `${calls} calls for ${changes} changes (${trackerIssues ? "escalations, tracker issues" : "escalations"}, plus one dashboard commit)`,
    });
  }
}
rows.push({
  measure: "peak memory",
  input: "whole benchmark process",
  result: `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB RSS`,
});

const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `Machine: ${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}\n`,
);
console.log("| measure | input | result |\n| --- | --- | --- |");
for (const row of rows) console.log(`| ${row.measure} | ${row.input} | ${row.result} |`);
