/**
 * Issue forms in tests: read a form from `templates/training-repo/.github/ISSUE_TEMPLATE/`
 * (what `init` scaffolds) and render the body GitHub writes for a submitted one: `### <label>`, a blank line, the value; `_No response_`
 * for an empty field; checkboxes as `- [X] <option>` / `- [ ] <option>`; a dropdown as the
 * chosen option's text; a textarea with `render:` inside a code fence. Markdown elements are
 * not rendered.
 */
import { readFileSync } from "node:fs";
import { load } from "js-yaml";

export interface FormElement {
  type: "markdown" | "input" | "textarea" | "dropdown" | "checkboxes";
  id?: string;
  attributes: {
    label?: string;
    value?: string;
    render?: string;
    options?: (string | { label: string; required?: boolean })[];
  };
}

export interface IssueFormYaml {
  name: string;
  title: string;
  labels: string[];
  body: FormElement[];
}

export function readIssueForm(file: string): IssueFormYaml {
  // Relative to the checkout, as the tests and the benchmark run from it.
  return load(
    readFileSync(`templates/training-repo/.github/ISSUE_TEMPLATE/${file}`, "utf8"),
  ) as IssueFormYaml;
}

/** The fields of a form (no markdown), each with its label. */
export function fieldsOf(form: IssueFormYaml): (FormElement & { id: string; label: string })[] {
  return form.body
    .filter((element) => element.type !== "markdown")
    .map((element) => ({
      ...element,
      id: element.id ?? "",
      label: element.attributes.label ?? "",
    }));
}

/**
 * Answers by field id: text for inputs and textareas; for a dropdown, the option's text or
 * its leading letter (`"B"` picks `B) …`); for checkboxes, one boolean per option (or one for
 * all). A field without an answer renders as `_No response_` (checkboxes: unticked).
 */
export type Answers = Record<string, string | boolean | boolean[] | undefined>;

export function renderSubmittedForm(form: IssueFormYaml, answers: Answers): string {
  return fieldsOf(form)
    .map((field) => `### ${field.label}\n\n${renderValue(field, answers[field.id])}`)
    .join("\n\n");
}

function renderValue(field: FormElement, answer: Answers[string]): string {
  if (field.type === "checkboxes") {
    const options = field.attributes.options ?? [];
    return options
      .map((option, index) => {
        const label = typeof option === "string" ? option : option.label;
        const ticked = Array.isArray(answer) ? answer[index] === true : answer === true;
        return `- [${ticked ? "X" : " "}] ${label}`;
      })
      .join("\n");
  }
  if (typeof answer !== "string" || answer === "") return "_No response_";
  if (field.type === "dropdown") {
    const options = (field.attributes.options ?? []) as string[];
    return options.find((option) => option === answer || option.startsWith(`${answer})`)) ?? answer;
  }
  const render = field.attributes.render;
  return render === undefined ? answer : `\`\`\`${render}\n${answer}\n\`\`\``;
}

/** A complete confirmation form, as a developer fills it in. */
export const COMPLETE_CONFIRMATION: Answers = {
  "daily-usage": true,
  "knowledge-sharing": true,
  "code-review": true,
  "real-world-task": "Reconnection for the lobby socket, following Context7's ws docs.",
  "real-world-libraries": "ws: /websockets/ws\nNode.js: /nodejs/node",
  "real-world-outcome": "Drops recover in under 2 s.",
  "real-world-review": "https://github.com/acme/game/pull/42",
  "real-world-lessons": "Heartbeats belong on the server.",
  "current-task": "Lobby regions",
  "current-task-library": "Hathora",
  "current-task-id": "/hathora/server-sdk",
  "current-task-topic": "lobby-advanced",
  "current-task-outcome": "Region selection",
  "next-week": "Memoised renderer",
  "next-week-library": "React",
  "next-week-id": "`/facebook/react`",
  "next-week-topic": "performance",
  "next-week-outcome": "Fewer renders",
  ongoing: "Visual tests",
  "ongoing-library": "Playwright /microsoft/playwright",
  "ongoing-id": "",
  "ongoing-topic": "visual-testing",
  "ongoing-outcome": "Stable screenshots",
  "worked-well": "The exercises.",
  improve: "More frontend examples.",
  resources: "",
  difficulty: "3 - moderate",
  "difficulty-explanation": "New tools, clear guide.",
};
