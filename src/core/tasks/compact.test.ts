import { describe, expect, it } from "vitest";
import type { ResponseItem } from "../../protocol/index.js";
import { dropOlderHalf } from "./compact.js";

const user = (text: string): ResponseItem => ({
  type: "message",
  role: "user",
  content: [{ type: "input_text", text }],
});
const env = user("<environment_context>\n</environment_context>");
const call = (id: string): ResponseItem => ({
  type: "function_call",
  name: "shell",
  arguments: "{}",
  call_id: id,
});
const out = (id: string): ResponseItem => ({
  type: "function_call_output",
  call_id: id,
  output: "ok",
});

describe("dropOlderHalf", () => {
  it("keeps the context and the newer half", () => {
    expect(dropOlderHalf([env, user("1"), user("2"), user("3"), user("4")])).toEqual([
      env,
      user("3"),
      user("4"),
    ]);
  });

  it("never keeps an output whose call was dropped", () => {
    const kept = dropOlderHalf([env, user("1"), call("a"), out("a"), call("b"), out("b")]);
    expect(kept).toEqual([env, call("b"), out("b")]);
  });
});
