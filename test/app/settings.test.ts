/**
 * The App's settings (src/app/settings.ts): read once when Probot loads the App, every wrong
 * value named with what it takes, and no start without a webhook secret of our own.
 */
import { createHmac, generateKeyPairSync } from "node:crypto";
import { createServer } from "node:net";
import nock from "nock";
import pino from "pino";
import { Probot, run } from "probot";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { productionApp } from "../../src/app/index.js";
import {
  AppSettingsError,
  type Environment,
  PUBLIC_WEBHOOK_SECRET,
  parseAppSettings,
} from "../../src/app/settings.js";
import { trainingOctokit } from "../../src/github/octokit.js";
import { type LoggedApp, startLoggedApp } from "../support/logged-app.js";
import { SAMPLE_CONFIG } from "../support/offline.js";
import { issueCommentEvent, reviewEvent } from "../support/webhooks.js";

const SECRET = "a-real-webhook-secret";
const AT = "2026-11-24T10:00:00Z";
// Built, not written out: the repository must hold nothing shaped like an answer key.
const VALID_QUIZ_KEY = ["B", "D", "A", "C", "B", "A", "D", "C", "B"]
  .map((letter, index) => `q${index + 1}=${letter}`)
  .join(",");

function problemsOf(env: Environment): string[] {
  const result = parseAppSettings(env);
  return result.ok ? [] : result.problems;
}

function settingsOf(env: Environment) {
  const result = parseAppSettings(env);
  if (!result.ok) throw new Error(result.problems.join("\n"));
  return result;
}

describe("the webhook secret", () => {
  it("is required, with what is missing and how to fix it, unless NODE_ENV is development", () => {
    for (const env of [{}, { WEBHOOK_SECRET: "" }, { WEBHOOK_SECRET: "  " }]) {
      const problems = problemsOf(env);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^WEBHOOK_SECRET is not set: .*public secret "development"/);
      expect(problems[0]).toMatch(/Set WEBHOOK_SECRET to .*or set NODE_ENV=development/);
    }
    expect(problemsOf({ NODE_ENV: "production" })).toHaveLength(1);
    expect(settingsOf({ NODE_ENV: "development" }).value.webhookSecret).toBeNull();
    expect(settingsOf({ WEBHOOK_SECRET: ` ${SECRET} ` }).value.webhookSecret).toBe(SECRET);
  });

  it("may not be Probot's public default outside development", () => {
    expect(problemsOf({ WEBHOOK_SECRET: PUBLIC_WEBHOOK_SECRET })).toEqual([
      expect.stringMatching(/^WEBHOOK_SECRET is Probot's public default "development"/),
    ]);
    expect(problemsOf({ WEBHOOK_SECRET: PUBLIC_WEBHOOK_SECRET, NODE_ENV: "development" })).toEqual(
      [],
    );
  });

  it("is never quoted in a message", () => {
    const result = parseAppSettings({ WEBHOOK_SECRET: SECRET, PORT: "eighty" });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain(SECRET);
  });
});

