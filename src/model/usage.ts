// Normalises both wires' usage objects into TokenUsage (missing fields count as 0).
import type { TokenUsage } from "../protocol/index.js";

function num(value: unknown): number {
  return typeof value === "number" && Number.isFinite(value) ? value : 0;
}

function field(obj: unknown, key: string): unknown {
  return obj && typeof obj === "object" ? (obj as Record<string, unknown>)[key] : undefined;
}

/** Responses `response.usage`. */
export function usageFromResponses(usage: unknown): TokenUsage | null {
  if (!usage || typeof usage !== "object") return null;
  const input = num(field(usage, "input_tokens"));
  const output = num(field(usage, "output_tokens"));
  return {
    input_tokens: input,
    cached_input_tokens: num(field(field(usage, "input_tokens_details"), "cached_tokens")),
    output_tokens: output,
    reasoning_output_tokens: num(field(field(usage, "output_tokens_details"), "reasoning_tokens")),
    total_tokens: num(field(usage, "total_tokens")) || input + output,
  };
}

/** Chat Completions `usage` (prompt/completion naming). */
export function usageFromChat(usage: unknown): TokenUsage | null {
  if (!usage || typeof usage !== "object") return null;
  const input = num(field(usage, "prompt_tokens"));
  const output = num(field(usage, "completion_tokens"));
  return {
    input_tokens: input,
    cached_input_tokens: num(field(field(usage, "prompt_tokens_details"), "cached_tokens")),
    output_tokens: output,
    reasoning_output_tokens: num(
      field(field(usage, "completion_tokens_details"), "reasoning_tokens"),
    ),
    total_tokens: num(field(usage, "total_tokens")) || input + output,
  };
}
