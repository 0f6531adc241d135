// The shape of output items as they arrive from the model, checked where they enter (the SSE
// decoder) so nothing downstream meets a `local_shell_call` without `action` or a call whose
// `arguments` is not a string. As Codex does (its serde parse fails, it logs and goes on), an
// item that does not fit is dropped: it never reaches history, so no call is left without an
// output. Unknown item types are dropped the same way (Codex's `ResponseItem::Other`).
// zod/mini: this runs on every exec start-up path, so the smaller build matters.
import * as z from "zod/mini";
import type { ResponseItem } from "../protocol/index.js";

const optionalString = z.optional(z.nullable(z.string()));

const contentItem = z.union([
  z.looseObject({ type: z.literal("output_text"), text: z.string() }),
  z.looseObject({ type: z.literal("input_text"), text: z.string() }),
  z.looseObject({ type: z.literal("input_image"), image_url: z.string() }),
  // Refusals and future part types: kept, and ignored by everything that reads text.
  z.looseObject({ type: z.string() }),
]);

const textPart = z.looseObject({ type: z.string(), text: z.string() });

export const modelOutputItem = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("message"),
    id: optionalString,
    role: z.enum(["user", "assistant", "developer", "system"]),
    content: z.array(contentItem),
  }),
  z.looseObject({
    type: z.literal("reasoning"),
    id: optionalString,
    summary: z.array(textPart),
    content: z.optional(z.nullable(z.array(textPart))),
    encrypted_content: optionalString,
  }),
  z.looseObject({
    type: z.literal("function_call"),
    id: optionalString,
    name: z.string(),
    namespace: optionalString,
    arguments: z.string(),
    call_id: z.string(),
  }),
  z.looseObject({
    type: z.literal("custom_tool_call"),
    id: optionalString,
    name: z.string(),
    namespace: optionalString,
    input: z.string(),
    call_id: z.string(),
  }),
  z.looseObject({
    type: z.literal("local_shell_call"),
    id: optionalString,
    call_id: optionalString,
    status: z.string(),
    action: z.looseObject({
      type: z.literal("exec"),
      command: z.array(z.string()),
      timeout_ms: z.optional(z.nullable(z.number())),
      working_directory: optionalString,
      env: z.optional(z.nullable(z.record(z.string(), z.string()))),
      user: optionalString,
    }),
  }),
  z.looseObject({ type: z.literal("web_search_call"), id: optionalString }),
]);

export type ModelOutputItem = z.infer<typeof modelOutputItem>;

/** The item if it has a shape the core can handle, else null (the caller drops it). */
export function validOutputItem(value: unknown): ResponseItem | null {
  const parsed = modelOutputItem.safeParse(value);
  // The schema accepts a subset of ResponseItem (plus unknown extra keys, kept for replay).
  return parsed.success ? (parsed.data as unknown as ResponseItem) : null;
}
