/**
 * The scheduled run's issues in the training repo: escalations and the one "configuration
 * problem" issue. All carry the label `context7-training` and a hidden marker in the body,
 * so one listing finds them all and reruns never duplicate one.
 */
import type { Octokit } from "@octokit/rest";
import { hasPlainMarker, isOwnAuthor, plainMarker } from "../core/markers.js";
import { type EscalationAction, type OpenEscalation, parseEscalationMarker } from "../core/plan.js";
import {
  type IssueAction,
  type OpenReview,
  type OpenTracker,
  parseReviewMarker,
} from "../core/plan-trackers.js";
import {
  type OpenRecordEdits,
  parseRecordEditsMarker,
  type RecordEditsAction,
} from "../core/record-edits.js";
import { parseTrackerMarker } from "../core/self-report.js";
import { httpStatus } from "./http.js";

export const ISSUE_LABEL = "context7-training";
const CONFIG_MARKER = plainMarker("config-problem");

export interface RepoRef {
  owner: string;
  repo: string;
}

export interface TrainingIssues {
  escalations: OpenEscalation[];
  trackers: OpenTracker[];
  reviews: OpenReview[];
  /** The open configuration-problem issue, if any. */
  configProblem: number | null;
  /** The open "records edited by hand" issue, if any. */
  recordEdits: OpenRecordEdits | null;
}

/**
 * The open issues this programme wrote, by label and marker. Only issues authored by one of
 * `ownLogins` count: anyone can open an issue whose form applies the label and whose body
 * ends with a marker.
 */
export async function findTrainingIssues(
  octokit: Octokit,
  repo: RepoRef,
  ownLogins: readonly string[],
): Promise<TrainingIssues> {
  const issues = await octokit.paginate(octokit.rest.issues.listForRepo, {
    ...repo,
    state: "open",
    labels: ISSUE_LABEL,
    per_page: 100,
  });
  const found: TrainingIssues = {
    escalations: [],
    trackers: [],
    reviews: [],
    configProblem: null,
    recordEdits: null,
  };
  for (const issue of issues) {
    if (issue.pull_request !== undefined || !isOwnAuthor(issue.user, ownLogins)) continue;
    const body = issue.body ?? "";
    const escalation = parseEscalationMarker(issue.number, body);
    const review = parseReviewMarker(issue.number, body);
    const tracker = parseTrackerMarker(body);
    const recordEdits = parseRecordEditsMarker(issue.number, body);
    if (escalation !== null) found.escalations.push(escalation);
    else if (review !== null) found.reviews.push(review);
    else if (tracker !== null) found.trackers.push({ number: issue.number, ...tracker, body });
    else if (recordEdits !== null) found.recordEdits = recordEdits;
    else if (hasPlainMarker("config-problem", body)) found.configProblem = issue.number;
  }
  return found;
}

/** Creates the label once per run, when the first issue needs it. */
export class LabelGuard {
  private ensured = false;
  constructor(
    private readonly octokit: Octokit,
    private readonly repo: RepoRef,
  ) {}

  async ensure(): Promise<void> {
    if (this.ensured) return;
    try {
      await this.octokit.rest.issues.createLabel({
        ...this.repo,
        name: ISSUE_LABEL,
        color: "5319e7",
        description: "Context7 training programme: escalations and configuration problems",
      });
    } catch (error) {
      // 422: the label exists already.
      if (httpStatus(error) !== 422) throw error;
    }
    this.ensured = true;
  }
}

export async function applyEscalation(
  octokit: Octokit,
  repo: RepoRef,
  labels: LabelGuard,
  action: EscalationAction,
): Promise<void> {
  if (action.action === "close") {
    await closeWithComment(octokit, repo, action.number as number, action.body);
    return;
  }
  await writeIssue(octokit, repo, labels, action);
}

