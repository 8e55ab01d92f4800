import { describe, expect, it } from "vitest";
import { configChanges, mayChangeConfig } from "../../src/core/config-changes.js";
import { makeConfig } from "../support/builders.js";

describe("a change to the programme's config", () => {
  const developer = (login: string) => ({ login, role: "backend" as const, start: "2026-11-23" });
  const before = makeConfig({
    managers: ["dev-manager"],
    roster: [developer("alice"), developer("bob")],
  });

  it("may be made only by a manager of the config before it, whatever the case", () => {
    expect(mayChangeConfig(before, "Dev-Manager")).toBe(true);
    expect(mayChangeConfig(before, "alice")).toBe(false);
  });

  it("lists managers, then settings, then developers added and removed", () => {
    const after = makeConfig({
      managers: ["alice"],
      roster: [developer("alice"), developer("mallory")],
      thresholds: { idleWorkdays: { red: 4 } },
    });
    expect(configChanges(before, after)).toEqual([
      "manager added: `alice`",
      "manager removed: `dev-manager`",
      "`thresholds.idleWorkdays.red`: `3` → `4`",
      "developer added: `mallory`",
      "developer removed: `bob`",
    ]);
    expect(configChanges(before, before)).toEqual([]);
  });

  it("shows the element a long list gained, and a developer's entry changed", () => {
    const holidays = ["2026-12-24", "2026-12-25", "2026-12-26", "2026-12-31", "2027-01-01"];
    const withHolidays = (days: string[]) =>
      makeConfig({ managers: ["dev-manager"], roster: [developer("alice")], holidays: days });
    const later = makeConfig({
      managers: ["dev-manager"],
      roster: [{ ...developer("alice"), role: "qa" as const }],
      holidays: [...holidays, "2027-01-02"],
    });
    expect(configChanges(withHolidays(holidays), later)).toEqual([
      '`holidays`: added `"2027-01-02"`',
      'developer `alice`: `role`: `"backend"` → `"qa"`',
    ]);
    expect(configChanges(withHolidays(holidays), withHolidays([...holidays].reverse()))).toEqual([
      "`holidays`: reordered",
    ]);
  });

  it("lists at most 20 developers added, counting the rest, so padding hides no setting", () => {
    const padded = makeConfig({
      managers: ["dev-manager"],
      roster: [
        developer("alice"),
        developer("bob"),
        ...Array.from({ length: 30 }, (_, i) => developer(`dummy-${i}`)),
      ],
      thresholds: { knowledgeScore: 50 },
    });
    const changes = configChanges(before, padded);
    expect(changes[0]).toBe("`thresholds.knowledgeScore`: `85` → `50`");
    expect(changes.filter((line) => line.startsWith("developer added:"))).toHaveLength(20);
    expect(changes.at(-1)).toBe("… and 10 more developers added (30 in all)");
  });

  it("says when the config is no longer valid", () => {
    expect(configChanges(before, null)).toEqual([
      "`.github/context7-training.yml` is now invalid, a link or gone: nothing is recorded",
    ]);
  });
});
