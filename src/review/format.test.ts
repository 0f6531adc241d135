// The expected texts are what the reference Codex 0.169 printed and recorded for the same
// scripted reviewer answer.
import { describe, expect, it } from "vitest";
import type { ReviewFinding, ReviewOutputEvent } from "../protocol/index.js";
import {
  formatFindingsBlock,
  renderReviewOutputText,
  reviewAssistantMessage,
  reviewResultMessage,
} from "./format.js";

function finding(title: string, body: string, start: number, end: number): ReviewFinding {
  return {
    title,
    body,
    confidence_score: 0.5,
    priority: 2,
    code_location: { absolute_file_path: "/r/a.txt", line_range: { start, end } },
  };
}

const two: ReviewOutputEvent = {
  findings: [
    finding("[P2] Second thing", "Body line one.\nBody line two.", 3, 3),
    { ...finding("First thing without tag", "Only body.", 1, 4), priority: 0 },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "Two problems found.",
  overall_confidence_score: 0.8,
};

const TWO_TEXT =
  "Two problems found.\n\nFull review comments:\n\n" +
  "- [P2] Second thing — /r/a.txt:3-3\n  Body line one.\n  Body line two.\n\n" +
  "- First thing without tag — /r/a.txt:1-4\n  Only body.";

describe("renderReviewOutputText", () => {
  it("explanation, blank line, findings in the model's order with their own titles", () => {
    expect(renderReviewOutputText(two)).toBe(TWO_TEXT);
  });

  it("says `Review comment:` for a single finding", () => {
    const one = { ...two, overall_explanation: "", findings: [two.findings[1]!] };
    expect(renderReviewOutputText(one)).toBe(
      "Review comment:\n\n- First thing without tag — /r/a.txt:1-4\n  Only body.",
    );
  });

  it("is just the explanation when there are no findings", () => {
    expect(renderReviewOutputText({ ...two, findings: [], overall_explanation: " Fine. " })).toBe(
      "Fine.",
    );
  });

  it("falls back to Codex's message when the reviewer said nothing", () => {
    expect(renderReviewOutputText({ ...two, findings: [], overall_explanation: "" })).toBe(
      "Reviewer failed to output a response.",
    );
  });
});

describe("formatFindingsBlock", () => {
  it("indents every body line, keeps blank ones, drops a final newline", () => {
    expect(formatFindingsBlock([finding("T", "a\n\nb\n", 1, 2)])).toBe(
      "Review comment:\n\n- T — /r/a.txt:1-2\n  a\n  \n  b",
    );
  });

  it("prints a title line alone for an empty body", () => {
    expect(formatFindingsBlock([finding("T", "", 1, 1)])).toBe(
      "Review comment:\n\n- T — /r/a.txt:1-1",
    );
  });
});

describe("review messages for the parent thread", () => {
  it("wraps the rendered review in <user_action>, closing tag indented as Codex writes it", () => {
    expect(reviewResultMessage(two)).toBe(
      "<user_action>\n" +
        "  <context>User initiated a review task. Here's the full review output from reviewer model. User may select one or more comments to resolve.</context>\n" +
        "  <action>review</action>\n" +
        "  <results>\n" +
        `  ${TWO_TEXT}\n` +
        "  </results>\n" +
        "  </user_action>\n",
    );
  });

  it("has its own template for an interrupted review", () => {
    const text = reviewResultMessage(null);
    expect(text).toContain("but was interrupted");
    expect(text).toContain("  <results>\n  None.\n  </results>\n</user_action>\n");
  });

  it("ends the review turn with the rendered review, or the interrupted notice", () => {
    expect(reviewAssistantMessage(two)).toBe(TWO_TEXT);
    expect(reviewAssistantMessage(null)).toBe(
      "Review was interrupted. Please re-run /review and wait for it to complete.",
    );
  });
});
