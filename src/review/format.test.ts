import { describe, expect, it } from "vitest";
import type { ReviewOutputEvent } from "../protocol/index.js";
import { formatFindingsBlock, renderReviewText, reviewResultMessage } from "./format.js";

const output: ReviewOutputEvent = {
  findings: [
    {
      title: "Close the file",
      body: "The handle leaks on error.\nSee the early return.",
      confidence_score: 0.6,
      priority: 2,
      code_location: { absolute_file_path: "/r/io.ts", line_range: { start: 8, end: 8 } },
    },
  ],
  overall_correctness: "patch is correct",
  overall_explanation: "  Fine apart from a leak.  ",
  overall_confidence_score: 0.5,
};

describe("review result message", () => {
  it("wraps the explanation and findings in the <user_action> template", () => {
    expect(reviewResultMessage(output)).toBe(
      "<user_action>\n" +
        "  <context>User initiated a review task. Here's the full review output from reviewer model. User may select one or more comments to resolve.</context>\n" +
        "  <action>review</action>\n" +
        "  <results>\n" +
        "  Fine apart from a leak.\n" +
        "Review comments:\n\n" +
        "- [P2] Close the file — /r/io.ts:8\n" +
        "  The handle leaks on error.\n" +
        "  See the early return.\n" +
        "  </results>\n" +
        "</user_action>\n",
    );
  });

  it("has its own template for an interrupted review", () => {
    const text = reviewResultMessage(null);
    expect(text).toContain("but was interrupted");
    expect(text).toContain("  <results>\n  None.\n  </results>\n</user_action>\n");
  });

  it("keeps a title's own [Pn] tag", () => {
    const block = formatFindingsBlock([{ ...output.findings[0]!, title: "[P0] Urgent" }]);
    expect(block).toContain("- [P0] Urgent — /r/io.ts:8");
  });
});

describe("renderReviewText", () => {
  it("lists findings by priority, then the verdict", () => {
    expect(renderReviewText(output)).toBe(
      [
        "1 finding:",
        "",
        "[P2] Close the file",
        "  /r/io.ts:8",
        "  The handle leaks on error.",
        "  See the early return.",
        "",
        "Overall: patch is correct (confidence 0.50)",
        "Fine apart from a leak.",
        "",
      ].join("\n"),
    );
  });
});
