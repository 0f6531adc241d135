// The Responses API request body. Key order is part of the contract (tests compare it), so the
// object is built field by field.
import type { ModelClientOptions, Prompt } from "./types.js";

export const OUTPUT_SCHEMA_NAME = "codex_output_schema";

type BodyOptions = Pick<
  ModelClientOptions,
  "model" | "family" | "effort" | "summary" | "verbosity" | "conversationId" | "maxOutputTokens"
>;

/**
 * `reasoning` for families that reason: effort when set (including "none", which newer models
 * accept as "do not reason"), summary unless "none"; omitted when neither applies.
 */
export function reasoningParam(o: BodyOptions): Record<string, string> | undefined {
  if (!o.family.supportsReasoningSummaries) return undefined;
  const reasoning: Record<string, string> = {};
  if (o.effort !== null) reasoning.effort = o.effort;
  if (o.summary !== "none") reasoning.summary = o.summary;
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}

export function responsesBody(prompt: Prompt, o: BodyOptions): Record<string, unknown> {
  const reasoning = reasoningParam(o);
  const body: Record<string, unknown> = {
    model: o.model,
    instructions: prompt.instructions,
    input: prompt.input,
    tools: prompt.tools,
    tool_choice: "auto",
    parallel_tool_calls: prompt.parallelToolCalls,
  };
  if (reasoning) body.reasoning = reasoning;
  body.store = false;
  body.stream = true;
  body.include = reasoning ? ["reasoning.encrypted_content"] : [];
  body.prompt_cache_key = o.conversationId;
  const text: Record<string, unknown> = {};
  if (o.family.supportsVerbosity && o.verbosity !== null) text.verbosity = o.verbosity;
  if (prompt.outputSchema !== undefined) {
    text.format = {
      type: "json_schema",
      strict: true,
      schema: prompt.outputSchema,
      name: OUTPUT_SCHEMA_NAME,
    };
  }
  if (Object.keys(text).length > 0) body.text = text;
  if (o.maxOutputTokens !== undefined && o.maxOutputTokens !== null) {
    body.max_output_tokens = o.maxOutputTokens;
  }
  return body;
}
