// How a review result is written down, in Codex's shapes: the text `codex review` prints and
// the reviewer's turn ends with, and the `<user_action>` message recorded in the parent
// conversation (so the model can act on "fix the second finding").
import type { ReviewFinding, ReviewOutputEvent } from "../protocol/index.js";

/** Shown when the reviewer gave neither an explanation nor findings. */
export const REVIEW_FALLBACK_MESSAGE = "Reviewer failed to output a response.";

/** The parent thread's assistant message when a review was cut short. */
export const REVIEW_INTERRUPTED_MESSAGE =
  "Review was interrupted. Please re-run /review and wait for it to complete.";

/** `path:start-end`, always both ends (Codex prints `a.txt:3-3` for one line). */
export function findingLocation(f: ReviewFinding): string {
  const { absolute_file_path: file, line_range: range } = f.code_location;
  return `${file}:${range.start}-${range.end}`;
}

/**
 * The findings as Codex lists them, in the model's order and with the model's titles:
 * `Review comment:` (or `Full review comments:` for several), then per finding a blank line,
 * `- <title> — <location>` and the body's lines indented by two spaces.
 */
export function formatFindingsBlock(findings: readonly ReviewFinding[]): string {
  const lines = [findings.length > 1 ? "Full review comments:" : "Review comment:"];
  for (const f of findings) {
    lines.push("", `- ${f.title} — ${findingLocation(f)}`);
    for (const line of bodyLines(f.body)) lines.push(`  ${line}`);
  }
  return lines.join("\n");
}

/** Lines as Rust's `str::lines` gives them: a final newline ends the last line, not a new one. */
function bodyLines(body: string): string[] {
  if (body === "") return [];
  const lines = body.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  if (body.endsWith("\n")) lines.pop();
  return lines;
}

/** The review as text: the overall explanation, a blank line, then the findings block. */
export function renderReviewOutputText(output: ReviewOutputEvent): string {
  const sections: string[] = [];
  const explanation = output.overall_explanation.trim();
  if (explanation !== "") sections.push(explanation);
  if (output.findings.length > 0) {
    const block = formatFindingsBlock(output.findings).trim();
    if (block !== "") sections.push(block);
  }
  return sections.length > 0 ? sections.join("\n\n") : REVIEW_FALLBACK_MESSAGE;
}

/** The `<user_action>` message recorded in the parent thread when a review ends. */
export function reviewResultMessage(output: ReviewOutputEvent | null): string {
  if (output === null) {
    return [
      "<user_action>",
      "  <context>User initiated a review task, but was interrupted. If user asks about this, tell them to re-initiate a review with `/review` and wait for it to complete.</context>",
      "  <action>review</action>",
      "  <results>",
      "  None.",
      "  </results>",
      "</user_action>",
      "",
    ].join("\n");
  }
  // The closing tag is indented here, unlike the interrupted form: Codex writes it that way.
  return [
    "<user_action>",
    "  <context>User initiated a review task. Here's the full review output from reviewer model. User may select one or more comments to resolve.</context>",
    "  <action>review</action>",
    "  <results>",
    `  ${renderReviewOutputText(output)}`,
    "  </results>",
    "  </user_action>",
    "",
  ].join("\n");
}

/** The assistant message that closes the review turn in the parent thread. */
export function reviewAssistantMessage(output: ReviewOutputEvent | null): string {
  return output === null ? REVIEW_INTERRUPTED_MESSAGE : renderReviewOutputText(output);
}
