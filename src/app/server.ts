/**
 * `npm start`: runs the App on Probot's server with our Octokit settings. Without APP_ID,
 * Probot shows its setup wizard, which registers the App from app.yml. The App's settings
 * are read once Probot has applied `.env`; a wrong one stops the start with one message.
 */
import { run } from "probot";
import { TrainingOctokit } from "../github/octokit.js";
import app from "./index.js";
import { AppSettingsError } from "./settings.js";

try {
  await run(app, { Octokit: TrainingOctokit });
} catch (error) {
  if (!(error instanceof AppSettingsError)) throw error;
  console.error(error.message);
  process.exit(1);
}
