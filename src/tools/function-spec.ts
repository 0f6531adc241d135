import type { ToolSpec } from "../model/index.js";

/** A function tool spec in the shape Codex sends (`strict: false`, no extra properties). */
export function functionSpec(
  name: string,
  description: string,
  properties: Record<string, unknown>,
  required: string[],
): ToolSpec {
  return {
    type: "function",
    name,
    description,
    strict: false,
    parameters: { type: "object", properties, required, additionalProperties: false },
  };
}
