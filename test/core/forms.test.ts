import { describe, expect, it } from "vitest";
import {
  COMMITMENTS,
  CONFIRMATION_ISSUE_LABEL,
  CONFIRMATION_LABELS,
  CONFIRMATION_TITLE_PREFIX,
  DIFFICULTY_OPTIONS,
  isConfirmationForm,
  parseConfirmation,
} from "../../src/core/confirmation.js";
import {
  context7IdsIn,
  fieldText,
  findField,
  NO_RESPONSE,
  parseIssueForm,
} from "../../src/core/forms.js";
import {
  COMPLETE_CONFIRMATION,
  fieldsOf,
  readIssueForm,
  renderSubmittedForm,
} from "../support/issue-forms.js";

describe("parseIssueForm", () => {
  const body = [
    "### Name",
    "",
    "Alice",
    "",
    "### Notes",
    "",
    NO_RESPONSE,
    "",
    "### Boxes",
    "",
    "- [X] First option",
    "- [ ] Second option",
    "",
    "### Choice",
    "",
    "B) The second one",
    "",
    "### Logs",
    "",
    "```shell",
    "### not a heading",
    "npm test",
    "```",
  ].join("\n");

  it("reads each field of a body as GitHub renders a submitted form", () => {
    const form = parseIssueForm(body);
    expect(Object.keys(form)).toEqual(["Name", "Notes", "Boxes", "Choice", "Logs"]);
    expect(form.Name?.text).toBe("Alice");
    expect(form.Notes).toMatchObject({ raw: NO_RESPONSE, text: "" });
    expect(form.Boxes?.checkboxes).toEqual([
      { text: "First option", checked: true },
      { text: "Second option", checked: false },
    ]);
    expect(form.Choice?.text).toBe("B) The second one");
    expect(form.Logs?.text).toBe("### not a heading\nnpm test");
  });

  it("tolerates CRLF, trailing spaces, a lower-case x, HTML comments and added text", () => {
    const edited = [
      "<!-- written by the form -->",
      "###   Name  ",
      "",
      "",
      "Alice   ",
      "and Bob, added later <!-- hidden -->",
      "### Boxes ###",
      "- [x] First option",
      "  * [ ] Second option",
      "<!--",
      "### Choice",
      "-->",
    ].join("\r\n");
    const form = parseIssueForm(edited);
    expect(Object.keys(form)).toEqual(["Name", "Boxes"]);
    expect(form.Name?.text).toBe("Alice\nand Bob, added later");
    expect(form.Boxes?.checkboxes.map((box) => box.checked)).toEqual([true, false]);
  });

  it("keeps a developer's own ### line inside an answer when parsed against the form's labels", () => {
    const withHeading = "### Name\n\nAlice\n\n### My own heading\n\nmore\n\n### Boxes\n\n- [X] a";
    const form = parseIssueForm(withHeading, { labels: ["name", "Boxes"] });
    expect(Object.keys(form)).toEqual(["name", "Boxes"]);
    expect(form.name?.text).toBe("Alice\n\n### My own heading\n\nmore");
  });

  it("finds a field by label in any case and spacing; a missing field reads as empty", () => {
    const form = parseIssueForm(body);
    expect(findField(form, "  CHOICE ")?.text).toBe("B) The second one");
    expect(fieldText(form, "choice:")).toBe("B) The second one");
    expect(fieldText(form, "Nowhere")).toBe("");
  });

  it("never throws on odd input and keeps the first of two equal headings", () => {
    for (const odd of [null, undefined, 42, {}, "", "###", "### ", "```", "<!--", "- [X]"]) {
      expect(() => parseIssueForm(odd)).not.toThrow();
    }
    expect(parseIssueForm("### A\n\none\n\n### A\n\ntwo").A?.text).toBe("one");
    expect(parseIssueForm("### A\n\n```\nunclosed\n### B").A?.raw).toBe("```\nunclosed\n### B");
  });

  it("stays linear on huge and hostile bodies", () => {
    const bodies = [
      `### ${" ".repeat(1_000_000)}x`,
      `### a${"#".repeat(1_000_000)}b`,
      "### A\n\nvalue\n\n".repeat(100_000),
      `- [x]${" ".repeat(1_000_000)}`,
      "/a".repeat(500_000),
      `<!--${"-".repeat(1_000_000)}`,
    ];
    const started = performance.now();
    for (const huge of bodies) {
      const form = parseIssueForm(huge);
      for (const field of Object.values(form)) context7IdsIn(field.text);
      parseConfirmation(huge);
    }
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});

describe("context7IdsIn", () => {
  it("finds library IDs with or without versions, and in context7.com URLs", () => {
    expect(
      context7IdsIn(
        "ws `/websockets/ws`, next (/vercel/next.js/v15.1.8) /vercel/next.js@v15.1.8 https://context7.com/facebook/react",
      ),
    ).toEqual(["/websockets/ws", "/vercel/next.js", "/facebook/react"]);
  });

  it("leaves out paths glued to a word, longer paths and GitHub URLs", () => {
    expect(
      context7IdsIn("src/app/page.tsx /src/app/page/x.ts https://github.com/vercel/next.js a/b/c"),
    ).toEqual([]);
  });
});

const yaml = readIssueForm("context7-confirmation.yml");

/** A confirmation filled in completely, by field id. */

describe("the confirmation form", () => {
  it("has the parser's labels, the plan's commitment sentences as required boxes, and ids", () => {
    expect(yaml.title).toBe(CONFIRMATION_TITLE_PREFIX);
    expect(yaml.labels).toEqual([CONFIRMATION_ISSUE_LABEL]);
    const fields = fieldsOf(yaml);
    expect(fields.map((field) => field.label)).toEqual(CONFIRMATION_LABELS);
    expect(fields.every((field) => /^[a-z0-9-]+$/.test(field.id))).toBe(true);
    expect(new Set(fields.map((field) => field.id)).size).toBe(fields.length);
    expect(new Set(fields.map((field) => field.label)).size).toBe(fields.length);
    for (const commitment of Object.values(COMMITMENTS)) {
      const field = fields.find((candidate) => candidate.label === commitment.label);
      expect(field?.type).toBe("checkboxes");
      expect(field?.attributes.options).toEqual([{ label: commitment.statement, required: true }]);
    }
    const difficulty = fields.find((field) => field.type === "dropdown");
    expect(difficulty?.attributes.options).toEqual([...DIFFICULTY_OPTIONS]);
  });

  it("reads a complete confirmation as GitHub renders it", () => {
    const body = renderSubmittedForm(yaml, COMPLETE_CONFIRMATION);
    expect(body).toContain(
      "### Daily usage commitment\n\n- [X] I commit to using Context7 as my first resource",
    );
    expect(body).toContain("### Additional resources needed\n\n_No response_\n\n");
    expect(isConfirmationForm(body)).toBe(true);
    expect(parseConfirmation(body)).toEqual({
      commitments: { dailyUsage: true, knowledgeSharing: true, codeReview: true },
      useCases: 3,
      realWorld: { described: true, link: "https://github.com/acme/game/pull/42" },
      difficulty: 3,
      feedback: { difficulty: 3, workedWell: "The exercises.", improve: "More frontend examples." },
      missing: [],
    });
  });

  it("lists in plain words what an incomplete confirmation lacks", () => {
    const body = renderSubmittedForm(yaml, {
      ...COMPLETE_CONFIRMATION,
      "knowledge-sharing": false,
      "real-world-review": "reviewed by Bob",
      "next-week-id": "react",
      "ongoing-library": "Playwright",
      "ongoing-topic": "",
      difficulty: undefined,
    });
    const confirmation = parseConfirmation(body);
    expect(confirmation.commitments).toEqual({
      dailyUsage: true,
      knowledgeSharing: false,
      codeReview: true,
    });
    expect(confirmation.useCases).toBe(1);
    expect(confirmation.realWorld).toEqual({ described: true, link: null });
    expect(confirmation.difficulty).toBeNull();
    expect(confirmation.missing).toEqual([
      "a ticked box for the knowledge sharing commitment",
      "a link to the real-world task's code review",
      "a Context7 ID (/owner/repo) for next week's priority",
      "a Context7 ID (/owner/repo) for the ongoing improvement",
      "the topic focus for the ongoing improvement",
      "the training difficulty (1 to 5)",
    ]);
  });

  it("reads a developer's later edit: CRLF, trailing spaces, lower-case x, comments, added text", () => {
    const edited =
      `<!-- edited -->\n${renderSubmittedForm(yaml, { ...COMPLETE_CONFIRMATION, "code-review": false })}`
        .replace(
          "- [ ] I commit to referencing",
          "<!-- ticked later -->\n- [x] I commit to referencing",
        )
        .replace(
          "Drops recover in under 2 s.",
          "Drops recover in under 2 s.   \nUpdate: and in 1 s now.",
        )
        .replaceAll("\n", "\r\n");
    expect(isConfirmationForm(edited)).toBe(true);
    const confirmation = parseConfirmation(edited);
    expect(confirmation.commitments.codeReview).toBe(true);
    expect(confirmation.missing).toEqual([]);
  });

  it("an unticked commitment is missing even when other commitments are ticked", () => {
    const body = renderSubmittedForm(yaml, {
      ...COMPLETE_CONFIRMATION,
      "daily-usage": false,
      "code-review": false,
    });
    expect(parseConfirmation(body).missing.slice(0, 2)).toEqual([
      "a ticked box for the daily usage commitment",
      "a ticked box for the code review integration commitment",
    ]);
  });

  it("is recognised by its headings, not any body", () => {
    expect(isConfirmationForm("### Daily usage commitment\n\n- [X] I commit")).toBe(false);
    expect(isConfirmationForm("Fixes the lobby. use context7")).toBe(false);
    expect(isConfirmationForm(null)).toBe(false);
    const parsed = parseConfirmation("nothing here");
    expect(parsed.commitments).toEqual({
      dailyUsage: false,
      knowledgeSharing: false,
      codeReview: false,
    });
    expect(parsed.useCases).toBe(0);
  });
});
