/** The scheduled run's plan of writes: what each step holds, and how it is described. */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/gates.js";
import type { EscalationAction, Plan } from "../../src/core/plan.js";
import {
  buildRunPlan,
  buildStoppedRunPlan,
  describeRunPlan,
  type RunPlanInput,
} from "../../src/core/run-plan.js";
import { at, makeConfig } from "../support/builders.js";

const config = makeConfig();
const NOW = Date.parse(at("2026-11-24", "06:00:00"));
const status = evaluate(config, [], NOW);
const EMPTY: Plan = { escalations: [], issues: [], report: null, reports: [], files: [] };

function input(overrides: Partial<RunPlanInput> = {}): RunPlanInput {
  return {
    plan: EMPTY,
    config,
    facts: [],
    readable: status,
    now: NOW,
    recordsFolder: "records",
    openConfigProblem: null,
    unreadable: [],
    recordEdits: null,
    discussion: null,
    kpiFacts: false,
    ...overrides,
  };
}

const escalation = (action: EscalationAction["action"], number: number | null) => ({
  subject: "alice",
  action,
  status: "yellow" as const,
  level: 1,
  number,
  title: "Context7 escalation: alice",
  body: "body",
  assignees: ["dev-manager"],
});

describe("the run plan", () => {
  it("plans nothing, and says so, when nothing is to be written", () => {
    const runPlan = buildRunPlan(input());
    expect(runPlan.steps).toEqual([]);
    expect(describeRunPlan(runPlan, true)).toBe(
      "- no weekly report due\n- no dashboard changed\n- no hand edit of records found",
    );
  });

  it("commits the dashboards under the records folder the run was given", () => {
    const files = [{ path: "records/README.md", content: "# Team" }];
    const runPlan = buildRunPlan(input({ plan: { ...EMPTY, files }, recordsFolder: "data/rec/" }));
    expect(runPlan.steps).toEqual([
      {
        step: "dashboards",
        files: [{ path: "data/rec/README.md", content: "# Team" }],
        message: "Update Context7 training dashboards for 2026-11-24",
      },
    ]);
  });

  it("closes an open configuration-problem issue once every record reads, and leaves none alone", () => {
    expect(buildRunPlan(input({ openConfigProblem: 9 })).steps).toEqual([
      {
        step: "config-problem",
        issue: {
          write: "close",
          number: 9,
          comment: "The config and records are valid again. Closing.",
        },
        problems: [],
        skipped: [],
      },
    ]);
  });

  it("turns each issue action into the write it makes, an update or close on its number", () => {
    const runPlan = buildRunPlan(
      input({
        plan: { ...EMPTY, escalations: [escalation("open", null), escalation("close", 4)] },
      }),
    );
    expect(runPlan.steps.map((step) => (step.step === "escalation" ? step.issue : null))).toEqual([
      {
        write: "open",
        title: "Context7 escalation: alice",
        body: "body",
        assignees: ["dev-manager"],
      },
      { write: "close", number: 4, comment: "body" },
    ]);
  });

  it("refuses an update that names no issue, saying which", () => {
    expect(() =>
      buildRunPlan(input({ plan: { ...EMPTY, escalations: [escalation("update", null)] } })),
    ).toThrow("the plan would update the escalation of alice but knows no issue number for it");
  });

  it("stops on invalid input with one write: the configuration-problem issue, opened or updated", () => {
    const opened = buildStoppedRunPlan(null, ["config.yml:3: roster[0].role: invalid"]);
    expect(opened.steps).toMatchObject([
      {
        step: "config-problem",
        issue: {
          write: "open",
          title: "Context7 training: configuration problem",
          body: expect.stringContaining("- config.yml:3: roster[0].role: invalid"),
        },
      },
    ]);
    expect(describeRunPlan(opened, true)).toBe(
      '- would open the issue "Context7 training: configuration problem" with 1 problems',
    );
    const updated = buildStoppedRunPlan(9, ["x"]);
    expect(updated.steps[0]).toMatchObject({ issue: { write: "update", number: 9 } });
    expect(describeRunPlan(updated, false)).toBe(
      '- will update the issue "Context7 training: configuration problem" with 1 problems',
    );
  });
});
