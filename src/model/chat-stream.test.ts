import { describe, expect, it } from "vitest";
import { ChatStreamAssembler } from "./chat-stream.js";

const chunk = (delta: Record<string, unknown>, finish: string | null = null) => ({
  id: "c1",
  choices: [{ index: 0, delta, finish_reason: finish }],
});

describe("ChatStreamAssembler", () => {
  it("accepts complete tool calls without index (Ollama style), one per array entry", () => {
    const a = new ChatStreamAssembler(new Set());
    a.push(
      chunk({
        tool_calls: [
          { id: "x", function: { name: "shell", arguments: '{"command":"ls"}' } },
          { id: "y", function: { name: "shell", arguments: '{"command":"pwd"}' } },
        ],
      }),
    );
    a.push(chunk({}, "tool_calls"));
    const items = a.finish().flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));
    expect(items).toEqual([
      { type: "function_call", call_id: "x", name: "shell", arguments: '{"command":"ls"}' },
      { type: "function_call", call_id: "y", name: "shell", arguments: '{"command":"pwd"}' },
    ]);
  });

  it("does not double a name that a server repeats in every chunk", () => {
    const a = new ChatStreamAssembler(new Set());
    a.push(
      chunk({ tool_calls: [{ index: 0, id: "x", function: { name: "shell", arguments: "{" } }] }),
    );
    a.push(
      chunk(
        { tool_calls: [{ index: 0, function: { name: "shell", arguments: "}" } }] },
        "tool_calls",
      ),
    );
    const [item] = a.finish().flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));
    expect(item).toEqual({ type: "function_call", call_id: "x", name: "shell", arguments: "{}" });
  });

  it("passes raw text through when a custom tool's arguments are not the expected JSON", () => {
    const a = new ChatStreamAssembler(new Set(["apply_patch"]));
    a.push(
      chunk(
        {
          tool_calls: [
            { index: 0, id: "p", function: { name: "apply_patch", arguments: "*** Begin Patch" } },
          ],
        },
        "tool_calls",
      ),
    );
    const [item] = a.finish().flatMap((e) => (e.type === "output_item_done" ? [e.item] : []));
    expect(item).toEqual({
      type: "custom_tool_call",
      call_id: "p",
      name: "apply_patch",
      input: "*** Begin Patch",
    });
  });
});
