/**
 * The scheduled run's issues in the training repo: escalations and the one "configuration
 * problem" issue. All carry the label `context7-training` and a hidden marker in the body,
 * so one listing finds them all and reruns never duplicate one.
 */
import type { Octokit } from "@octokit/rest";
import { hasPlainMarker, isOwnAuthor } from "../core/markers.js";
import { type OpenEscalation, parseEscalationMarker } from "../core/plan.js";
import { type OpenReview, type OpenTracker, parseReviewMarker } from "../core/plan-trackers.js";
import { type OpenRecordEdits, parseRecordEditsMarker } from "../core/record-edits.js";
import type { IssueWrite } from "../core/run-plan.js";
import { parseTrackerMarker } from "../core/self-report.js";
import { httpStatus } from "./http.js";

export const ISSUE_LABEL = "context7-training";

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
    if (escalation !== null)
      found.escalations.push(
        issue.created_at === undefined ? escalation : { ...escalation, openedAt: issue.created_at },
      );
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

/** Opens, updates or closes (with a comment) one of the programme's issues. */
export async function applyIssueWrite(
  octokit: Octokit,
  repo: RepoRef,
  labels: LabelGuard,
  issue: IssueWrite,
): Promise<void> {
  if (issue.write === "close") {
    await closeWithComment(octokit, repo, issue.number, issue.comment);
    return;
  }
  const fields = { title: issue.title, body: issue.body, assignees: issue.assignees };
  if (issue.write === "update") {
    const issue_number = issue.number;
    await withAssigneesIfPossible(fields, (f) =>
      octokit.rest.issues.update({ ...repo, issue_number, ...f }),
    );
    return;
  }
  await labels.ensure();
  await withAssigneesIfPossible(fields, (f) =>
    octokit.rest.issues.create({ ...repo, ...f, labels: [ISSUE_LABEL] }),
  );
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

/**
 * GitHub refuses (422) assignees who cannot be assigned in the repo, such as a director
 * without access: the issue is then written without them, saying whom it is for. An issue
 * written without assignees (the configuration problem) keeps those someone gave it.
 */
async function withAssigneesIfPossible(
  fields: { title: string; body: string; assignees?: string[] | undefined },
  write: (fields: { title: string; body: string; assignees?: string[] }) => Promise<unknown>,
): Promise<void> {
  const { assignees, ...text } = fields;
  try {
    await write(assignees === undefined ? text : { ...text, assignees });
  } catch (error) {
    if (httpStatus(error) !== 422 || assignees === undefined || assignees.length === 0) throw error;
    const note = `\n\n_Could not assign ${assignees.map((a) => `\`${a}\``).join(", ")}: give them access to this repository._`;
    await write({ ...text, body: text.body + note, assignees: [] });
  }
}
