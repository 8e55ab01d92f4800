/**
 * What a training repo holds besides its records, for `init` (which writes it) and `doctor`
 * (which checks it): the scaffold templates shipped in `templates/training-repo/`, the
 * workflow's Action reference, and the labels the code puts on issues.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { CONFIRMATION_ISSUE_LABEL } from "../core/confirmation.js";
import { QUIZ_ISSUE_LABEL } from "../core/quiz.js";
import { ISSUE_LABEL } from "../github/issues.js";

export const WORKFLOW_PATH = ".github/workflows/context7-gates.yml";
export const PR_TEMPLATE_PATH = ".github/pull_request_template.md";
export const FORM_PATHS = [
  ".github/ISSUE_TEMPLATE/context7-confirmation.yml",
  ".github/ISSUE_TEMPLATE/context7-knowledge-check.yml",
] as const;

/** The published Action the scaffolded workflow uses, unless `init --action-ref` says otherwise. */
export const DEFAULT_ACTION_REF = "context7-training/context7-training/action@v1";

/** The `uses:` line of the workflow template; `init` puts the chosen ref in its place. */
export const TEMPLATE_USES_LINE = `- uses: ${DEFAULT_ACTION_REF}`;

/** Labels the code puts on issues, with the colour and description `gh label create` gets. */
export const LABELS: readonly { name: string; color: string; description: string }[] = [
  {
    name: ISSUE_LABEL,
    color: "0e8a16",
    description: "Escalation, tracker and audit issues of the Context7 training programme",
  },
  {
    name: CONFIRMATION_ISSUE_LABEL,
    color: "1d76db",
    description: "A developer's Context7 competency confirmation (Gate 4)",
  },
  {
    name: QUIZ_ISSUE_LABEL,
    color: "5319e7",
    description: "A Context7 knowledge check submission (Gate 1)",
  },
];

/** The shell command that creates a label, as printed in fixes and next steps. */
export function labelCreateCommand(repo: string, label: (typeof LABELS)[number]): string {
  return `gh label create ${label.name} --repo ${repo} --color ${label.color} --description "${label.description}"`;
}

/**
 * The package folder holding `name` (`templates`, `app.yml`): the code runs from `src/cli/`
 * in a checkout, from `dist/src/cli/` when built and from `release/` when bundled, so the
 * folders above this module are searched, nearest first.
 */
export function packageFile(name: string, from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) {
      throw new Error(`${name} is missing from the context7-training package; reinstall it`);
    }
    dir = parent;
  }
}

export function templatesDir(): string {
  return packageFile(join("templates", "training-repo"));
}
