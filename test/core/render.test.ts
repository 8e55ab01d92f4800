import { beforeAll, describe, expect, it } from "vitest";
import type { Config } from "../../src/core/config.js";
import type { DeveloperRecord } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { renderTeamDashboard } from "../../src/core/render/dashboard.js";
import { escapeText, withDelta } from "../../src/core/render/markdown.js";
import { renderTracker } from "../../src/core/render/tracker.js";
import { renderWeeklyReport, weeklyReportTitle } from "../../src/core/render/weekly-report.js";
import { bySeverity, type DeveloperStatus, GATES } from "../../src/core/status.js";
import { loadConfig, loadRecords } from "../../src/local/workspace.js";

let config: Config;
let records: DeveloperRecord[];
const NOW = "2026-12-01T09:00:00Z";

beforeAll(async () => {
  const loadedConfig = await loadConfig("test/fixtures/sample-team/config.yml");
  const loadedRecords = await loadRecords("test/fixtures/sample-team/records");
  if (!loadedConfig.ok || !loadedRecords.ok) throw new Error("sample team fixture does not load");
  config = loadedConfig.value;
  records = loadedRecords.value;
});

/** Every table row has as many cells as its header: a broken table shows as text on GitHub. */
function expectWellFormedTables(markdown: string) {
  const cells = (line: string) => line.replace(/\\\|/g, "").split("|").length;
  let header: number | null = null;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) {
      header = null;
      continue;
    }
    if (header === null) header = cells(line);
    else expect(cells(line), line).toBe(header);
  }
}

function developer(login: string): DeveloperStatus {
  return evaluate(config, records, NOW).developers.find(
    (d) => d.login === login,
  ) as DeveloperStatus;
}

describe("severity order", () => {
  it("puts the worse colour first, then more failed gates, more idle workdays, then login", () => {
    const base = developer("alice");
    const make = (
      login: string,
      status: DeveloperStatus["status"],
      failed: number,
      idle: number,
    ) => ({
      ...base,
      login,
      status,
      idleWorkdays: idle,
      gates: Object.fromEntries(
        GATES.map((name, index) => [
          name,
          { ...base.gates[name], state: index < failed ? "failed" : "passed" },
        ]),
      ) as DeveloperStatus["gates"],
    });
    const developers = [
      make("amy", "yellow", 0, 2),
      make("bob", "red", 1, 0),
      make("cid", "critical", 2, 0),
      make("dan", "red", 1, 4),
      make("eve", "red", 1, 4),
      make("fay", "critical", 0, 6),
    ];
    expect([...developers].sort(bySeverity).map((d) => d.login)).toEqual([
      "cid",
      "fay",
      "dan",
      "eve",
      "bob",
      "amy",
    ]);
  });
});

describe("team dashboard", () => {
  it("lists who needs attention first, every developer, and a status chart", () => {
    const markdown = renderTeamDashboard(evaluate(config, records, NOW), config);
    expectWellFormedTables(markdown);
    expect(markdown).toContain("As of 2026-12-01 (Europe/Berlin)");
    expect(markdown).toContain("| Certified | 0 of 4 (0%) |");
    expect(markdown).toContain("| Adoption, last 5 workdays (target 80%) | 75% ⚠️ |");
    const attention = markdown.slice(
      markdown.indexOf("## Needs attention"),
      markdown.indexOf("## Developers"),
    );
    expect(attention).toContain("[Dave Okafor](./dave.md)** 🚨 Critical");
    expect(attention).toContain("[Carol Nowak](./carol.md)** 🔴 Intervention Required");
    expect(attention).not.toContain("alice");
    expect(attention.indexOf("dave.md")).toBeLessThan(attention.indexOf("carol.md"));
    expect(markdown).toMatch(
      /\| \[Alice Schmidt\]\(\.\/alice\.md\) \| backend \| 9 \| 🟢 On Track \| ✅ \| ✅ \| ✅ \| ⏳ \| 92 \| 3\/3 \| 3 \| 100% \| 0 \| 2026-12-01 \|/,
    );
    expect(markdown).toContain("| starts 2026-12-07 | not started |");
    expect(markdown).toContain(
      '```mermaid\npie showData title Developers by status\n    "On Track" : 1',
    );
  });

  it("draws no chart before anyone has started", () => {
    const markdown = renderTeamDashboard(evaluate(config, [], "2026-11-20T09:00:00Z"), config);
    expect(markdown).not.toContain("```mermaid");
    expectWellFormedTables(markdown);
  });
});

