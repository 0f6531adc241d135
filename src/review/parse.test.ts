import { describe, expect, it } from "vitest";
import { parseReviewOutput } from "./parse.js";

const full = {
  findings: [
    {
      title: "[P0] Crash",
      body: "Boom.",
      confidence_score: 0.9,
      priority: 0,
      code_location: { absolute_file_path: "/a.ts", line_range: { start: 3, end: 4 } },
    },
  ],
  overall_correctness: "patch is incorrect",
  overall_explanation: "It crashes.",
  overall_confidence_score: 0.75,
};

describe("parseReviewOutput", () => {
  it("parses the JSON as sent", () => {
    expect(parseReviewOutput(JSON.stringify(full))).toEqual(full);
  });

  it("finds the object inside a Markdown fence and prose", () => {
    const text = `Sure!\n\`\`\`json\n${JSON.stringify(full, null, 2)}\n\`\`\`\nHope that helps {really}.`;
    // The slice runs from the first { to the last }, which here includes "{really}": not JSON.
    expect(parseReviewOutput(text).overall_explanation).toBe(text);
    const fenced = `Sure!\n\`\`\`json\n${JSON.stringify(full, null, 2)}\n\`\`\``;
    expect(parseReviewOutput(fenced)).toEqual(full);
  });

  it("uses the whole text, untrimmed, as the explanation when there is no JSON", () => {
    const text = "  No issues found.\n";
    expect(parseReviewOutput(text)).toEqual({
      findings: [],
      overall_correctness: "",
      overall_explanation: text,
      overall_confidence_score: 0,
    });
  });

  it("fills missing or mistyped fields with defaults", () => {
    const parsed = parseReviewOutput(
      JSON.stringify({ findings: [{ title: "t", priority: "high" }, 7], overall_explanation: 5 }),
    );
    expect(parsed).toEqual({
      findings: [
        {
          title: "t",
          body: "",
          confidence_score: 0,
          priority: 0,
          code_location: { absolute_file_path: "", line_range: { start: 0, end: 0 } },
        },
      ],
      overall_correctness: "",
      overall_explanation: "",
      overall_confidence_score: 0,
    });
  });

  it("a JSON value that is not an object is plain text", () => {
    expect(parseReviewOutput("[1,2]").overall_explanation).toBe("[1,2]");
    expect(parseReviewOutput("} backwards {").overall_explanation).toBe("} backwards {");
  });
});
