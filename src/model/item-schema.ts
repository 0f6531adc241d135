// The shape of output items as they arrive from the model, checked where they enter (the SSE
// decoder) so nothing downstream meets a `local_shell_call` without `action` or a call whose
// `arguments` is not a string. As Codex does (its serde parse fails, it logs and goes on), an
// item that does not fit is dropped: it never reaches history, so no call is left without an
// output. Unknown item types are dropped the same way (Codex's `ResponseItem::Other`).
//
// Written by hand rather than as a zod schema: this check runs before every `codex exec`
// answer, and zod's shared chunk (~650 KB with its locales) cost the start-up path more than
// the whole check. test/model/item-schema.test.ts holds the equivalent zod schema and checks
// that both accept and reject the same items. Extra keys are kept (they are replayed).
import type { ResponseItem } from "../protocol/index.js";
import { isJsonObject } from "../util/json-object.js";

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === "string";
const isNumber: Check = (v) => typeof v === "number" && Number.isFinite(v);
/** Absent, null or a value that passes `check`. */
const optional =
  (check: Check): Check =>
  (v) =>
    v === undefined || v === null || check(v);
const arrayOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
/** An object whose listed keys pass their checks; other keys are allowed and kept. */
const shape =
  (fields: Record<string, Check>): Check =>
  (v) =>
    isJsonObject(v) && Object.entries(fields).every(([key, check]) => check(v[key]));

const optionalString = optional(isString);
const MESSAGE_ROLES = new Set(["user", "assistant", "developer", "system"]);
// Content parts: output/input text and images as usual; refusals and future part types are
// kept and ignored by everything that reads text, so any part with a string `type` passes.
const contentItem = shape({ type: isString });
const textPart = shape({ type: isString, text: isString });

const ITEM_SHAPES: Record<string, Check> = {
  message: shape({
    id: optionalString,
    role: (v) => typeof v === "string" && MESSAGE_ROLES.has(v),
    content: arrayOf(contentItem),
  }),
  reasoning: shape({
    id: optionalString,
    summary: arrayOf(textPart),
    content: optional(arrayOf(textPart)),
    encrypted_content: optionalString,
  }),
  function_call: shape({
    id: optionalString,
    name: isString,
    namespace: optionalString,
    arguments: isString,
    call_id: isString,
  }),
  custom_tool_call: shape({
    id: optionalString,
    name: isString,
    namespace: optionalString,
    input: isString,
    call_id: isString,
  }),
  local_shell_call: shape({
    id: optionalString,
    call_id: optionalString,
    status: isString,
    action: shape({
      type: (v) => v === "exec",
      command: arrayOf(isString),
      timeout_ms: optional(isNumber),
      working_directory: optionalString,
      env: optional((v) => isJsonObject(v) && Object.values(v).every(isString)),
      user: optionalString,
    }),
  }),
  web_search_call: shape({ id: optionalString }),
};

/** The item if it has a shape the core can handle, else null (the caller drops it). */
export function validOutputItem(value: unknown): ResponseItem | null {
  if (!isJsonObject(value) || typeof value.type !== "string") return null;
  const check = Object.hasOwn(ITEM_SHAPES, value.type) ? ITEM_SHAPES[value.type] : undefined;
  // A subset of ResponseItem (plus unknown extra keys, kept for replay).
  return check?.(value) ? (value as unknown as ResponseItem) : null;
}
