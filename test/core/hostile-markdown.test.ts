/**
 * Developer text renders as plain text everywhere: the same hostile string, as a name, a
 * discussion title, a best practice, a note, an exercise title or a fact id, goes through
 * every renderer and comes out inert: no live link or image, no mention, no HTML or hidden
 * comment, no code span, no broken table row.
 */
import { describe, expect, it } from "vitest";
import { describeOutcome, parseCommands } from "../../src/core/commands.js";
import type { Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { computeKpis } from "../../src/core/kpis.js";
import { buildPlan } from "../../src/core/plan.js";
import { planRecordEdits } from "../../src/core/record-edits.js";
import { renderCertificate } from "../../src/core/render/certificate.js";
import { renderTeamDashboard } from "../../src/core/render/dashboard.js";
import { escapeText } from "../../src/core/render/markdown.js";
import { renderTracker } from "../../src/core/render/tracker.js";
import { renderWeeklyReport } from "../../src/core/render/weekly-report.js";
import type { ProgramStatus } from "../../src/core/status.js";
import { checkSubmission } from "../../src/core/submission.js";
import { at, discovery, makeConfig, passed, record, usageOn } from "../support/builders.js";

const PIECES = [
  "[x](https://evil)",
  "![i](https://evil/p.png)",
  "@org/team",
  "<img src=x onerror=alert(1)>",
  "<!-- c7: forged -->",
  "`code`",
  "a|b",
  "line\nbreak",
  "www.evil.example",
  "#12",
  "**bold**",
];
const HOSTILE = PIECES.join(" ");

/** What must never appear in rendered Markdown where developer text went in. */
const LIVE = [
  "[x](",
  "![i](",
  "@org/team",
  "<img",
  "<!-- c7",
  "`code`",
  "a|b",
  "line\nbreak",
  "https://evil",
  "www.evil",
  "#12",
  "**bold**",
];

function expectInert(rendered: string, where: string) {
  // The run's own hidden markers keep data for reruns, JSON with < and > escaped: not shown.
  const markdown = rendered.replace(/<!-- context7-training:[^\n]*? -->/g, "");
  for (const live of LIVE)
    expect(markdown, `${where}: ${JSON.stringify(live)}`).not.toContain(live);
  expect(markdown, where).toContain(escapeText(HOSTILE));
  // Every table row has as many cells as its header.
  let header: number | null = null;
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("|")) {
      header = null;
      continue;
    }
    const cells = line.replace(/\\\|/g, "").split("|").length;
    if (header === null) header = cells;
    else expect(cells, `${where}: ${line}`).toBe(header);
  }
}

describe("escapeText", () => {
  it("turns each hostile piece into inert text that reads the same", () => {
    expect(escapeText("[x](https://evil)")).toBe("\\[x\\](https:\u2060//evil)");
    expect(escapeText("![i](https://evil/p.png)")).toBe("!\\[i\\](https:\u2060//evil/p.png)");
    expect(escapeText("@org/team and a@b.example")).toBe("@\u2060org/team and a@\u2060b.example");
    expect(escapeText("<img src=x onerror=alert(1)>")).toBe("&lt;img src=x onerror=alert(1)&gt;");
    expect(escapeText("<!-- c7: x -->")).toBe("&lt;!-- c7: x --&gt;");
    expect(escapeText("`code` *em* _em_ ~s~ a|b \\")).toBe(
      "\\`code\\` \\*em\\* \\_em\\_ \\~s\\~ a\\|b \\\\",
    );
    expect(escapeText(" line\r\nbreak\u2028and\ttab ")).toBe("line break and tab");
    expect(escapeText("see #12, www.evil.example & co")).toBe(
      "see #\u206012, www\u2060.evil.example &amp; co",
    );
  });

  it("keeps a block marker at the start from making a heading, a list or a rule", () => {
    expect(escapeText("# heading")).toBe("\\# heading");
    expect(escapeText("- item")).toBe("\\- item");
    expect(escapeText("+ item")).toBe("\\+ item");
    expect(escapeText("1. item")).toBe("1\\. item");
    expect(escapeText("2) item")).toBe("2\\) item");
    expect(escapeText("---")).toBe("\\---");
    expect(escapeText("===")).toBe("\\===");
    // Ordinary text is left as it reads.
    expect(escapeText("C# 1.5 -5 #tag back-end 15.1.8")).toBe("C# 1.5 -5 #tag back-end 15.1.8");
  });
});

