/**
 * `npm start`: runs the App on Probot's server with our Octokit settings. Without APP_ID,
 * Probot shows its setup wizard, which registers the App from app.yml.
 */
import { run } from "probot";
import { TrainingOctokit } from "../github/octokit.js";
import { productionApp } from "./index.js";

await run(productionApp(), { Octokit: TrainingOctokit });
