import { Octokit } from "@octokit/rest";
import nock from "nock";
import type { ApplicationFunctionOptions, Probot } from "probot";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { productionApp } from "../../src/app/index.js";
import {
  MAX_REDELIVERIES,
  redeliverFailed,
  startRedeliverySweeps,
} from "../../src/app/redeliver.js";
import type { DeliveriesApi, DeliveryAttempt } from "../../src/github/deliveries.js";

const API = "https://api.github.com";
const SINCE = new Date("2026-11-24T10:00:00Z");

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  const pending = nock.pendingMocks();
  nock.cleanAll();
  vi.useRealTimers();
  expect(pending).toEqual([]);
});

let nextId = 1;
/** One attempt as GitHub lists it; `minute` past 10:00 on 2026-11-24. */
function attempt(guid: string, minute: number, ok: boolean, redelivery = false): DeliveryAttempt {
  return {
    id: nextId++,
    guid,
    delivered_at: `2026-11-24T10:${String(minute).padStart(2, "0")}:00Z`,
    redelivery,
    status: ok ? "OK" : "Invalid HTTP Response: 500",
    status_code: ok ? 200 : 500,
    event: "pull_request_review",
    action: "submitted",
  };
}

/** A fake of the two calls: pages of attempts (newest first), and what was redelivered. */
function fakeApi(pages: DeliveryAttempt[][], recheck: DeliveryAttempt[][] = pages) {
  const redelivered: number[] = [];
  const cursors: (string | undefined)[] = [];
  let reads = 0;
  const api: DeliveriesApi = {
    listWebhookDeliveries: async ({ cursor }) => {
      cursors.push(cursor);
      if (cursor === undefined) reads++;
      // The first read of a sweep, then the one right before redelivering.
      const listed = reads > 1 ? recheck : pages;
      const index = cursor === undefined ? 0 : Number(cursor);
      const link =
        index + 1 < listed.length
          ? `<${API}/app/hook/deliveries?per_page=100&cursor=${index + 1}>; rel="next"`
          : undefined;
      return { data: listed[index] ?? [], headers: link === undefined ? {} : { link } };
    },
    redeliverWebhookDelivery: async ({ delivery_id }) => {
      redelivered.push(delivery_id);
      return {};
    },
  };
  return { api, redelivered, cursors };
}

describe("redeliverFailed", () => {
  it("redelivers the latest attempt of each delivery that never succeeded, and nothing else", async () => {
    const aRedelivered = attempt("a", 20, false, true);
    const aFirst = attempt("a", 10, false);
    const bRedelivered = attempt("b", 15, true, true);
    const bFirst = attempt("b", 12, false);
    const c = attempt("c", 14, true);
    const { api, redelivered } = fakeApi([[aRedelivered, bRedelivered, c, bFirst, aFirst]]);
    const result = await redeliverFailed(api, SINCE);
    expect(redelivered).toEqual([aRedelivered.id]);
    expect(result.checked).toBe(5);
    expect(result.gaveUp).toEqual([]);
  });

  it(`gives up on a delivery after ${MAX_REDELIVERIES} redeliveries and names it`, async () => {
    const attempts = [
      attempt("d", 40, false, true),
      attempt("d", 30, false, true),
      attempt("d", 20, false, true),
      attempt("d", 10, false),
    ];
    const { api, redelivered } = fakeApi([attempts]);
    const result = await redeliverFailed(api, SINCE);
    expect(redelivered).toEqual([]);
    expect(result.gaveUp.map((gaveUp) => gaveUp.id)).toEqual([attempts[0]?.id]);
  });

  it("redelivers a delivery whose latest attempt failed, even after an earlier success", async () => {
    const failedAgain = attempt("l", 30, false, true);
    const { api, redelivered } = fakeApi([[failedAgain, attempt("l", 10, true)]]);
    await redeliverFailed(api, SINCE);
    expect(redelivered).toEqual([failedAgain.id]);
  });

  it("decides from GitHub's list alone: a delivery another instance redelivered meanwhile is left to it", async () => {
    const failed = attempt("m", 10, false);
    const byOther = attempt("m", 11, true, true);
    const { api, redelivered } = fakeApi([[failed]], [[byOther, failed]]);
    const result = await redeliverFailed(api, SINCE);
    expect(redelivered).toEqual([]);
    expect(result.takenOver.map((item) => item.id)).toEqual([failed.id]);
    // A second sweep by any instance sees the newer attempt succeeded: nothing to do.
    const again = fakeApi([[byOther, failed]]);
    await redeliverFailed(again.api, SINCE);
    expect(again.redelivered).toEqual([]);
  });

  it("counts redeliveries from the list: a fresh process gives up as the old one would", async () => {
    const attempts = [attempt("n", 30, false, true), attempt("n", 20, false, true)];
    const first = fakeApi([[...attempts, attempt("n", 10, false)]]);
    expect((await redeliverFailed(first.api, SINCE)).redelivered).toHaveLength(1);
    const third = attempt("n", 40, false, true);
    const later = fakeApi([[third, ...attempts, attempt("n", 10, false)]]);
    const result = await redeliverFailed(later.api, SINCE);
    expect(later.redelivered).toEqual([]);
    expect(result.gaveUp.map((item) => item.id)).toEqual([third.id]);
  });

  it("reads page after page by cursor, and stops at the first attempt before the window", async () => {
    const old = { ...attempt("f", 0, false), delivered_at: "2026-11-24T09:59:00Z" };
    const { api, redelivered, cursors } = fakeApi([
      [attempt("g", 30, false)],
      [attempt("h", 20, true), old],
      [attempt("never-read", 0, false)],
    ]);
    const result = await redeliverFailed(api, SINCE);
    // The sweep's read, then the newest attempts again right before redelivering.
    expect(cursors.slice(0, 2)).toEqual([undefined, "1"]);
    expect(result.checked).toBe(2);
    // The one before the window is left alone: an earlier sweep had it.
    expect(redelivered).toHaveLength(1);
  });

  it("reads at most 10 pages a sweep, and says the window was not read whole", async () => {
    const pages = Array.from({ length: 11 }, (_, page) => [attempt(`p${page}`, 50 - page, true)]);
    const { api, cursors } = fakeApi(pages);
    const result = await redeliverFailed(api, SINCE);
    expect(cursors).toHaveLength(10);
    expect(result).toMatchObject({ checked: 10, complete: false });
    expect((await redeliverFailed(fakeApi(pages.slice(0, 2)).api, SINCE)).complete).toBe(true);
  });

  it("fits Octokit: the App's deliveries listed by cursor from the Link header, one redelivered", async () => {
    const failed = attempt("i", 30, false);
    nock(API)
      .get("/app/hook/deliveries")
      .query({ per_page: "100" })
      .times(2)
      .reply(200, [failed], {
        link: `<${API}/app/hook/deliveries?per_page=100&cursor=v1_9>; rel="next"`,
      });
    nock(API)
      .get("/app/hook/deliveries")
      .query({ per_page: "100", cursor: "v1_9" })
      .times(2)
      .reply(200, [attempt("j", 5, true)]);
    nock(API).post(`/app/hook/deliveries/${failed.id}/attempts`).reply(202, {});
    const octokit = new Octokit({ auth: "app-jwt" });
    const result = await redeliverFailed(octokit.rest.apps, SINCE);
    expect(result.redelivered.map((item) => item.guid)).toEqual(["i"]);
  });
});

