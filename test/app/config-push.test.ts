/**
 * The config check of a push whose commit no longer has the config (a later commit of the
 * same push deleted it, or the push deleted it): a failing check says so; nothing throws.
 */
import { afterEach, describe, expect, it } from "vitest";
import { CONFIG_CHECK_NAME } from "../../src/app/push.js";
import { type Harness, startHarness } from "../support/offline.js";
import { configPushEvent } from "../support/webhooks.js";

const TRAINING = "acme/context7-training";
const SHA = "d".repeat(40);
let harness: Harness;

afterEach(async () => {
  expect(harness.standIn.unexpected).toEqual([]);
  await harness.stop();
});

describe("the config check of a push", () => {
  it("fails the check, saying nothing is recorded, when the config is not at the pushed commit", async () => {
    harness = await startHarness();
    harness.standIn.configAtRef.set(SHA, null);
    await harness.receive(configPushEvent(TRAINING, SHA, "2026-11-24T10:00:00Z"));
    const runs = harness.standIn.outbox.filter((request) => request.path.endsWith("/check-runs"));
    expect(runs.map((run) => run.body)).toEqual([
      expect.objectContaining({
        name: CONFIG_CHECK_NAME,
        head_sha: SHA,
        conclusion: "failure",
        output: expect.objectContaining({
          title: ".github/context7-training.yml is missing",
          summary:
            "Nothing is recorded until `.github/context7-training.yml` is back on the default branch.",
        }),
      }),
    ]);
  });
});
