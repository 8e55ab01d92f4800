import { describe, expect, it } from "vitest";
import type { Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import {
  at,
  certification,
  confirmation,
  discovery,
  exerciseCheck,
  finalScore,
  knowledge,
  leave,
  makeConfig,
  passedWithCheck,
  realWorld,
  record,
  reviewRef,
  submission,
  usage,
  usageOn,
} from "../support/builders.js";

// Day 1 is Monday 2026-11-23; Day 3 is Wed 11-25, Day 7 Sun 11-29, Day 14 Sun 12-06.
const WEEK1 = ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"];

function alice(evidence: Evidence[], now: string, config = makeConfig()): DeveloperStatus {
  const status = evaluate(config, [record("alice", evidence)], now);
  return status.developers[0] as DeveloperStatus;
}

describe("Gate 1: Knowledge Foundation", () => {
  it("passes with a score of exactly 85", () => {
    const gate = alice([knowledge("2026-11-24", 85)], at("2026-11-24", "12:00:00")).gates.knowledge;
    expect(gate).toEqual({
      state: "passed",
      deadline: "2026-11-25",
      passedOn: "2026-11-24",
      late: false,
      missing: [],
    });
  });

  it("does not pass with 84, and fails once Day 3 has ended", () => {
    const evidence = [knowledge("2026-11-24", 84)];
    expect(alice(evidence, at("2026-11-25", "23:59:59")).gates.knowledge.state).toBe("pending");
    const after = alice(evidence, at("2026-11-26", "00:00:01")).gates.knowledge;
    expect(after.state).toBe("failed");
    expect(after.missing).toEqual(["a knowledge-check score of at least 85 (best so far 84)"]);
  });

  it("takes the best of several attempts as the knowledge score", () => {
    const developer = alice(
      [knowledge("2026-11-23", 70), knowledge("2026-11-24", 92), knowledge("2026-11-25", 88)],
      at("2026-11-26"),
    );
    expect(developer.knowledgeScore).toBe(92);
    expect(developer.gates.knowledge.passedOn).toBe("2026-11-24");
  });

  it("turns a failed gate into a late pass", () => {
    const gate = alice([knowledge("2026-11-27", 90)], at("2026-11-27", "12:00:00")).gates.knowledge;
    expect(gate).toMatchObject({ state: "passed", passedOn: "2026-11-27", late: true });
  });

  it("ignores evidence recorded after now", () => {
    const gate = alice([knowledge("2026-11-25", 90)], at("2026-11-24")).gates.knowledge;
    expect(gate.state).toBe("pending");
  });
});

describe("Gate 2: Practical Application", () => {
  const backendPasses = [
    ...passedWithCheck("backend-1", "2026-11-24", 1),
    ...passedWithCheck("backend-2", "2026-11-25", 2),
    ...passedWithCheck("backend-3", "2026-11-26", 3),
  ];

  it("passes when every required exercise and one real-world application are in", () => {
    const developer = alice([...backendPasses, realWorld("2026-11-27")], at("2026-11-28"));
    expect(developer.gates.practical).toMatchObject({
      state: "passed",
      passedOn: "2026-11-27",
      late: false,
    });
    expect(developer.exercisesCompleted).toBe(3);
    expect(developer.exercisesRequired).toBe(3);
  });

  it("needs a real-world application as well as the exercises", () => {
    const gate = alice(backendPasses, at("2026-11-28")).gates.practical;
    expect(gate.state).toBe("pending");
    expect(gate.missing).toEqual(["real-world applications: 0 of 1"]);
  });

  it("counts a pass on the later of merge and approval, in either order", () => {
    const approvalAfterMerge = submission({
      exercise: "backend-1",
      pr: 7,
      checkedOn: "2026-11-24",
      mergedOn: "2026-11-24",
      approvedOn: "2026-11-26",
    });
    const developer = alice(approvalAfterMerge, at("2026-11-27"));
    expect(developer.exercises).toEqual([
      { exercise: "backend-1", passedOn: "2026-11-26", failedAttempts: 0 },
    ]);
  });

  it("does not count an approval by the submission's author", () => {
    const selfApproved = submission({
      exercise: "backend-1",
      pr: 7,
      checkedOn: "2026-11-24",
      mergedOn: "2026-11-24",
      approvedOn: "2026-11-24",
      approvedBy: "alice",
    });
    expect(alice(selfApproved, at("2026-11-27")).exercisesCompleted).toBe(0);
  });

  it("allows one retest: one failed attempt then a pass is fine", () => {
    const evidence = [
      ...submission({ exercise: "backend-1", pr: 1, closedOn: "2026-11-24" }),
      ...passedWithCheck("backend-1", "2026-11-25", 2),
    ];
    const developer = alice(evidence, at("2026-11-26"));
    expect(developer.exercises).toEqual([
      { exercise: "backend-1", passedOn: "2026-11-25", failedAttempts: 1 },
    ]);
    expect(developer.retestExhausted).toEqual([]);
    expect(developer.gates.practical.state).toBe("pending");
  });

  it("fails at once, before the deadline, on a second failed attempt with no pass", () => {
    const evidence = [
      ...submission({ exercise: "backend-2", pr: 1, closedOn: "2026-11-24" }),
      ...submission({ exercise: "backend-2", pr: 2, closedOn: "2026-11-25" }),
      ...usageOn("2026-11-23", "2026-11-24", "2026-11-25"),
    ];
    const developer = alice(evidence, at("2026-11-25", "12:00:00"));
    expect(developer.gates.practical.state).toBe("failed");
    expect(developer.retestExhausted).toEqual(["backend-2"]);
    expect(developer.status).toBe("critical");
    expect(developer.reasons).toContain("retest used up for backend-2");
  });

  it("forgets a used-up retest once Gate 2 passes with other exercises", () => {
    const config = makeConfig({ roster: [{ login: "alice", role: "qa", start: "2026-11-23" }] });
    const evidence = [
      ...submission({ exercise: "backend-1", pr: 1, closedOn: "2026-11-24" }),
      ...submission({ exercise: "backend-1", pr: 2, closedOn: "2026-11-25" }),
      ...passedWithCheck("qa-playwright", "2026-11-25", 3),
      ...passedWithCheck("frontend-1", "2026-11-26", 4),
      ...passedWithCheck("frontend-2", "2026-11-26", 5),
      realWorld("2026-11-26"),
      ...usageOn("2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"),
      knowledge("2026-11-23", 90),
    ];
    const developer = alice(evidence, at("2026-11-26", "12:00:00"), config);
    expect(developer.gates.practical.state).toBe("passed");
    expect(developer.retestExhausted).toEqual([]);
    expect(developer.status).toBe("green");
  });

  it("does not count a submission that was closed and then merged as a failure", () => {
    const reopened = [
      ...submission({ exercise: "backend-1", pr: 4, closedOn: "2026-11-24" }),
      ...submission({
        exercise: "backend-1",
        pr: 4,
        checkedOn: "2026-11-25",
        approvedOn: "2026-11-25",
        mergedOn: "2026-11-25",
      }),
    ];
    expect(alice(reopened, at("2026-11-26")).exercises).toEqual([
      { exercise: "backend-1", passedOn: "2026-11-25", failedAttempts: 0 },
    ]);
  });

  it("fails when Day 7 ends without the exercises, and passes late afterwards", () => {
    const twoOfThree = backendPasses.slice(0, 6);
    expect(
      alice([...twoOfThree, realWorld("2026-11-25")], at("2026-11-29", "23:00:00")).gates.practical
        .state,
    ).toBe("pending");
    expect(
      alice([...twoOfThree, realWorld("2026-11-25")], at("2026-11-30", "01:00:00")).gates.practical
        .state,
    ).toBe("failed");
    const late = alice(
      [...twoOfThree, ...passedWithCheck("backend-3", "2026-12-01", 9), realWorld("2026-11-25")],
      at("2026-12-01", "20:00:00"),
    );
    expect(late.gates.practical).toMatchObject({
      state: "passed",
      passedOn: "2026-12-01",
      late: true,
    });
  });

  it("requires two backend, two frontend and the end-to-end exercise of a full-stack developer", () => {
    const config = makeConfig({
      roster: [{ login: "alice", role: "fullstack", start: "2026-11-23" }],
    });
    const fourBackendOneFrontend = [
      ...passedWithCheck("backend-1", "2026-11-24", 1),
      ...passedWithCheck("backend-2", "2026-11-24", 2),
      ...passedWithCheck("backend-3", "2026-11-24", 3),
      ...passedWithCheck("frontend-1", "2026-11-24", 4),
      ...passedWithCheck("fullstack-e2e", "2026-11-25", 5),
      realWorld("2026-11-25"),
    ];
    const short = alice(fourBackendOneFrontend, at("2026-11-26"), config);
    expect(short.exercisesRequired).toBe(5);
    expect(short.exercisesCompleted).toBe(4);
    expect(short.gates.practical.state).toBe("pending");
    const complete = alice(
      [...fourBackendOneFrontend, ...passedWithCheck("frontend-2", "2026-11-26", 6)],
      at("2026-11-27"),
      config,
    );
    expect(complete.gates.practical).toMatchObject({ state: "passed", passedOn: "2026-11-26" });
  });

  it("requires qa-playwright and any two others of a QA developer", () => {
    const config = makeConfig({ roster: [{ login: "alice", role: "qa", start: "2026-11-23" }] });
    const withoutPlaywright = [
      ...passedWithCheck("backend-1", "2026-11-24", 1),
      ...passedWithCheck("frontend-3", "2026-11-24", 2),
      ...passedWithCheck("frontend-1", "2026-11-24", 3),
      realWorld("2026-11-24"),
    ];
    const short = alice(withoutPlaywright, at("2026-11-25"), config);
    expect(short.exercisesCompleted).toBe(2);
    expect(short.gates.practical.state).toBe("pending");
    const complete = alice(
      [...withoutPlaywright, ...passedWithCheck("qa-playwright", "2026-11-25", 4)],
      at("2026-11-26"),
      config,
    );
    expect(complete.gates.practical).toMatchObject({ state: "passed", passedOn: "2026-11-25" });
  });

  it("takes the required set from the config when it is overridden", () => {
    const config = makeConfig({
      curriculum: { required: { backend: [{ from: ["backend-1"], count: 1 }] } },
    });
    const developer = alice(
      [...passedWithCheck("backend-1", "2026-11-24", 1), realWorld("2026-11-24")],
      at("2026-11-25"),
      config,
    );
    expect(developer.gates.practical.state).toBe("passed");
  });
});

describe("Gate 3: Integration Consistency", () => {
  const sharing = [
    reviewRef("2026-11-24", 1),
    reviewRef("2026-11-25", 2),
    reviewRef("2026-11-26", 3),
    discovery("2026-11-26"),
  ];

  it("passes on the first day all four conditions hold", () => {
    const developer = alice([...usageOn(...WEEK1), ...sharing], at("2026-11-30"));
    expect(developer.gates.integration).toMatchObject({
      state: "passed",
      passedOn: "2026-11-27",
      late: false,
    });
    expect(developer.longestStreak).toBe(5);
  });

  it("accepts a /context7 shared credit in place of a discovery", () => {
    const shared: Evidence = {
      id: "s1",
      kind: "shared",
      at: at("2026-11-26"),
      note: "standup",
      by: "dev-manager",
    };
    const developer = alice(
      [...usageOn(...WEEK1), ...sharing.slice(0, 3), shared],
      at("2026-11-30"),
    );
    expect(developer.gates.integration.state).toBe("passed");
  });

  it("needs consistency strictly above 0.80: exactly 0.80 at Day 14 fails", () => {
    // 8 of 10 workdays: both misses in week 2, after a five-day streak.
    const evidence = [...usageOn(...WEEK1, "2026-11-30", "2026-12-01", "2026-12-02"), ...sharing];
    const developer = alice(evidence, at("2026-12-07"));
    expect(developer.consistency).toBe(0.8);
    expect(developer.usageWorkdays).toBe(8);
    // It passed on Day 5 already, with 5/5: the gate stays passed.
    expect(developer.gates.integration.passedOn).toBe("2026-11-27");

    const noEarlySharing = [
      ...usageOn(...WEEK1, "2026-11-30", "2026-12-01", "2026-12-02"),
      ...sharing.slice(0, 2),
    ];
    // The last review and the discovery come on Saturday, when the window holds all ten
    // workdays: 8/10 is not above 0.80, so the gate fails when Day 14 ends.
    const saturday = [...noEarlySharing, reviewRef("2026-12-05", 9), discovery("2026-12-05")];
    expect(alice(saturday, at("2026-12-06", "20:00:00")).gates.integration.state).toBe("pending");
    const later = alice(saturday, at("2026-12-07"));
    expect(later.consistency).toBe(0.8);
    expect(later.gates.integration.state).toBe("failed");
  });

  it("never takes back a pass: a condition met on a day without usage counts as of that moment", () => {
    // On Friday 12-04 (no usage yet) consistency is 8/9; the third review arrives then.
    const evidence = [
      ...usageOn(...WEEK1, "2026-11-30", "2026-12-01", "2026-12-02"),
      reviewRef("2026-11-24", 1),
      reviewRef("2026-11-25", 2),
      discovery("2026-11-25"),
      reviewRef("2026-12-04", 9),
    ];
    const friday = alice(evidence, at("2026-12-04", "15:00:00"));
    expect(friday.consistency).toBe(0.889);
    expect(friday.gates.integration).toMatchObject({ state: "passed", passedOn: "2026-12-04" });
    const monday = alice(evidence, at("2026-12-07"));
    expect(monday.consistency).toBe(0.8);
    expect(monday.gates.integration).toMatchObject({ state: "passed", passedOn: "2026-12-04" });
  });

  it("passes with 9 of 10 workdays (0.90)", () => {
    const evidence = [
      ...usageOn(...WEEK1, "2026-11-30", "2026-12-01", "2026-12-02", "2026-12-03"),
      ...sharing.slice(0, 2),
      reviewRef("2026-12-03", 9),
      discovery("2026-12-03"),
    ];
    const developer = alice(evidence, at("2026-12-07"));
    expect(developer.consistency).toBe(0.9);
    expect(developer.gates.integration).toMatchObject({ state: "passed", passedOn: "2026-12-03" });
  });

  it("judges a consistency out of reach at the deadline, not at once", () => {
    // Two workdays missed out of ten: at most 8/10 = 0.80 by Day 14, but still pending.
    const evidence = [
      ...usageOn("2026-11-23", "2026-11-25", "2026-11-27"),
      knowledge("2026-11-23", 90),
    ];
    const developer = alice(evidence, at("2026-11-27", "12:00:00"));
    expect(developer.gates.integration.state).toBe("pending");
    expect(developer.status).toBe("green");
  });

  it("counts today in the window only once today has usage", () => {
    expect(alice(usageOn("2026-11-23"), at("2026-11-24", "08:00:00")).consistency).toBe(1);
    expect(
      alice(usageOn("2026-11-23", "2026-11-24"), at("2026-11-24", "12:00:00")).consistency,
    ).toBe(1);
    expect(alice(usageOn("2026-11-24"), at("2026-11-24", "12:00:00")).consistency).toBe(0.5);
  });

  it("has no consistency before the first workday", () => {
    expect(alice([], at("2026-11-23", "08:00:00")).consistency).toBeNull();
  });

  it("counts a streak across a weekend, which neither counts nor breaks it", () => {
    const evidence = usageOn(
      "2026-11-26",
      "2026-11-27",
      "2026-11-28",
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
    );
    expect(alice(evidence, at("2026-12-03")).longestStreak).toBe(5);
  });

  it("counts weekend usage neither in consistency nor as a workday", () => {
    const developer = alice(usageOn("2026-11-23", "2026-11-28"), at("2026-11-30", "12:00:00"));
    expect(developer.usageWorkdays).toBe(1);
    expect(developer.consistency).toBe(0.2);
  });

  it("skips holidays: no workday, no break in the streak", () => {
    const config = makeConfig({ holidays: ["2026-11-25"] });
    const evidence = usageOn("2026-11-23", "2026-11-24", "2026-11-26", "2026-11-27", "2026-11-30");
    const developer = alice(evidence, at("2026-11-30", "12:00:00"), config);
    expect(developer.longestStreak).toBe(5);
    expect(developer.consistency).toBe(1);
    expect(developer.idleWorkdays).toBe(0);
  });

  it("dates an event by the program timezone: 23:30 UTC is the next day in Berlin", () => {
    const berlin = makeConfig({ timezone: "Europe/Berlin" });
    const lateTuesday = [usage("2026-11-24", "23:30:00")];
    const developer = alice(lateTuesday, at("2026-11-26", "12:00:00"), berlin);
    expect(developer.lastUsage).toBe("2026-11-25");
    expect(developer.idleWorkdays).toBe(0);
    const utc = alice(lateTuesday, at("2026-11-26", "12:00:00"));
    expect(utc.lastUsage).toBe("2026-11-24");
    expect(utc.idleWorkdays).toBe(1);
  });

  it("dates Friday 23:30 UTC as a Saturday in Berlin, which is no workday", () => {
    const berlin = makeConfig({ timezone: "Europe/Berlin" });
    const lateFriday = [usage("2026-11-27", "23:30:00")];
    expect(alice(lateFriday, at("2026-11-30", "12:00:00"), berlin).usageWorkdays).toBe(0);
    expect(alice(lateFriday, at("2026-11-30", "12:00:00")).usageWorkdays).toBe(1);
  });
});

describe("Gate 4: Certification Validation", () => {
  it("passes with the manager's certification and gives its id", () => {
    const developer = alice([certification("2026-12-04")], at("2026-12-05"));
    expect(developer.gates.certification).toMatchObject({
      state: "passed",
      passedOn: "2026-12-04",
      late: false,
    });
    expect(developer.certificationId).toBe("CONTEXT7-2026-0001");
    expect(developer.certifiedOn).toBe("2026-12-04");
  });

  it("lists what is missing for certification", () => {
    const developer = alice(
      [finalScore("2026-12-03", 84), confirmation("2026-12-03", false)],
      at("2026-12-04"),
    );
    expect(developer.gates.certification.missing).toEqual([
      "Gate 1 (Knowledge Foundation) passed",
      "Gate 2 (Practical Application) passed",
      "Gate 3 (Integration Consistency) passed",
      "a final assessment score of at least 85 (best so far 84)",
      "a confirmation with all three commitments ticked",
      "a manager's /context7 certify",
    ]);
  });

  it("takes the latest confirmation and accepts a final score of exactly 85", () => {
    const developer = alice(
      [
        confirmation("2026-12-01", false),
        confirmation("2026-12-02", true),
        finalScore("2026-12-02", 85),
      ],
      at("2026-12-03"),
    );
    expect(developer.confirmed).toBe(true);
    expect(developer.gates.certification.missing).not.toContain(
      "a final assessment score of at least 85 (best so far 85)",
    );
  });

  it("fails when Day 14 ends uncertified", () => {
    expect(alice([], at("2026-12-06", "23:00:00")).gates.certification.state).toBe("pending");
    expect(alice([], at("2026-12-07", "00:30:00")).gates.certification.state).toBe("failed");
  });
});

describe("leave", () => {
  it("moves a deadline one day for each leave day on or before it", () => {
    // Leave Wed and Thu: Day 3 (Wed) moves to Thu, then Thu is leave too, so Fri.
    const developer = alice([leave("2026-11-25", "2026-11-26")], at("2026-11-25"));
    expect(developer.gates.knowledge.deadline).toBe("2026-11-27");
    expect(developer.gates.practical.deadline).toBe("2026-12-01");
    expect(developer.leaveDays).toEqual(["2026-11-25", "2026-11-26"]);
  });

  it("does not count leave on a weekend or a holiday", () => {
    const config = makeConfig({ holidays: ["2026-11-24"] });
    const developer = alice(
      [leave("2026-11-24"), leave("2026-11-28", "2026-11-29")],
      at("2026-11-23"),
      config,
    );
    expect(developer.leaveDays).toEqual([]);
    expect(developer.gates.knowledge.deadline).toBe("2026-11-25");
  });

  it("excludes leave days from idle workdays and consistency", () => {
    const developer = alice(
      [...usageOn("2026-11-23"), leave("2026-11-24", "2026-11-25")],
      at("2026-11-26", "12:00:00"),
    );
    expect(developer.idleWorkdays).toBe(0);
    expect(developer.consistency).toBe(1);
  });
});

describe("status colour", () => {
  const lastUsedMonday = [...usageOn("2026-11-23"), knowledge("2026-11-23", 90)];

  it("is green with one idle workday, yellow with two, red with three, critical with five", () => {
    expect(alice(lastUsedMonday, at("2026-11-25", "08:00:00"))).toMatchObject({
      idleWorkdays: 1,
      status: "green",
    });
    expect(alice(lastUsedMonday, at("2026-11-26", "08:00:00"))).toMatchObject({
      idleWorkdays: 2,
      status: "yellow",
    });
    expect(alice(lastUsedMonday, at("2026-11-27", "08:00:00"))).toMatchObject({
      idleWorkdays: 3,
      status: "red",
    });
    expect(alice(lastUsedMonday, at("2026-11-28", "08:00:00"))).toMatchObject({
      idleWorkdays: 4,
      status: "red",
    });
    // Day 7 has not ended, so no gate has failed: the colour is the idle count's alone.
    expect(alice(lastUsedMonday, at("2026-11-29", "08:00:00")).gates.practical.state).toBe(
      "pending",
    );
    const critical = alice(lastUsedMonday, at("2026-12-01", "08:00:00"));
    expect(critical).toMatchObject({ idleWorkdays: 5, status: "critical" });
  });

  it("does not count the weekend as idle", () => {
    const config = makeConfig({
      roster: [{ login: "alice", role: "backend", start: "2026-11-26" }],
    });
    const thursdayAndFriday = [...usageOn("2026-11-26", "2026-11-27"), knowledge("2026-11-26", 90)];
    const monday = alice(thursdayAndFriday, at("2026-11-30", "12:00:00"), config);
    expect(monday).toMatchObject({ idleWorkdays: 0, status: "green" });
    expect(alice(thursdayAndFriday, at("2026-12-01", "12:00:00"), config).idleWorkdays).toBe(1);
  });

  it("counts idle workdays from Day 1 when there is no usage", () => {
    expect(alice([], at("2026-11-25", "09:00:00"))).toMatchObject({
      idleWorkdays: 2,
      status: "yellow",
    });
  });

  it("is red with one failed gate and critical with two", () => {
    const recent = usageOn(...WEEK1, "2026-11-30", "2026-12-01");
    const oneFailed = alice(recent, at("2026-11-27", "12:00:00"));
    expect(oneFailed.gates.knowledge.state).toBe("failed");
    expect(oneFailed.status).toBe("red");
    const twoFailed = alice(recent, at("2026-12-01", "12:00:00"));
    expect(twoFailed.gates.knowledge.state).toBe("failed");
    expect(twoFailed.gates.practical.state).toBe("failed");
    expect(twoFailed.status).toBe("critical");
    expect(twoFailed.reasons).toEqual([
      "Gate 1 (Knowledge Foundation) failed: not passed by 2026-11-25",
      "Gate 2 (Practical Application) failed: not passed by 2026-11-29",
    ]);
  });

  it("keeps a certified developer's gates from failing, but idle workdays still count", () => {
    const developer = alice(
      [...usageOn("2026-12-04"), certification("2026-12-04")],
      at("2026-12-10", "12:00:00"),
    );
    expect(Object.values(developer.gates).map((gate) => gate.state)).not.toContain("failed");
    expect(developer.idleWorkdays).toBe(3);
    expect(developer.status).toBe("red");
  });

  it("is green and not started when Day 1 is in the future", () => {
    const config = makeConfig({
      roster: [{ login: "alice", role: "backend", start: "2026-12-07" }],
    });
    const status = evaluate(config, [], at("2026-12-01"));
    expect(status.developers[0]).toMatchObject({
      day: -5,
      started: false,
      status: "green",
      idleWorkdays: 0,
    });
    expect(status.developers[0]?.gates.knowledge).toMatchObject({
      state: "pending",
      deadline: "2026-12-09",
    });
    expect(status.team.size).toBe(0);
    expect(status.team.completionRate).toBeNull();
  });
});

describe("team metrics", () => {
  const config = makeConfig({
    roster: [
      { login: "alice", role: "backend", start: "2026-11-23" },
      { login: "bob", role: "frontend", start: "2026-11-23" },
      { login: "carol", role: "qa", start: "2026-11-30" },
      { login: "dave", role: "fullstack", start: "2026-12-14" },
    ],
  });
  const records = [
    record("alice", [
      ...usageOn(...WEEK1, "2026-11-30"),
      knowledge("2026-11-24", 92),
      certification("2026-11-30"),
    ]),
    record("bob", [
      ...usageOn("2026-11-24", "2026-11-26", "2026-11-27", "2026-11-30"),
      knowledge("2026-11-25", 85),
    ]),
    record("carol", usageOn("2026-11-30")),
  ];

  it("computes size, completion, average knowledge score and adoption", () => {
    // The last 5 complete workdays before Tue 12-01 are Tue 11-24 .. Mon 11-30.
    const { team } = evaluate(config, records, at("2026-12-01", "12:00:00"));
    expect(team.adoptionWindow).toEqual([
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-27",
      "2026-11-30",
    ]);
    expect(team).toMatchObject({
      size: 3,
      certified: 1,
      completionRate: 0.333,
      averageKnowledgeScore: 88.5,
    });
    // alice 5/5, bob 4/5, carol 1/1 (only Mon 11-30 is hers): mean 0.933.
    expect(team.adoptionRate).toBe(0.933);
    expect(team.adoptionBelowThreshold).toBe(false);
    // bob missed Day 7 (Gate 2), alice is certified, carol started on Monday.
    expect(team.statusCounts).toEqual({ green: 2, yellow: 0, red: 1, critical: 0 });
  });

  it("raises the adoption alert below 0.80 and leaves out developers with no workday in the window", () => {
    const sparse = [
      record("alice", usageOn("2026-11-24")),
      record("bob", usageOn("2026-11-24", "2026-11-25")),
    ];
    const { team } = evaluate(config, sparse, at("2026-12-01", "12:00:00"));
    // alice 1/5, bob 2/5, carol 0/1: mean 0.2.
    expect(team.adoptionRate).toBe(0.2);
    expect(team.adoptionBelowThreshold).toBe(true);
    const onDayOne = evaluate(config, [], at("2026-11-23", "12:00:00")).team;
    expect(onDayOne.adoptionRate).toBeNull();
  });

  it("skips holidays when choosing the adoption window", () => {
    const withHoliday = makeConfig({ roster: config.roster, holidays: ["2026-11-27"] });
    const { team } = evaluate(withHoliday, records, at("2026-12-01", "12:00:00"));
    expect(team.adoptionWindow).toEqual([
      "2026-11-23",
      "2026-11-24",
      "2026-11-25",
      "2026-11-26",
      "2026-11-30",
    ]);
  });
});

describe("evaluate", () => {
  it("rejects an invalid now", () => {
    expect(() => evaluate(makeConfig(), [], "yesterday")).toThrow(RangeError);
  });

  it("ignores records of logins not on the roster and matches logins case-insensitively", () => {
    const status = evaluate(
      makeConfig(),
      [record("ALICE", usageOn("2026-11-23")), record("mallory", [])],
      at("2026-11-23"),
    );
    expect(status.developers.map((developer) => developer.login)).toEqual(["alice"]);
    expect(status.developers[0]?.usageEvents).toBe(1);
  });
});

describe("Gate 2: who approves, dismissed reviews and the exercise check", () => {
  const withBob = () =>
    makeConfig({
      roster: [
        { login: "alice", role: "backend", start: "2026-11-23" },
        { login: "bob", role: "backend", start: "2026-11-23" },
      ],
    });
  const common = { exercise: "backend-1", repo: "acme/context7-training", pr: 7 };
  const approval = (reviewId: number, date: string, by = "bob"): Evidence => ({
    ...common,
    id: `approval-${reviewId}`,
    kind: "exercise-approval",
    at: at(date),
    by,
  });
  const dismissal = (reviewId: number, date: string): Evidence => ({
    ...common,
    id: `dismissal-${reviewId}`,
    kind: "exercise-dismissal",
    at: at(date, "12:00:00"),
    review: reviewId,
    by: "dev-manager",
  });
  const merged = (date: string, time = "11:00:00"): Evidence => ({
    ...common,
    id: "merged-PR_7",
    kind: "exercise-merged",
    at: at(date, time),
  });
  const check = (date: string, time: string, passes: boolean) =>
    exerciseCheck({ exercise: "backend-1", pr: 7, date, time, done: passes ? 4 : 2 });
  const passedOn = (evidence: Evidence[], config = withBob()) =>
    alice(evidence, at("2026-11-28"), config).exercises[0]?.passedOn ?? null;
  const checkedAndMerged = [check("2026-11-24", "09:00:00", true), merged("2026-11-24")];

  it("counts an approval by a roster member, and by a manager who is not on the roster", () => {
    expect(passedOn([...checkedAndMerged, approval(1, "2026-11-24", "bob")])).toBe("2026-11-24");
    expect(passedOn([...checkedAndMerged, approval(1, "2026-11-25", "Dev-Manager")])).toBe(
      "2026-11-25",
    );
  });

  it("never counts an approval by the author, a bot, or an account off the roster", () => {
    for (const by of ["alice", "ALICE", "renovate[bot]", "bob[bot]", "mallory"]) {
      expect(passedOn([...checkedAndMerged, approval(1, "2026-11-24", by)]), by).toBeNull();
    }
    // bob's approval does not count once bob has left the roster.
    expect(passedOn([...checkedAndMerged, approval(1, "2026-11-24")], makeConfig())).toBeNull();
  });

  it("revokes a dismissed review's approval, in whichever order the facts come", () => {
    expect(
      passedOn([...checkedAndMerged, approval(1, "2026-11-24"), dismissal(1, "2026-11-25")]),
    ).toBeNull();
    expect(
      passedOn([dismissal(1, "2026-11-24"), ...checkedAndMerged, approval(1, "2026-11-24")]),
    ).toBeNull();
    // The dismissal of another review leaves this approval standing.
    expect(
      passedOn([...checkedAndMerged, approval(1, "2026-11-24"), dismissal(2, "2026-11-25")]),
    ).toBe("2026-11-24");
  });

  it("passes on a new approval after a dismissal, dated by the new approval", () => {
    const evidence = [
      ...checkedAndMerged,
      approval(1, "2026-11-24"),
      dismissal(1, "2026-11-24"),
      approval(2, "2026-11-26"),
    ];
    expect(passedOn(evidence)).toBe("2026-11-26");
  });

  it("passes when the latest check before the merge passed: failed, then passed", () => {
    const evidence = [
      check("2026-11-24", "08:00:00", false),
      check("2026-11-24", "09:00:00", true),
      merged("2026-11-24"),
      approval(1, "2026-11-24"),
    ];
    expect(passedOn(evidence)).toBe("2026-11-24");
  });

  it("does not pass when a later check before the merge failed: passed, then failed", () => {
    const evidence = [
      check("2026-11-24", "08:00:00", true),
      check("2026-11-24", "09:00:00", false),
      merged("2026-11-24"),
      approval(1, "2026-11-24"),
    ];
    expect(passedOn(evidence)).toBeNull();
  });

  it("ignores checks after the merge; a check at the merge's instant counts", () => {
    const approved = approval(1, "2026-11-24");
    const passingThenFailingAfter = [
      check("2026-11-24", "09:00:00", true),
      merged("2026-11-24"),
      check("2026-11-24", "11:00:01", false),
      approved,
    ];
    expect(passedOn(passingThenFailingAfter)).toBe("2026-11-24");
    const failingThenPassingAfter = [
      check("2026-11-24", "09:00:00", false),
      merged("2026-11-24"),
      check("2026-11-24", "11:00:01", true),
      approved,
    ];
    expect(passedOn(failingThenPassingAfter)).toBeNull();
    expect(passedOn([check("2026-11-24", "11:00:00", true), merged("2026-11-24"), approved])).toBe(
      "2026-11-24",
    );
  });

  it("does not pass a merged, approved submission that was never checked", () => {
    expect(passedOn([merged("2026-11-24"), approval(1, "2026-11-24")])).toBeNull();
  });

  it("still passes when the approval comes after the merge", () => {
    expect(passedOn([...checkedAndMerged, approval(1, "2026-11-27")])).toBe("2026-11-27");
  });
});