describe("the App's other settings", () => {
  const base = { WEBHOOK_SECRET: SECRET };

  it("have their defaults when unset or blank", () => {
    const expected = { webhookSecret: SECRET, trainingRepo: undefined, redeliverEveryMinutes: 5 };
    expect(settingsOf(base).value).toEqual(expected);
    expect(
      settingsOf({ ...base, CONTEXT7_TRAINING_REPO: " ", CONTEXT7_REDELIVER_MINUTES: "" }).value,
    ).toEqual(expected);
  });

  it("are read into typed values", () => {
    expect(
      settingsOf({
        ...base,
        CONTEXT7_TRAINING_REPO: "acme/context7-training",
        CONTEXT7_REDELIVER_MINUTES: "0",
      }).value,
    ).toMatchObject({ trainingRepo: "acme/context7-training", redeliverEveryMinutes: 0 });
    expect(settingsOf({ ...base, CONTEXT7_REDELIVER_MINUTES: "2.5" }).value).toMatchObject({
      redeliverEveryMinutes: 2.5,
    });
  });

  it.each([
    [
      "CONTEXT7_TRAINING_REPO",
      "context7-training",
      /^CONTEXT7_TRAINING_REPO must be owner\/name of the training repo, for example acme\/context7-training, not "context7-training"$/,
    ],
    [
      "CONTEXT7_TRAINING_REPO",
      "acme/context7 training",
      /^CONTEXT7_TRAINING_REPO must be owner\/name .* not "acme\/context7 training"$/,
    ],
    [
      "CONTEXT7_REDELIVER_MINUTES",
      "five",
      /^CONTEXT7_REDELIVER_MINUTES must be a number of minutes \(0 turns .* off\), not "five"$/,
    ],
    ["CONTEXT7_REDELIVER_MINUTES", "-1", /^CONTEXT7_REDELIVER_MINUTES must be .* not "-1"$/],
    ["CONTEXT7_REDELIVER_MINUTES", "Infinity", /^CONTEXT7_REDELIVER_MINUTES .* not "Infinity"$/],
    ["PORT", "80a", /^PORT must be the port number .*\(1 to 65535; default 3000\), not "80a"$/],
    ["PORT", "65536", /^PORT must be .* not "65536"$/],
    ["PORT", "0", /^PORT must be .* not "0"$/],
  ])("refuse %s=%s, naming the variable, the value and what it takes", (name, value, message) => {
    expect(problemsOf({ ...base, [name]: value })).toEqual([expect.stringMatching(message)]);
  });

  it("check the quiz key and the signing key with their own parsers, never quoting them", () => {
    expect(settingsOf({ ...base, CONTEXT7_QUIZ_KEY: VALID_QUIZ_KEY }).value).toBeDefined();
    const quiz = problemsOf({ ...base, CONTEXT7_QUIZ_KEY: "q1=B,q2=Z" });
    expect(quiz).toEqual([expect.stringMatching(/^CONTEXT7_QUIZ_KEY is not a valid answer key/)]);
    expect(quiz[0]).not.toContain("q1=B");
    const signing = problemsOf({ ...base, CONTEXT7_CREDENTIAL_KEY_ID: "https://acme.example/k" });
    expect(signing).toEqual([
      expect.stringMatching(/^CONTEXT7_CREDENTIAL_KEY_ID is set but CONTEXT7_CREDENTIAL_KEY/),
    ]);
  });

  it("are all reported at once, in one message", () => {
    const env = { CONTEXT7_REDELIVER_MINUTES: "soon", CONTEXT7_TRAINING_REPO: "acme" };
    expect(problemsOf(env)).toHaveLength(3);
    expect(() => productionApp(env)).toThrow(AppSettingsError);
    expect(() => productionApp(env)).toThrow(
      /^The context7-training App cannot start: 3 settings are wrong\.\n- WEBHOOK_SECRET is not set.*\n- CONTEXT7_TRAINING_REPO .*\n- CONTEXT7_REDELIVER_MINUTES .*\nFix them in the App's environment \(or \.env\)/,
    );
  });

  it("are logged as warnings when the App loads, for an unknown CONTEXT7_ variable", async () => {
    const lines: { level: string; msg: string }[] = [];
    const probot = new Probot({
      githubToken: "test",
      log: pino(
        { level: "info", formatters: { level: (label) => ({ level: label }) } },
        {
          write(line: string) {
            const { level, msg } = JSON.parse(line);
            lines.push({ level, msg });
          },
        },
      ),
    });
    await probot.load(
      productionApp({ ...base, CONTEXT7_REDELIVER_MINUTES: "0", CONTEXT7_TRAINING_REPOS: "a/b" }),
    );
    expect(lines).toEqual([
      {
        level: "warn",
        msg: expect.stringMatching(/^context7-training: CONTEXT7_TRAINING_REPOS is not a setting/),
      },
    ]);
  });

  it("warn about a CONTEXT7_ variable the App does not know (a typo)", () => {
    expect(settingsOf({ ...base, CONTEXT7_QUIZKEY: "x" }).warnings).toEqual([
      expect.stringMatching(/^CONTEXT7_QUIZKEY is not a setting of the App .*CONTEXT7_QUIZ_KEY/),
    ]);
    expect(settingsOf(base).warnings).toEqual([]);
  });
});

