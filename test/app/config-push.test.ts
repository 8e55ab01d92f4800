/**
 * A push that changes the config whose commit no longer has it (a later commit of the same
 * push deleted it): the delivery fails saying so, and no check run is made.
 */
import nock from "nock";
import pino from "pino";
import { Probot } from "probot";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../../src/app/index.js";
import { trainingOctokit } from "../../src/github/octokit.js";
import { configPushEvent } from "../support/webhooks.js";

const API = "https://api.github.com";
const SHA = "d".repeat(40);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  expect(pending).toEqual([]);
});

describe("the config check of a push", () => {
  it("fails the delivery, naming the repo and commit, when the config is not at the pushed commit", async () => {
    const probot = new Probot({
      githubToken: "test-token",
      Octokit: trainingOctokit({ throttle: false, retries: 0 }),
      log: pino({ level: "silent" }),
    });
    await probot.load(
      createApp({ trainingRepo: "acme/context7-training", appLogin: "context7-training[bot]" }),
    );
    nock(API)
      .get("/repos/acme/context7-training/contents/.github%2Fcontext7-training.yml")
      .query({ ref: SHA })
      .reply(404, { message: "Not Found" });
    const event = configPushEvent("acme/context7-training", SHA, "2026-11-24T10:00:00Z");
    await expect(probot.receive(event as Parameters<Probot["receive"]>[0])).rejects.toThrow(
      `.github/context7-training.yml is not in acme/context7-training at ${SHA}, although the push changed it`,
    );
  });
});
