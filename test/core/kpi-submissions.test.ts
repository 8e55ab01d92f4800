/** The KPIs judge a submission by Gate 2's rules, so the report never disagrees with the gate. */
import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import { passed, submissionsOf } from "../../src/core/kpis/submissions.js";
import { at, exerciseCheck, makeConfig, submission } from "../support/builders.js";

const config = makeConfig();
const author = config.roster[0]?.login as string;
const exercise = "backend-1";

function judged(evidence: Evidence[]) {
  const [facts] = submissionsOf(config, evidence, author);
  return { approved: facts?.approved, passed: facts === undefined ? false : passed(facts) };
}

describe("KPI submissions follow Gate 2", () => {
  it("count a manager's approval with a passing check before the merge", () => {
    expect(
      judged(
        submission({
          exercise,
          pr: 5,
          checkedOn: "2026-11-25",
          approvedOn: "2026-11-25",
          mergedOn: "2026-11-25",
        }),
      ),
    ).toEqual({ approved: true, passed: true });
  });

  it.each([
    ["the author", author],
    ["a bot", "helper[bot]"],
    ["an account off the roster", "stranger"],
  ])("ignore an approval by %s", (_who, by) => {
    const evidence = submission({
      exercise,
      pr: 5,
      checkedOn: "2026-11-25",
      approvedOn: "2026-11-25",
      approvedBy: by,
      mergedOn: "2026-11-25",
    });
    expect(judged(evidence)).toEqual({ approved: false, passed: false });
  });

  it("ignore a dismissed approval", () => {
    const evidence: Evidence[] = [
      ...submission({ exercise, pr: 5, checkedOn: "2026-11-25", mergedOn: "2026-11-25" }),
      {
        id: "approval-7",
        kind: "exercise-approval",
        at: at("2026-11-25"),
        exercise,
        repo: "acme/context7-training",
        pr: 5,
        by: "dev-manager",
      },
      {
        id: "dismissal-7",
        kind: "exercise-dismissal",
        at: at("2026-11-25", "10:30:00"),
        exercise,
        repo: "acme/context7-training",
        pr: 5,
        review: 7,
        by: "dev-manager",
      },
    ];
    expect(judged(evidence)).toEqual({ approved: false, passed: false });
  });

  it("do not pass a merge whose last check before it failed, nor one checked only after it", () => {
    const failedLast = [
      ...submission({
        exercise,
        pr: 5,
        checkedOn: "2026-11-25",
        approvedOn: "2026-11-25",
        mergedOn: "2026-11-25",
      }),
      exerciseCheck({ exercise, pr: 5, date: "2026-11-25", time: "10:00:00", done: 2 }),
    ];
    expect(judged(failedLast).passed).toBe(false);
    const afterMerge = [
      ...submission({ exercise, pr: 5, approvedOn: "2026-11-25", mergedOn: "2026-11-25" }),
      exerciseCheck({ exercise, pr: 5, date: "2026-11-26", done: 4 }),
    ];
    expect(judged(afterMerge).passed).toBe(false);
  });
});