describe("npm start (Probot's run) with the App's settings", () => {
  const privateKey = generateKeyPairSync("rsa", { modulusLength: 2048 })
    .privateKey.export({ type: "pkcs1", format: "pem" })
    .toString();
  let stop: (() => Promise<void>) | undefined;

  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect("127.0.0.1");
  });
  afterAll(() => nock.enableNetConnect());
  afterEach(async () => {
    await stop?.();
    stop = undefined;
  });

  function freePort(): Promise<number> {
    return new Promise((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
  }

  async function start(settings: Environment) {
    const port = await freePort();
    const env = {
      APP_ID: "1",
      PRIVATE_KEY: privateKey,
      PORT: String(port),
      HOST: "127.0.0.1",
      CONTEXT7_REDELIVER_MINUTES: "0",
      CONTEXT7_TRAINING_REPO: "acme/context7-training",
      ...settings,
    };
    const server = await run((probot, options) => productionApp(env)(probot, options), {
      env,
      log: pino({ level: "silent" }),
      Octokit: trainingOctokit({ throttle: false, retries: 0 }),
    });
    stop = () => server.stop();
    return `http://127.0.0.1:${port}/api/github/webhooks`;
  }

  // A review without a Context7 reference: the App answers it without any API call.
  const body = JSON.stringify(
    reviewEvent({
      reviewer: "alice",
      author: "bob",
      repo: "acme/game",
      body: "",
      at: "2026-11-24T10:00:00Z",
    }).payload,
  );
  const deliver = (url: string, secret: string) =>
    fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "x-github-event": "pull_request_review",
        "x-github-delivery": "11111111-2222-4333-8444-555555555555",
        "x-hub-signature-256": `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`,
      },
      body,
    });

  it("refuses to start without WEBHOOK_SECRET, with the settings message", async () => {
    await expect(start({})).rejects.toThrow(
      /cannot start: a setting is wrong\.\n- WEBHOOK_SECRET is not set/,
    );
  });

  it("refuses a delivery signed with the public secret once a real one is set", async () => {
    const url = await start({ WEBHOOK_SECRET: SECRET });
    expect((await deliver(url, PUBLIC_WEBHOOK_SECRET)).status).toBe(400);
    expect((await deliver(url, SECRET)).status).toBe(200);
  });

  it("starts without a secret in development, where the public one signs", async () => {
    const url = await start({ NODE_ENV: "development" });
    expect((await deliver(url, PUBLIC_WEBHOOK_SECRET)).status).toBe(200);
  });
});

describe("one training repo", () => {
  let app: LoggedApp;
  afterEach(async () => {
    expect(app.standIn.unexpected).toEqual([]);
    await app.stop();
  });
  const citing = () =>
    issueCommentEvent({ author: "alice", repo: "acme/game", body: "use context7", at: AT });

  it("is the config's: when CONTEXT7_TRAINING_REPO names another, the App says so and records nothing", async () => {
    app = await startLoggedApp({
      configText: SAMPLE_CONFIG.replace(
        "trainingRepo: acme/context7-training",
        "trainingRepo: acme/programme",
      ),
    });
    await app.receive(citing());
    expect(app.standIn.requests.map((request) => request.method)).toEqual(["GET"]);
    expect(app.lines).toContainEqual({
      level: "error",
      msg: "context7-training: the config at acme/context7-training/.github/context7-training.yml says trainingRepo: acme/programme, but the App reads its training repo from CONTEXT7_TRAINING_REPO, acme/context7-training; nothing is recorded until they agree. Set trainingRepo in the config and CONTEXT7_TRAINING_REPO to the same repository",
    });
  });

  it("is the config's when CONTEXT7_TRAINING_REPO agrees, whatever the case", async () => {
    app = await startLoggedApp({ app: { trainingRepo: "Acme/Context7-Training" } });
    await app.receive(citing());
    expect(app.standIn.requests.filter((request) => request.method !== "GET")).toHaveLength(1);
    expect(app.lines.filter((line) => line.level === "error")).toEqual([]);
  });
});
