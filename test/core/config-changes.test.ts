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

  it("lists managers and developers added and removed, and each threshold changed", () => {
    const after = makeConfig({
      managers: ["alice"],
      roster: [developer("alice"), developer("mallory")],
      thresholds: { idleWorkdays: { red: 4 } },
    });
    expect(configChanges(before, after)).toEqual([
      "manager added: `alice`",
      "manager removed: `dev-manager`",
      "developer added: `mallory`",
      "developer removed: `bob`",
      "`thresholds.idleWorkdays.red`: `3` → `4`",
    ]);
    expect(configChanges(before, before)).toEqual([]);
  });

  it("says when the config is no longer valid", () => {
    expect(configChanges(before, null)).toEqual([
      "`.github/context7-training.yml` is now invalid or gone: nothing is recorded",
    ]);
  });
});
