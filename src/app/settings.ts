/**
 * The App's settings, read from its environment once, when Probot loads the App (after
 * Probot has applied `.env`), by one zod schema. The rest of the App receives the typed
 * result. A wrong value stops the start with one message listing every problem, each naming
 * the variable, the value (never a secret's) and what it takes.
 *
 * Probot reads APP_ID, PRIVATE_KEY, WEBHOOK_SECRET and PORT itself; the two it would
 * silently replace by a default (the public webhook secret, port 3000) are checked here too.
 */
import { z } from "zod";
import { REPOSITORY_NAME } from "../core/config.js";
import { credentialSigningFromEnv } from "../core/credential.js";
import { parseAnswerKey, QUIZ_KEY_VARIABLE } from "../core/quiz.js";

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * What Probot checks signatures against when WEBHOOK_SECRET is unset. It is public, so a
 * delivery signed with it proves nothing.
 */
export const PUBLIC_WEBHOOK_SECRET = "development";

export interface AppSettings {
  /** The secret deliveries are signed with; null only when NODE_ENV is development. */
  webhookSecret: string | null;
  /** owner/name from CONTEXT7_TRAINING_REPO; undefined: `context7-training` in the event's account. */
  trainingRepo: string | undefined;
  /** Minutes between sweeps for failed deliveries; 0: no sweep. */
  redeliverEveryMinutes: number;
}

export class AppSettingsError extends Error {
  override name = "AppSettingsError";
  constructor(readonly problems: readonly string[]) {
    super(
      `The context7-training App cannot start: ${problems.length === 1 ? "a setting is" : `${problems.length} settings are`} wrong.\n${problems.map((problem) => `- ${problem}`).join("\n")}\nFix ${problems.length === 1 ? "it" : "them"} in the App's environment (or .env) and start it again; .env.example lists every setting.`,
    );
  }
}

/** A variable's value, with unset and blank read alike. */
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === "" ? undefined : value.trim()));

/**
 * The secret, on its own: zod checks an object's refinements only once its fields are
 * valid, and a missing secret must be reported together with any other problem.
 */
const webhookSecretSchema = z
  .looseObject({ NODE_ENV: optionalText, WEBHOOK_SECRET: optionalText })
  .superRefine((env, context) => {
    const development = env.NODE_ENV === "development";
    if (env.WEBHOOK_SECRET === undefined && !development) {
      context.addIssue({
        code: "custom",
        message: `WEBHOOK_SECRET is not set: without it Probot checks deliveries against the public secret "${PUBLIC_WEBHOOK_SECRET}", so anyone could forge events. Set WEBHOOK_SECRET to the webhook secret in the GitHub App's settings (Probot's setup wizard writes it to .env), or set NODE_ENV=development to run without one on your own machine`,
      });
    } else if (env.WEBHOOK_SECRET === PUBLIC_WEBHOOK_SECRET && !development) {
      context.addIssue({
        code: "custom",
        message: `WEBHOOK_SECRET is Probot's public default "${PUBLIC_WEBHOOK_SECRET}", which anyone can sign with: set it to a long random secret (for example \`openssl rand -hex 32\`), in the GitHub App's settings too`,
      });
    }
  });

const settingsSchema = z
  .looseObject({
    WEBHOOK_SECRET: optionalText,
    CONTEXT7_TRAINING_REPO: optionalText.refine(
      (value) => value === undefined || REPOSITORY_NAME.test(value),
      {
        error: (issue) =>
          `CONTEXT7_TRAINING_REPO must be owner/name of the training repo, for example acme/context7-training, not "${String(issue.input)}"`,
      },
    ),
    CONTEXT7_REDELIVER_MINUTES: optionalText.transform((value, context) => {
      if (value === undefined) return 5;
      const minutes = Number(value);
      if (Number.isFinite(minutes) && minutes >= 0) return minutes;
      context.addIssue({
        code: "custom",
        message: `CONTEXT7_REDELIVER_MINUTES must be a number of minutes (0 turns the redelivery of failed deliveries off), not "${value}"`,
      });
      return z.NEVER;
    }),
    PORT: optionalText.refine(
      (value) =>
        value === undefined ||
        (/^\d+$/.test(value) && Number(value) >= 1 && Number(value) <= 65_535),
      {
        error: (issue) =>
          `PORT must be the port number the App listens on (1 to 65535; default 3000), not "${String(issue.input)}"`,
      },
    ),
  })
  .transform(
    (env): AppSettings => ({
      webhookSecret: env.WEBHOOK_SECRET ?? null,
      trainingRepo: env.CONTEXT7_TRAINING_REPO,
      redeliverEveryMinutes: env.CONTEXT7_REDELIVER_MINUTES,
    }),
  );

/** Settings the App knows; any other CONTEXT7_* variable is most likely a typo. */
const KNOWN_SETTINGS = new Set([
  "CONTEXT7_TRAINING_REPO",
  "CONTEXT7_REDELIVER_MINUTES",
  QUIZ_KEY_VARIABLE,
  "CONTEXT7_CREDENTIAL_KEY",
  "CONTEXT7_CREDENTIAL_KEY_ID",
]);

export type SettingsResult =
  | { ok: true; value: AppSettings; warnings: string[] }
  | { ok: false; problems: string[] };

/**
 * Every problem at once. The quiz key and the credential signing key are checked with the
 * parsers that use them (which never quote a secret); unset, they are simply off.
 */
export function parseAppSettings(env: Environment): SettingsResult {
  const secret = webhookSecretSchema.safeParse(env);
  const parsed = settingsSchema.safeParse(env);
  const problems = [secret, parsed].flatMap((result) =>
    result.success ? [] : result.error.issues.map((issue) => issue.message),
  );
  const quizKey = env[QUIZ_KEY_VARIABLE];
  if (quizKey !== undefined && quizKey.trim() !== "") {
    const key = parseAnswerKey(quizKey);
    if (!key.ok) problems.push(key.message);
  }
  const signing = credentialSigningFromEnv(env);
  if (signing.problem !== null) problems.push(signing.problem);
  if (!parsed.success || problems.length > 0) return { ok: false, problems };
  const warnings = Object.keys(env)
    .filter((name) => name.startsWith("CONTEXT7_") && !KNOWN_SETTINGS.has(name))
    .sort()
    .map(
      (name) =>
        `${name} is not a setting of the App and is ignored; the App reads ${[...KNOWN_SETTINGS].join(", ")}`,
    );
  return { ok: true, value: parsed.data, warnings };
}

/** The settings, or an `AppSettingsError` listing every problem. */
export function loadAppSettings(env: Environment): { settings: AppSettings; warnings: string[] } {
  const result = parseAppSettings(env);
  if (!result.ok) throw new AppSettingsError(result.problems);
  return { settings: result.value, warnings: result.warnings };
}
