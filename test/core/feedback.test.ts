import { describe, expect, it } from "vitest";
import { parseConfirmation } from "../../src/core/confirmation.js";
import { type EvidenceOf, MAX_FEEDBACK_LENGTH } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import { computeKpis } from "../../src/core/kpis.js";
import { parseRecord, serializeRecord } from "../../src/core/records.js";
import { renderTeamDashboard } from "../../src/core/render/dashboard.js";
import { renderWeeklyReport } from "../../src/core/render/weekly-report.js";
import { at, confirmation, makeConfig, record } from "../support/builders.js";
import {
  COMPLETE_CONFIRMATION,
  readIssueForm,
  renderSubmittedForm,
} from "../support/issue-forms.js";

const config = makeConfig({
  roster: [
    { login: "alice", role: "backend", start: "2026-11-23" },
    { login: "bob", role: "frontend", start: "2026-11-23" },
    { login: "carol", role: "qa", start: "2026-11-23" },
  ],
});

function withFeedback(
  date: string,
  feedback: EvidenceOf<"confirmation">["feedback"],
): EvidenceOf<"confirmation"> {
  return { ...confirmation(date), ...(feedback === undefined ? {} : { feedback }) };
}

const records = [
  record("alice", [
    withFeedback("2026-11-24", { difficulty: 5, improve: "old answer" }),
    withFeedback("2026-11-26", {
      difficulty: 4,
      workedWell: "The <b>exercises</b> | pairing, thanks @bob",
      improve: "More\nfrontend examples",
    }),
  ]),
  record("bob", [withFeedback("2026-12-01", { difficulty: 2, resources: "A Vue guide" })]),
  // A confirmation recorded before feedback was kept.
  record("carol", [withFeedback("2026-11-25", undefined)]),
];
const NOW = "2026-12-02T12:00:00Z";

describe("training feedback", () => {
  it("keeps the form's answers, each cut to the limit, leaving out those not given", () => {
    const form = readIssueForm("context7-confirmation.yml");
    const long = "x".repeat(MAX_FEEDBACK_LENGTH + 50);
    const parsed = parseConfirmation(
      renderSubmittedForm(form, {
        ...COMPLETE_CONFIRMATION,
        improve: long,
        resources: "Vue docs",
        difficulty: undefined,
      }),
    );
    expect(parsed.feedback).toEqual({
      workedWell: "The exercises.",
      improve: "x".repeat(MAX_FEEDBACK_LENGTH),
      resources: "Vue docs",
    });
  });

  it("reads records with and without feedback, and rejects a difficulty out of 1..5 by name", () => {
    const text = serializeRecord(records[0] as (typeof records)[0]);
    const parsed = parseRecord(text, "records/alice.yml");
    expect(parsed.ok && parsed.value.evidence).toEqual(records[0]?.evidence);
    expect(
      parseRecord(serializeRecord(records[2] as (typeof records)[0]), "records/carol.yml").ok,
    ).toBe(true);
    const bad = parseRecord(text.replace("difficulty: 4", "difficulty: 9"), "records/alice.yml");
    expect(!bad.ok && bad.problems[0]?.path).toBe("evidence[1].feedback.difficulty");
  });

  it("counts each developer's latest feedback in the difficulty distribution", () => {
    const { feedback } = computeKpis(config, records, NOW);
    expect(feedback.responses).toBe(2);
    expect(feedback.difficulty).toEqual([0, 1, 0, 1, 0]);
    expect(feedback.averageDifficulty).toBe(3);
    expect(feedback.entries.map((entry) => [entry.login, entry.date, entry.improve])).toEqual([
      ["alice", "2026-11-26", "More\nfrontend examples"],
      ["bob", "2026-12-01", null],
    ]);
  });

  it("quotes every latest answer on the dashboard as plain text", () => {
    const dashboard = renderTeamDashboard(
      evaluate(config, records, NOW),
      config,
      computeKpis(config, records, NOW),
    );
    expect(dashboard).toContain("## Training feedback");
    expect(dashboard).toContain(
      "2 developers gave feedback in their confirmation form; average difficulty 3 of 5.",
    );
    expect(dashboard).toContain("| developers | 0 | 1 | 0 | 1 | 0 |");
    expect(dashboard).toContain(
      "- **alice**, 2026-11-26 (difficulty 4):\n  - worked well: The &lt;b&gt;exercises&lt;/b&gt; \\| pairing, thanks @\u2060bob\n  - to improve: More frontend examples",
    );
    expect(dashboard).toContain(
      "- **bob**, 2026-12-01 (difficulty 2):\n  - resources needed: A Vue guide",
    );
    expect(dashboard).not.toContain("old answer");
  });

  it("quotes in the weekly report only the feedback given that week, without names when private", () => {
    const status = evaluate(config, records, at("2026-11-27", "18:00:00"));
    const weekly = (reportConfig = config) =>
      renderWeeklyReport({
        config: reportConfig,
        status: evaluate(reportConfig, records, at("2026-11-27", "18:00:00")),
        previous: status,
        records,
        weekStart: "2026-11-23",
        weekEnd: "2026-11-29",
      });
    const report = weekly();
    expect(report).toContain("## Training feedback");
    expect(report).toContain("1 developer gave feedback");
    expect(report).toContain("- **alice**, 2026-11-26 (difficulty 4):");
    expect(report).not.toContain("A Vue guide");
    const anonymous = weekly(
      makeConfig({ roster: config.roster, privacy: { teamFiguresOnly: true } }),
    );
    expect(anonymous).toContain("- A developer, 2026-11-26 (difficulty 4):");
    expect(anonymous).not.toContain("**alice**");
  });
});
