import { describe, expect, it } from "vitest";
import { detect } from "../../src/core/detect.js";
import type { EvidenceOf, UsageKind } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { TOP_LIBRARIES } from "../../src/core/kpis/coverage.js";
import { computeKpis } from "../../src/core/kpis.js";
import { parseRecord, serializeRecord } from "../../src/core/records.js";
import { renderTeamDashboard } from "../../src/core/render/dashboard.js";
import { renderWeeklyReport } from "../../src/core/render/weekly-report.js";
import { usageKindsOf } from "../../src/core/usage-kinds.js";
import { at, makeConfig, record, usage } from "../support/builders.js";

const config = makeConfig({
  roster: [
    { login: "alice", role: "backend", start: "2026-11-23" },
    { login: "bob", role: "frontend", start: "2026-11-23" },
  ],
});
const NOW = "2026-12-02T12:00:00Z";

function use(
  date: string,
  referenceKinds: UsageKind[] | undefined,
  libraries: string[] = [],
): EvidenceOf<"usage"> {
  return {
    ...usage(date),
    ...(referenceKinds === undefined ? {} : { referenceKinds }),
    ...(libraries.length === 0 ? {} : { libraries }),
  };
}

describe("usage kinds", () => {
  it("names each reference's kind once, tool calls by what they do", () => {
    const text = [
      'resolve-library-id "react"',
      'query-docs "/facebook/react" topic: "hooks"',
      "get-library-docs /vercel/next.js",
      "context7CompatibleLibraryID: /vercel/next.js",
      "use context7, see https://context7.com/c/d",
      "ctx7 docs /a/b x",
      "Context7-Used: query-docs /e/f",
    ].join("\n");
    expect(usageKindsOf(detect(text))).toEqual([
      "library-resolution",
      "docs-query",
      "url",
      "phrase",
      "cli",
      "trailer",
    ]);
    expect(usageKindsOf(detect("Context7 /facebook/react"))).toEqual(["library-id"]);
  });

  it("reads usage recorded before kinds were kept, keeps kinds on a round trip, and names a bad kind", () => {
    const old = use("2026-11-24", undefined);
    const kinded = use("2026-11-25", ["docs-query", "trailer"]);
    const text = serializeRecord(record("alice", [old, kinded]));
    const parsed = parseRecord(text, "records/alice.yml");
    expect(parsed.ok && parsed.value.evidence).toEqual([old, kinded]);
    const bad = parseRecord(text.replace("- docs-query", "- telepathy"), "records/alice.yml");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0]?.path).toMatch(/^evidence\[1\]\.referenceKinds\[0\]/);
  });

  it("counts each developer's and the team's uses by kind, older usage as unclassified", () => {
    const records = [
      record("alice", [
        use("2026-11-24", ["docs-query", "trailer"]),
        use("2026-11-25", ["trailer"]),
        use("2026-11-26", undefined),
        // Before Day 1 the usage is not counted.
        use("2026-11-20", ["url"]),
      ]),
      record("bob", [use("2026-11-24", ["phrase"])]),
    ];
    const report = computeKpis(config, records, NOW);
    const alice = report.developers.find((developer) => developer.login === "alice");
    expect(alice?.usageByKind).toMatchObject({
      "docs-query": 1,
      trailer: 2,
      unclassified: 1,
      url: 0,
    });
    expect(report.usageByKind).toMatchObject({
      "docs-query": 1,
      trailer: 2,
      phrase: 1,
      unclassified: 1,
    });
    const dashboard = renderTeamDashboard(evaluate(config, records, NOW), config, report);
    expect(dashboard).toContain("## Context7 usage by kind");
    expect(dashboard).toMatch(/\| alice \| 0 \| 1 \| 0 \| 0 \| 0 \| 2 \| 0 \| 1 \|/);
    expect(dashboard).toMatch(/\| \*\*team\*\* \| 0 \| 1 \| 0 \| 1 \| 0 \| 2 \| 0 \| 1 \|/);
    const anonymous = makeConfig({
      roster: config.roster,
      privacy: { teamFiguresOnly: true },
    });
    const teamOnly = renderTeamDashboard(
      evaluate(anonymous, records, NOW),
      anonymous,
      computeKpis(anonymous, records, NOW),
    );
    expect(teamOnly).toContain("| **team** |");
    expect(teamOnly).not.toMatch(/\| alice \|/);
  });

  it("leaves the section out before any use", () => {
    const records = [record("alice", [])];
    const dashboard = renderTeamDashboard(
      evaluate(config, records, NOW),
      config,
      computeKpis(config, records, NOW),
    );
    expect(dashboard).not.toContain("usage by kind");
    expect(dashboard).not.toContain("Libraries looked up");
  });
});

describe("library coverage", () => {
  it("ranks the libraries named per week by uses, ties by ID, keeping the top ten", () => {
    const many = Array.from(
      { length: TOP_LIBRARIES + 2 },
      (_, index) => `/lib/n${String(index).padStart(2, "0")}`,
    );
    const records = [
      record("alice", [
        use("2026-11-24", ["docs-query"], ["/vercel/next.js", "/facebook/react"]),
        use("2026-11-25", ["trailer"], ["/vercel/next.js"]),
        use("2026-12-01", ["trailer"], many),
      ]),
      record("bob", [use("2026-11-26", ["docs-query"], ["/vercel/next.js", "/zod/zod"])]),
    ];
    const report = computeKpis(config, records, NOW);
    expect(report.libraryCoverage.map((week) => week.weekStart)).toEqual([
      "2026-11-23",
      "2026-11-30",
    ]);
    expect(report.libraryCoverage[0]).toEqual({
      weekStart: "2026-11-23",
      distinct: 3,
      top: [
        { libraryId: "/vercel/next.js", uses: 3 },
        { libraryId: "/facebook/react", uses: 1 },
        { libraryId: "/zod/zod", uses: 1 },
      ],
    });
    expect(report.libraryCoverage[1]?.top).toHaveLength(TOP_LIBRARIES);
    expect(report.libraryCoverage[1]?.distinct).toBe(TOP_LIBRARIES + 2);
    expect(report.libraryCoverage[1]?.top.at(-1)?.libraryId).toBe("/lib/n09");

    const status = evaluate(config, records, at("2026-11-27", "18:00:00"));
    const weekly = renderWeeklyReport({
      config,
      status,
      previous: evaluate(config, records, at("2026-11-20", "18:00:00")),
      records,
      weekStart: "2026-11-23",
      weekEnd: "2026-11-29",
    });
    expect(weekly).toContain("## Libraries looked up this week");
    expect(weekly).toContain("3 distinct libraries named in the week of 2026-11-23");
    expect(weekly).toContain("| `/vercel/next.js` | 3 |");
    const dashboard = renderTeamDashboard(evaluate(config, records, NOW), config, report);
    expect(dashboard).toContain("12 distinct libraries named in the week of 2026-11-30");
  });

  it("escapes a library ID edited by hand into a record", () => {
    const records = [record("alice", [use("2026-11-24", ["docs-query"], ["/a/b|<script>"])])];
    const status = evaluate(config, records, at("2026-11-27", "18:00:00"));
    const weekly = renderWeeklyReport({
      config,
      status,
      previous: status,
      records,
      weekStart: "2026-11-23",
      weekEnd: "2026-11-29",
    });
    expect(weekly).toContain("| `/a/b\\|&lt;script&gt;` | 1 |");
  });
});