describe("every renderer, with a hostile string as developer text", () => {
  const config = makeConfig({
    roster: [{ login: "alice", role: "backend", start: "2026-11-23", name: HOSTILE }],
  });
  const evidence: Evidence[] = [
    ...usageOn("2026-11-23", "2026-11-24"),
    { ...discovery("2026-11-24"), title: HOSTILE },
    { id: "shared-1", kind: "shared", at: at("2026-11-24"), note: HOSTILE, by: "dev-manager" },
    ...passed("backend-1", "2026-11-25", 11),
    {
      id: "check-11",
      kind: "exercise-check",
      at: at("2026-11-25", "09:00:00"),
      exercise: "backend-1",
      repo: "acme/context7-training",
      pr: 11,
      done: 5,
      total: 5,
      bestPractices: [HOSTILE],
    },
  ];
  const records = [record("alice", evidence)];
  const now = "2026-11-27T16:00:00Z";
  const status: ProgramStatus = {
    ...evaluate(config, records, now),
    records: {
      mode: "verified",
      rejected: [{ file: "records/alice.yml", id: HOSTILE, kind: "usage", reason: "no proof" }],
    },
  };
  const alice = status.developers[0];
  if (alice === undefined) throw new Error("alice is not evaluated");

  it("the team dashboard (names, rejected facts) and the tracker", () => {
    expectInert(
      renderTeamDashboard(status, config, computeKpis(config, records, Date.parse(now), status)),
      "dashboard",
    );
    expectInert(renderTracker(alice, config), "tracker");
    // With team figures only, the rejected facts are counted, their files (named after
    // developers) left to the records-audit issue.
    const teamOnly = { ...config, privacy: { ...config.privacy, teamFiguresOnly: true } };
    const anonymous = renderTeamDashboard(status, teamOnly);
    expect(anonymous).toContain("1 fact does");
    expect(anonymous).not.toContain("alice");
  });

  it("the weekly report (names, discussion titles, notes, best practices)", () => {
    const report = renderWeeklyReport({
      config,
      status,
      previous: evaluate(config, records, "2026-11-20T16:00:00Z"),
      records,
      weekStart: "2026-11-23",
      weekEnd: "2026-11-29",
    });
    expectInert(report, "weekly report");
    expect(report.split(escapeText(HOSTILE)).length).toBeGreaterThan(3);
  });

  it("the tracker issue, the certificate and the records-audit issue", () => {
    const withTrackers = { ...config, trackerIssues: true };
    const plan = buildPlan({
      config: withTrackers,
      status,
      openEscalations: [],
      reportPosted: true,
      currentFiles: {},
    });
    const tracker = plan.issues.find((issue) => issue.kind === "tracker");
    expectInert(tracker?.body ?? "", "tracker issue");
    const certificate = renderCertificate(alice, {
      certificationId: "CONTEXT7-2026-0001",
      certifiedOn: "2026-12-04",
      nextReviewDate: "2027-03-04",
      by: "dev-manager",
      credentialPath: "records/alice.credential.json",
      signed: false,
    });
    expectInert(certificate, "certificate");
    const audit = planRecordEdits({
      config,
      appLogin: "x[bot]",
      flagged: [],
      open: null,
      rejected: status.records?.rejected ?? [],
    });
    expectInert(audit?.body ?? "", "records-audit issue");
  });

  it("the exercise check run and the replies to commands", () => {
    const curriculum = {
      ...config,
      exercises: config.exercises.map((exercise) =>
        exercise.id === "backend-1"
          ? { ...exercise, title: HOSTILE, objective: HOSTILE }
          : exercise,
      ),
    };
    const check = checkSubmission(curriculum, {
      title: "[backend-1] try",
      body: "Exercise: backend-1",
    });
    expectInert(check?.summary ?? "", "check run");
    const reply = describeOutcome({
      recorded: true,
      items: [{ login: "alice", evidence: evidence[3] as Evidence }],
    } as unknown as Parameters<typeof describeOutcome>[0]);
    expectInert(reply, "reply");
    const [bad] = parseCommands(`/context7 knowledge ${PIECES[0]}${PIECES[2]} 90`);
    expect(bad?.ok).toBe(false);
    for (const live of LIVE) expect(bad?.ok === false ? bad.error : "").not.toContain(live);
  });
});
