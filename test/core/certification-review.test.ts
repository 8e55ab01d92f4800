import { describe, expect, it } from "vitest";
import { addMonths } from "../../src/core/calendar.js";
import type { Evidence } from "../../src/core/evidence.js";
import { evaluate } from "../../src/core/gates.js";
import type { DeveloperStatus } from "../../src/core/status.js";
import {
  at,
  certification,
  certificationReview,
  makeConfig,
  record,
  selfReport,
  usageOn,
} from "../support/builders.js";

function alice(evidence: Evidence[], now: string): DeveloperStatus {
  return evaluate(makeConfig(), [record("alice", evidence)], now).developers[0] as DeveloperStatus;
}

/** Usage every workday of the week that holds `now`, so idle days never colour the status. */
const busy = (...dates: string[]) => usageOn(...dates);

describe("three months later", () => {
  it("keeps the day of the month, or takes the month's last day", () => {
    expect(addMonths("2026-12-04", 3)).toBe("2027-03-04");
    expect(addMonths("2026-11-30", 3)).toBe("2027-02-28");
    expect(addMonths("2027-11-30", 3)).toBe("2028-02-29");
    expect(addMonths("2026-10-31", 1)).toBe("2026-11-30");
    expect(addMonths("2026-01-31", 12)).toBe("2027-01-31");
  });
});

describe("certification review dates", () => {
  const certified = certification("2026-12-04");

  it("gives no review date before certification", () => {
    const developer = alice([], at("2026-12-01"));
    expect(developer.nextReviewDate).toBeNull();
    expect(developer.reviewOverdue).toBe(false);
  });

  it("is due three months after certification and stays green through that day", () => {
    const developer = alice(
      [certified, ...busy("2027-03-03", "2027-03-04")],
      at("2027-03-04", "20:00:00"),
    );
    expect(developer.nextReviewDate).toBe("2027-03-04");
    expect(developer.reviewOverdue).toBe(false);
    expect(developer.status).toBe("green");
  });

  it("turns the developer yellow once the review date has ended unrecorded", () => {
    const developer = alice(
      [certified, ...busy("2027-03-04", "2027-03-05")],
      at("2027-03-05", "09:00:00"),
    );
    expect(developer.reviewOverdue).toBe(true);
    expect(developer.status).toBe("yellow");
    expect(developer.reasons).toContain("certification review overdue since 2027-03-04");
  });

  it("moves the next review three months on when a manager records it, even late", () => {
    const developer = alice(
      [certified, certificationReview("2027-03-08"), ...busy("2027-03-08", "2027-03-09")],
      at("2027-03-09"),
    );
    expect(developer.nextReviewDate).toBe("2027-06-08");
    expect(developer.reviewOverdue).toBe(false);
    expect(developer.status).toBe("green");
  });

  it("does not lower a worse status: red from idle days stays red", () => {
    const developer = alice([certified, ...busy("2027-03-01")], at("2027-03-05", "09:00:00"));
    expect(developer.reviewOverdue).toBe(true);
    expect(developer.status).toBe("red");
  });

  it("uses the config's interval", () => {
    const config = makeConfig({ thresholds: { reviewIntervalMonths: 6 } });
    const developer = evaluate(config, [record("alice", [certified])], at("2027-01-01"))
      .developers[0] as DeveloperStatus;
    expect(developer.nextReviewDate).toBe("2027-06-04");
  });
});

describe("self-reported items", () => {
  it("are open until ticked, and the latest tick counts", () => {
    expect(alice([], at("2026-11-24")).selfReported).toEqual({
      "training-guide": false,
      "trainer-session": false,
      "qa-session": false,
    });
    const developer = alice(
      [
        selfReport("2026-11-23", "training-guide"),
        selfReport("2026-11-23", "qa-session"),
        selfReport("2026-11-24", "qa-session", false),
      ],
      at("2026-11-25"),
    );
    expect(developer.selfReported).toEqual({
      "training-guide": true,
      "trainer-session": false,
      "qa-session": false,
    });
  });
});
