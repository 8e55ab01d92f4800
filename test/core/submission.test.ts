import { describe, expect, it } from "vitest";
import { checkSubmission } from "../../src/core/submission.js";
import { makeConfig } from "../support/builders.js";

const config = makeConfig();

const complete = `Exercise: backend-2

## Context7 steps
1. resolve-library-id: "ws"
2. get-library-docs: "/websockets/ws", topic: "production-patterns"

## Best practices
- Heartbeat with ping/pong every 30 s
- Exponential backoff with jitter on reconnect
- Close with a code and a reason

## Tests
Added reconnect tests based on the Context7 examples.`;

describe("checkSubmission", () => {
  it("is not a submission without an Exercise line or [id] title", () => {
    expect(checkSubmission(config, { title: "Fix lobby", body: "LGTM" })).toBeNull();
  });

  it("passes a complete submission, with query-docs as well as get-library-docs", () => {
    const check = checkSubmission(config, { title: "WebSockets", body: complete });
    expect(check?.passed).toBe(true);
    expect(check?.title).toBe("backend-2: all 4 steps documented");
    const modern = complete.replace("get-library-docs", "mcp__context7__query-docs");
    expect(checkSubmission(config, { title: "x", body: modern })?.passed).toBe(true);
  });

  it("lists each missing step with how to fix it", () => {
    const body =
      'Exercise: backend-2\n\nresolve-library-id: "websocket"\nquery-docs: "/websockets/ws", topic: "basics"\n\n## Best practices\n- one\n- two\n';
    const check = checkSubmission(config, { title: "x", body });
    expect(check?.passed).toBe(false);
    expect(check?.items.map((item) => item.done)).toEqual([false, false, false, false]);
    expect(check?.title).toBe("backend-2: 4 of 4 steps missing");
    expect(check?.summary).toContain(
      '- [ ] `resolve-library-id` for "ws"\n  - Add the lookup as a step, for example `resolve-library-id: "ws"`.',
    );
    expect(check?.summary).toContain("(found 2)");
  });

  it("fails an unknown exercise and lists the valid ids", () => {
    const check = checkSubmission(config, { title: "[backend-9] Redis", body: "" });
    expect(check).toMatchObject({
      exerciseId: "backend-9",
      exercise: null,
      passed: false,
      title: 'Unknown exercise "backend-9"',
    });
    expect(check?.summary).toContain("`backend-1`, `backend-2`, `backend-3`, `frontend-1`");
  });

  it("asks four documentation lookups of the end-to-end exercise", () => {
    const lookups = [
      "/prisma/docs",
      "/expressjs/express",
      "/reduxjs/redux",
      "/microsoft/playwright",
    ]
      .map((id) => `query-docs: "${id}", topic: "x"`)
      .join("\n");
    const body = `Exercise: fullstack-e2e\nresolve-library-id: "prisma"\n${lookups}\n## Best practices\n- a\n- b\n- c\n## Tests\nE2E tests.`;
    expect(checkSubmission(config, { title: "x", body })?.passed).toBe(true);
    expect(
      checkSubmission(config, { title: "x", body: body.replace(/.*playwright.*\n/, "") })?.passed,
    ).toBe(false);
  });
});

describe("the pull request template", () => {
  it("is no submission and no Context7 usage until it is filled in", async () => {
    const { readFileSync } = await import("node:fs");
    const { hasReference } = await import("../../src/core/detect.js");
    const template = readFileSync(
      "templates/training-repo/.github/pull_request_template.md",
      "utf8",
    );
    expect(checkSubmission(config, { title: "Add lobby", body: template })).toBeNull();
    expect(hasReference(template)).toBe(false);
    const filled = template
      .replace("Exercise:\n", "Exercise: backend-2\n")
      .replace(
        "## Context7 steps\n",
        '## Context7 steps\nresolve-library-id: "ws"\nquery-docs: "/websockets/ws", topic: "production-patterns"\n',
      );
    expect(
      checkSubmission(config, { title: "x", body: filled })
        ?.items.slice(0, 2)
        .map((item) => item.done),
    ).toEqual([true, true]);
  });
});
