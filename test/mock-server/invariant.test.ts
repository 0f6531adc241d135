// The call/output invariant the mock enforces on every request.
import { describe, expect, it } from "vitest";
import { chatMessagesViolations, responsesInputViolations } from "./invariant.js";

const call = (call_id: string, name = "shell") => ({
  type: "function_call",
  call_id,
  name,
  arguments: "{}",
});
const out = (call_id: string) => ({ type: "function_call_output", call_id, output: "ok" });

describe("responsesInputViolations", () => {
  it("accepts paired calls, including parallel calls answered later", () => {
    expect(responsesInputViolations([call("a"), call("b"), out("b"), out("a")])).toEqual([]);
    expect(
      responsesInputViolations([
        { type: "custom_tool_call", call_id: "p", name: "apply_patch", input: "x" },
        { type: "custom_tool_call_output", call_id: "p", output: "done" },
        {
          type: "local_shell_call",
          call_id: "l",
          status: "completed",
          action: { type: "exec", command: ["ls"] },
        },
        out("l"),
      ]),
    ).toEqual([]);
  });

  it("flags a call without output", () => {
    expect(responsesInputViolations([call("a")])).toEqual([
      'function_call "shell" (call_id a) at input[0] has no output',
    ]);
  });

  it("flags an output without (or before) its call", () => {
    expect(responsesInputViolations([out("x")])).toEqual([
      "function_call_output at input[0] has no earlier call with call_id x",
    ]);
    expect(responsesInputViolations([out("a"), call("a")])).toHaveLength(2);
  });

  it("flags duplicate outputs and duplicate calls", () => {
    expect(responsesInputViolations([call("a"), out("a"), out("a")])).toEqual([
      'second output for function_call "shell" (call_id a) at input[0] at input[2]',
    ]);
    expect(responsesInputViolations([call("a"), call("a"), out("a")])).toEqual([
      'duplicate call_id: function_call "shell" (call_id a) at input[1]',
    ]);
  });

  it("flags an output of the wrong kind", () => {
    const v = responsesInputViolations([
      { type: "custom_tool_call", call_id: "p", name: "apply_patch", input: "x" },
      out("p"),
    ]);
    expect(v[0]).toContain("needs custom_tool_call_output");
  });
});

describe("chatMessagesViolations", () => {
  const assistant = (...ids: string[]) => ({
    role: "assistant",
    content: null,
    tool_calls: ids.map((id) => ({
      id,
      type: "function",
      function: { name: "shell", arguments: "{}" },
    })),
  });
  const tool = (id: string) => ({ role: "tool", tool_call_id: id, content: "ok" });

  it("accepts answered tool calls and flags missing, orphan and duplicate tool messages", () => {
    expect(chatMessagesViolations([assistant("a", "b"), tool("a"), tool("b")])).toEqual([]);
    expect(chatMessagesViolations([assistant("a")])).toEqual([
      'tool call "shell" (id a) at messages[0] has no tool message',
    ]);
    expect(chatMessagesViolations([tool("z")])).toEqual([
      "tool message at messages[0] has no earlier call with id z",
    ]);
    expect(chatMessagesViolations([assistant("a"), tool("a"), tool("a")])).toHaveLength(1);
  });
});
