// The hand-written output-item check (src/model/item-schema.ts) against the same shape written
// as a zod schema: both must accept and drop the same items, and an accepted item keeps its
// extra keys (they are replayed to the model).
import { describe, expect, it } from "vitest";
import * as z from "zod/mini";
import { validOutputItem } from "../../src/model/item-schema.js";

const optionalString = z.optional(z.nullable(z.string()));
const textPart = z.looseObject({ type: z.string(), text: z.string() });
const spec = z.discriminatedUnion("type", [
  z.looseObject({
    type: z.literal("message"),
    id: optionalString,
    role: z.enum(["user", "assistant", "developer", "system"]),
    content: z.array(
      z.union([
        z.looseObject({ type: z.literal("output_text"), text: z.string() }),
        z.looseObject({ type: z.literal("input_text"), text: z.string() }),
        z.looseObject({ type: z.literal("input_image"), image_url: z.string() }),
        z.looseObject({ type: z.string() }),
      ]),
    ),
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

const msg = (extra: object) => ({
  type: "message",
  role: "assistant",
  content: [{ type: "output_text", text: "hi" }],
  ...extra,
});
const call = (extra: object) => ({
  type: "function_call",
  name: "shell",
  arguments: "{}",
  call_id: "c1",
  ...extra,
});
const shell = (action: object, extra: object = {}) => ({
  type: "local_shell_call",
  status: "completed",
  action: { type: "exec", command: ["ls"], ...action },
  ...extra,
});

const accepted: unknown[] = [
  msg({}),
  msg({ id: "m1", phase: "final_answer" }),
  msg({ id: null, role: "developer" }),
  msg({ content: [] }),
  msg({ content: [{ type: "refusal", refusal: "no" }, { type: "output_text" }] }),
  msg({ content: [{ type: "input_image", image_url: "data:" }] }),
  { type: "reasoning", summary: [] },
  { type: "reasoning", id: "r", summary: [{ type: "summary_text", text: "t" }], content: null },
  { type: "reasoning", summary: [], content: [{ type: "reasoning_text", text: "x" }] },
  { type: "reasoning", summary: [], encrypted_content: "abc" },
  call({}),
  call({ namespace: "mcp__s", id: "fc_1" }),
  call({ namespace: null, extra: { nested: true } }),
  { type: "custom_tool_call", name: "apply_patch", input: "*** Begin", call_id: "c" },
  shell({}),
  shell({ timeout_ms: 1000, working_directory: "/w", env: { A: "b" }, user: null }),
  shell({ timeout_ms: null, env: null }, { call_id: "c", id: null }),
  shell({ env: {} }),
  { type: "web_search_call" },
  { type: "web_search_call", id: "ws", action: { type: "search" } },
];

const dropped: unknown[] = [
  null,
  undefined,
  "message",
  42,
  [],
  [msg({})],
  {},
  { type: 1 },
  { type: "unknown_item" },
  { type: "toString" },
  { type: "__proto__" },
  msg({ role: "tool" }),
  msg({ role: undefined }),
  msg({ content: "hi" }),
  msg({ content: [null] }),
  msg({ content: [{ text: "no type" }] }),
  msg({ content: [["output_text"]] }),
  msg({ id: 5 }),
  { type: "reasoning" },
  { type: "reasoning", summary: [{ type: "summary_text" }] },
  { type: "reasoning", summary: [], content: [{ text: "x" }] },
  { type: "reasoning", summary: [], encrypted_content: 1 },
  call({ arguments: { a: 1 } }),
  call({ arguments: undefined }),
  call({ call_id: null }),
  call({ name: 3 }),
  call({ namespace: 3 }),
  { type: "custom_tool_call", name: "apply_patch", call_id: "c" },
  { type: "local_shell_call", status: "completed" },
  shell({}, { action: null }),
  shell({}, { action: [] }),
  shell({}, { status: undefined }),
  shell({ type: "spawn" }),
  shell({ command: "ls" }),
  shell({ command: ["ls", 1] }),
  shell({ timeout_ms: "1000" }),
  shell({ env: { A: 1 } }),
  shell({ env: ["A=b"] }),
  shell({ user: 0 }),
  { type: "web_search_call", id: 7 },
];

describe("output item check", () => {
  it("accepts what the zod schema accepts, keeping extra keys", () => {
    for (const item of accepted) {
      expect(spec.safeParse(item).success, JSON.stringify(item)).toBe(true);
      expect(validOutputItem(item), JSON.stringify(item)).toEqual(item);
    }
  });

  it("drops what the zod schema rejects", () => {
    for (const item of dropped) {
      expect(spec.safeParse(item).success, JSON.stringify(item)).toBe(false);
      expect(validOutputItem(item), JSON.stringify(item)).toBeNull();
    }
  });
});
