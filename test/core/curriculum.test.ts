import { describe, expect, it } from "vitest";
import {
  buildCatalog,
  countTowardsRequirement,
  DEFAULT_EXERCISES,
  DEFAULT_REQUIREMENTS,
  requiredCount,
} from "../../src/core/curriculum.js";

describe("curriculum", () => {
  it("holds the plan's eight exercises, each library with its Context7 ID and topic", () => {
    expect(DEFAULT_EXERCISES.map((exercise) => exercise.id)).toEqual([
      "backend-1",
      "backend-2",
      "backend-3",
      "frontend-1",
      "frontend-2",
      "frontend-3",
      "fullstack-e2e",
      "qa-playwright",
    ]);
    expect(DEFAULT_EXERCISES.find((exercise) => exercise.id === "backend-2")).toMatchObject({
      library: "ws",
      libraryId: "/websockets/ws",
      topic: "production-patterns",
    });
    for (const exercise of DEFAULT_EXERCISES.filter((e) => e.library !== null)) {
      expect(exercise.steps[0]).toBe(`resolve-library-id: "${exercise.library}"`);
      expect(exercise.steps[1]).toBe(
        `get-library-docs: "${exercise.libraryId}", topic: "${exercise.topic}"`,
      );
    }
  });

  it("requires 3, 3, 5 and 3 exercises of backend, frontend, full-stack and QA developers", () => {
    expect(requiredCount(DEFAULT_REQUIREMENTS.backend)).toBe(3);
    expect(requiredCount(DEFAULT_REQUIREMENTS.frontend)).toBe(3);
    expect(requiredCount(DEFAULT_REQUIREMENTS.fullstack)).toBe(5);
    expect(requiredCount(DEFAULT_REQUIREMENTS.qa)).toBe(3);
  });

  it("counts each passed exercise towards one clause only, specific clauses first", () => {
    const qa = DEFAULT_REQUIREMENTS.qa;
    expect(countTowardsRequirement(qa, ["qa-playwright"])).toBe(1);
    expect(countTowardsRequirement(qa, ["backend-1", "frontend-1", "frontend-2"])).toBe(2);
    expect(countTowardsRequirement(qa, ["qa-playwright", "backend-1", "frontend-1"])).toBe(3);
    const fullstack = DEFAULT_REQUIREMENTS.fullstack;
    expect(countTowardsRequirement(fullstack, ["backend-1", "backend-2", "backend-3"])).toBe(2);
  });

  it("replaces an exercise by id and adds new ones from the config", () => {
    const replaced = {
      ...(DEFAULT_EXERCISES[0] as (typeof DEFAULT_EXERCISES)[number]),
      topic: "matchmaking",
    };
    const added = { ...replaced, id: "backend-4", title: "Redis Streams" };
    const catalog = buildCatalog([replaced, added]);
    expect(catalog).toHaveLength(9);
    expect(catalog.find((exercise) => exercise.id === "backend-1")?.topic).toBe("matchmaking");
  });
});
