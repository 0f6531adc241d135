// How a review result is written down: the message recorded in the parent conversation (so
// the model can act on "fix the second finding"), and the plain-text rendering for terminals.
import type { ReviewFinding, ReviewOutputEvent } from "../protocol/index.js";

/** `path:12` or `path:12-15`; just the path when the model gave no line. */
export function findingLocation(f: ReviewFinding): string {
  const { absolute_file_path: file, line_range: range } = f.code_location;
  if (range.start <= 0) return file;
  return range.end > range.start ? `${file}:${range.start}-${range.end}` : `${file}:${range.start}`;
}

/** The title with its `[Pn]` tag (added when the model left it out). */
export function findingTitle(f: ReviewFinding): string {
  const title = f.title.trim();
  return /^\[P\d\]/.test(title) ? title : `[P${f.priority}] ${title}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? "" : prefix + line))
    .join("\n");
}

/** Every finding as a Markdown list: title and location, then the body indented under it. */
export function formatFindingsBlock(findings: readonly ReviewFinding[]): string {
  const items = findings.map((f) => {
    const head = `- ${findingTitle(f)} — ${findingLocation(f)}`;
    const body = f.body.trim();
    return body === "" ? head : `${head}\n${indent(body, "  ")}`;
  });
  return `Review comments:\n\n${items.join("\n")}`;
}

/** The `<user_action>` message recorded in the parent thread when a review ends (seed B7.8). */
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
  const parts: string[] = [];
  const explanation = output.overall_explanation.trim();
  if (explanation !== "") parts.push(explanation);
  if (output.findings.length > 0) parts.push(formatFindingsBlock(output.findings));
  const results = parts.length > 0 ? parts.join("\n") : "None.";
  return [
    "<user_action>",
    "  <context>User initiated a review task. Here's the full review output from reviewer model. User may select one or more comments to resolve.</context>",
    "  <action>review</action>",
    "  <results>",
    `  ${results}`,
    "  </results>",
    "</user_action>",
    "",
  ].join("\n");
}

/** A review for a terminal: findings by priority with their locations, then the verdict. */
export function renderReviewText(output: ReviewOutputEvent): string {
  const lines: string[] = [];
  const findings = [...output.findings].sort((a, b) => a.priority - b.priority);
  if (findings.length === 0) {
    lines.push("No findings.");
  } else {
    lines.push(`${findings.length} finding${findings.length === 1 ? "" : "s"}:`, "");
    for (const f of findings) {
      lines.push(`${findingTitle(f)}`, `  ${findingLocation(f)}`);
      const body = f.body.trim();
      if (body !== "") lines.push(indent(body, "  "));
      lines.push("");
    }
  }
  const verdict = output.overall_correctness.trim();
  const explanation = output.overall_explanation.trim();
  if (verdict !== "" || explanation !== "") {
    if (findings.length === 0) lines.push("");
    const confidence =
      output.overall_confidence_score > 0
        ? ` (confidence ${output.overall_confidence_score.toFixed(2)})`
        : "";
    if (verdict !== "") lines.push(`Overall: ${verdict}${confidence}`);
    if (explanation !== "") lines.push(explanation);
  }
  return lines.join("\n").replace(/\n+$/, "") + "\n";
}