describe("startRedeliverySweeps", () => {
  const logs = () => {
    const lines: { level: string; text: string }[] = [];
    const log = Object.fromEntries(
      ["info", "warn", "error", "debug"].map((level) => [
        level,
        (text: string) => void lines.push({ level, text }),
      ]),
    );
    return { lines, log };
  };

  it("sweeps at once and then every interval, as the App", async () => {
    vi.useFakeTimers({ now: new Date("2026-11-24T11:00:00Z") });
    const { api, redelivered } = fakeApi([[attempt("k", 50, false)]]);
    const { lines, log } = logs();
    const auth = vi.fn(async () => ({ rest: { apps: api } }));
    const stop = startRedeliverySweeps({ auth, log } as unknown as Probot, { everyMs: 300_000 });
    await vi.advanceTimersByTimeAsync(0);
    expect(redelivered).toHaveLength(1);
    expect(lines).toEqual([
      {
        level: "info",
        text: expect.stringMatching(/redelivering pull_request_review.submitted k/),
      },
    ]);
    await vi.advanceTimersByTimeAsync(300_000);
    expect(auth).toHaveBeenCalledTimes(2);
    stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(auth).toHaveBeenCalledTimes(2);
  });

  it("warns once when it cannot list the deliveries (no App credentials), and says when it works again", async () => {
    vi.useFakeTimers();
    const { lines, log } = logs();
    let failing = true;
    const auth = async () => {
      if (failing) throw new Error("Bad credentials");
      return { rest: { apps: fakeApi([[]]).api } };
    };
    const stop = startRedeliverySweeps({ auth, log } as unknown as Probot, { everyMs: 60_000 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(lines).toEqual([
      {
        level: "warn",
        text: expect.stringMatching(
          /could not sweep failed deliveries \(Bad credentials\).*APP_ID and PRIVATE_KEY/,
        ),
      },
    ]);
    failing = false;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(lines.at(-1)).toEqual({ level: "info", text: expect.stringMatching(/works again/) });
    stop();
  });
});

describe("productionApp", () => {
  it("refuses a CONTEXT7_REDELIVER_MINUTES that is not a number of minutes, saying what it takes", () => {
    expect(() => productionApp({ CONTEXT7_REDELIVER_MINUTES: "five" })).toThrow(
      /CONTEXT7_REDELIVER_MINUTES must be a number of minutes \(0 turns .* off\), not "five"/,
    );
    expect(() =>
      productionApp({ CONTEXT7_REDELIVER_MINUTES: "0", WEBHOOK_SECRET: "a-secret" }),
    ).not.toThrow();
  });

  it("reads the setting when Probot loads the App, not on import, which the CLI does too", async () => {
    vi.stubEnv("CONTEXT7_REDELIVER_MINUTES", "soon");
    try {
      vi.resetModules();
      const app = (await import("../../src/app/index.js")).default;
      expect(() => app({} as Probot, {} as ApplicationFunctionOptions)).toThrow(
        /CONTEXT7_REDELIVER_MINUTES .* not "soon"/,
      );
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
