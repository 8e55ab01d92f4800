import { describe, expect, it } from "vitest";
import { locateLine } from "../../src/core/yaml-locate.js";

const text = `# comment
trainingRepo: acme/training
roster:
  - login: alice
    role: backend

  - login: bob
    role: qa
    start: 2026-11-23
managers:
- boss
- other
thresholds:
  idleWorkdays:
    yellow: 2
escalation:
  - { level: 1, title: x }
`;

describe("locateLine", () => {
  it("follows keys and sequence items by indentation", () => {
    expect(locateLine(text, ["trainingRepo"])).toBe(2);
    expect(locateLine(text, ["roster", 0, "login"])).toBe(4);
    expect(locateLine(text, ["roster", 1, "start"])).toBe(9);
    expect(locateLine(text, ["roster", 1])).toBe(7);
    expect(locateLine(text, ["managers", 1])).toBe(12);
    expect(locateLine(text, ["thresholds", "idleWorkdays", "yellow"])).toBe(15);
  });

  it("answers with the deepest line it found when it cannot follow further", () => {
    expect(locateLine(text, ["escalation", 0, "title"])).toBe(17);
    expect(locateLine(text, ["roster", 5])).toBe(3);
    expect(locateLine(text, ["nothing"])).toBeUndefined();
    expect(locateLine("", ["a"])).toBeUndefined();
  });
});
