// Turning the reviewer's final message into a ReviewOutputEvent (seed-spec B7.6): the JSON as
// sent, else the outermost {...} inside the text (Markdown fences, prose around it), else the
// whole text as the explanation.
import type { ReviewFinding, ReviewOutputEvent } from "../protocol/index.js";
import { isJsonObject } from "../util/json-object.js";

export function emptyReviewOutput(): ReviewOutputEvent {
  return {
    findings: [],
    overall_correctness: "",
    overall_explanation: "",
    overall_confidence_score: 0,
  };
}

type Json = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function int(value: unknown): number {
  return Math.trunc(num(value));
}

function finding(value: unknown): ReviewFinding | null {
  if (!isJsonObject(value)) return null;
  const location = isJsonObject(value.code_location) ? value.code_location : {};
  const range = isJsonObject(location.line_range) ? location.line_range : {};
  return {
    title: str(value.title),
    body: str(value.body),
    confidence_score: num(value.confidence_score),
    priority: int(value.priority),
    code_location: {
      absolute_file_path: str(location.absolute_file_path),
      line_range: { start: int(range.start), end: int(range.end) },
    },
  };
}

/** A parsed object as a review; fields that are missing or of the wrong type get defaults. */
function fromObject(value: Json): ReviewOutputEvent {
  const findings = Array.isArray(value.findings)
    ? value.findings.map(finding).filter((f): f is ReviewFinding => f !== null)
    : [];
  return {
    findings,
    overall_correctness: str(value.overall_correctness),
    overall_explanation: str(value.overall_explanation),
    overall_confidence_score: num(value.overall_confidence_score),
  };
}

function tryParse(text: string): ReviewOutputEvent | null {
  try {
    const value: unknown = JSON.parse(text);
    return isJsonObject(value) ? fromObject(value) : null;
  } catch {
    return null;
  }
}

export function parseReviewOutput(text: string): ReviewOutputEvent {
  const direct = tryParse(text);
  if (direct) return direct;
  const start = text.indexOf("{");
  const end = text.lastIndexOf("}");
  if (start !== -1 && start < end) {
    const sliced = tryParse(text.slice(start, end + 1));
    if (sliced) return sliced;
  }
  return { ...emptyReviewOutput(), overall_explanation: text };
}