/** Opens, updates or closes (with a comment) a tracker or review issue. */
export async function applyIssueAction(
  octokit: Octokit,
  repo: RepoRef,
  labels: LabelGuard,
  action: IssueAction,
): Promise<void> {
  if (action.action === "close") {
    await closeWithComment(octokit, repo, action.number as number, action.body);
    return;
  }
  await writeIssue(octokit, repo, labels, action);
}

/** Opens, or adds commits to, the one "records edited by hand" issue. */
export async function applyRecordEdits(
  octokit: Octokit,
  repo: RepoRef,
  labels: LabelGuard,
  action: RecordEditsAction,
): Promise<void> {
  await writeIssue(octokit, repo, labels, action);
}

async function closeWithComment(
  octokit: Octokit,
  repo: RepoRef,
  issue_number: number,
  body: string,
) {
  await octokit.rest.issues.createComment({ ...repo, issue_number, body });
  await octokit.rest.issues.update({
    ...repo,
    issue_number,
    state: "closed",
    state_reason: "completed",
  });
}

async function writeIssue(
  octokit: Octokit,
  repo: RepoRef,
  labels: LabelGuard,
  action: {
    action: "open" | "update" | "close";
    number: number | null;
    title: string;
    body: string;
    assignees: string[];
  },
): Promise<void> {
  const fields = { title: action.title, body: action.body, assignees: action.assignees };
  if (action.action === "update") {
    await withAssigneesIfPossible(fields, (f) =>
      octokit.rest.issues.update({ ...repo, issue_number: action.number as number, ...f }),
    );
    return;
  }
  await labels.ensure();
  await withAssigneesIfPossible(fields, (f) =>
    octokit.rest.issues.create({ ...repo, ...f, labels: [ISSUE_LABEL] }),
  );
}

/**
 * GitHub refuses (422) assignees who cannot be assigned in the repo, such as a director
 * without access: the issue is then written without them, saying whom it is for.
 */
async function withAssigneesIfPossible(
  fields: { title: string; body: string; assignees: string[] },
  write: (fields: { title: string; body: string; assignees: string[] }) => Promise<unknown>,
): Promise<void> {
  try {
    await write(fields);
  } catch (error) {
    if (httpStatus(error) !== 422 || fields.assignees.length === 0) throw error;
    const note = `\n\n_Could not assign ${fields.assignees.map((a) => `\`${a}\``).join(", ")}: give them access to this repository._`;
    await write({ ...fields, body: fields.body + note, assignees: [] });
  }
}

/** Opens, or updates, the one configuration-problem issue. */
export async function reportConfigProblem(
  octokit: Octokit,
  repo: RepoRef,
  labels: LabelGuard,
  existing: number | null,
  problems: string[],
  /** Developers whose record file was set aside while the run went on without them. */
  skipped: readonly string[] = [],
): Promise<void> {
  const body = [
    skipped.length === 0
      ? "The scheduled context7-training run stopped: its input is invalid, and nothing was written."
      : `The scheduled context7-training run could not read the records of ${skipped.map((login) => `\`${login}\``).join(", ")}: everyone else was evaluated as usual. Until the files are fixed, these developers show as "record unreadable" on the dashboard, and their escalations and trackers are left as they are.`,
    "",
    ...problems.map((problem) => `- ${problem}`),
    "",
    "Fix these (`npx context7-training validate --config .github/context7-training.yml --records records` lists them), and the next run closes this issue.",
    CONFIG_MARKER,
  ].join("\n");
  const title = "Context7 training: configuration problem";
  if (existing !== null) {
    await octokit.rest.issues.update({ ...repo, issue_number: existing, title, body });
    return;
  }
  await labels.ensure();
  await octokit.rest.issues.create({ ...repo, title, body, labels: [ISSUE_LABEL] });
}

export async function closeConfigProblem(
  octokit: Octokit,
  repo: RepoRef,
  issue: number,
): Promise<void> {
  await closeWithComment(octokit, repo, issue, "The config and records are valid again. Closing.");
}