describe("tracker", () => {
  it("ticks what the evidence shows and leaves self-reported items open", () => {
    const markdown = renderTracker(developer("alice"), config);
    expectWellFormedTables(markdown);
    expect(markdown).toContain("**Target Completion**: 2026-12-06");
    expect(markdown).toContain("- [x] Knowledge check completed (Score: 92/100, needs 85)");
    expect(markdown).toContain("- [ ] Training guide read and acknowledged _(self-reported)_");
    expect(markdown).toContain(
      "- [x] `backend-2`: WebSocket Production Patterns — passed 2026-11-26",
    );
    expect(markdown).toContain("- [x] Code review participation with Context7 references (3 of 3)");
    expect(markdown).toContain(
      "- [ ] Final competency assessment passed (Score: __/100, needs 85)",
    );
    expect(markdown).toContain(
      "| Gate 3: Integration Consistency | ✅ passed | 2026-12-06 | 2026-11-30 | — |",
    );
    expect(markdown).toContain("**🟢 On Track**");
  });

  it("shows a full-stack developer's choices, failed attempts and the used-up retest", () => {
    const markdown = renderTracker(developer("dave"), config);
    expect(markdown).toContain("- [ ] Any 2 of `backend-*` (0 of 2 passed)");
    expect(markdown).toContain(
      "  - [ ] `backend-1`: Hathora SDK Advanced Features — 2 failed attempts, retest used up",
    );
    expect(markdown).toContain("- [ ] `fullstack-e2e`: End-to-End Integration");
    expect(markdown).toContain("**🚨 Critical**\n- Gate 2 (Practical Application) failed");
  });
});

describe("weekly report", () => {
  const friday = "2026-11-27T16:00:00Z";

  function report(now: string, extra: DeveloperRecord[] = []) {
    const all = [...records, ...extra];
    return renderWeeklyReport({
      config,
      status: evaluate(config, all, now),
      previous: evaluate(config, all, Date.parse(now) - 7 * 86_400_000),
      records: all,
      weekStart: "2026-11-23",
      weekEnd: "2026-11-29",
    });
  }

  it("names the ISO week", () => {
    expect(weeklyReportTitle("2026-11-23", "2026-11-29")).toBe(
      "Context7 weekly report — 2026-W48 (2026-11-23 to 2026-11-29)",
    );
    expect(weeklyReportTitle("2026-12-28", "2027-01-03")).toBe(
      "Context7 weekly report — 2026-W53 (2026-12-28 to 2027-01-03)",
    );
    expect(weeklyReportTitle("2027-01-04", "2027-01-10")).toBe(
      "Context7 weekly report — 2027-W01 (2027-01-04 to 2027-01-10)",
    );
  });

  it("covers progress, team metrics, a usage chart, sharing and reviews for the week", () => {
    const markdown = report(friday);
    expectWellFormedTables(markdown);
    expect(markdown).toContain("| Alice Schmidt | 🟢 On Track (new) | 2/4 | 3/3 | 5 | 100% | 92 |");
    expect(markdown).toContain("```mermaid\nxychart-beta");
    expect(markdown).toContain(
      'x-axis ["mon 11-23", "tue 11-24", "wed 11-25", "thu 11-26", "fri 11-27"]',
    );
    expect(markdown).toContain("bar [4, 4, 4, 2, 1]");
    expect(markdown).toContain(
      "`alice` shared a discovery: [query-docs with a narrow topic beats a broad one](https://github.com/acme/context7-training/discussions/",
    );
    expect(markdown).toMatch(/3 reviews:\n\n- 2026-11-24 · `alice` reviewed \[acme\/game#480\]/);
    expect(markdown).toContain("## Escalations");
  });

  it("shows the change since last week", () => {
    const markdown = report("2026-12-04T16:00:00Z");
    expect(markdown).toMatch(/\| Average knowledge score \| 87\.5 \| 87\.5 \(=\) \|/);
  });

  it("escapes what users wrote", () => {
    const hostile: DeveloperRecord = {
      version: 1,
      login: "bob",
      evidence: [
        {
          id: "s-1",
          kind: "shared",
          at: "2026-11-26T10:00:00Z",
          note: "| @everyone <script>x</script>",
          by: "dev-manager",
        },
      ],
    };
    const markdown = report(friday, [hostile]);
    expect(markdown).toContain(
      "shared at standup: \\| @\u2060everyone &lt;script&gt;x&lt;/script&gt;",
    );
    expect(markdown).not.toContain("<script>");
  });

  it("draws no chart in a week without usage", () => {
    expect(report("2026-11-20T16:00:00Z")).not.toContain("```mermaid");
  });
});

describe("markdown helpers", () => {
  it("formats changes with arrows and escapes cells", () => {
    expect(withDelta(0.85, 0.75)).toBe("0.85 (▲ +0.1)");
    expect(withDelta(3, 4)).toBe("3 (▼ −1)");
    expect(withDelta(null, 4)).toBe("—");
    expect(escapeText("a|b\nc")).toBe("a\\|b c");
  });
});
