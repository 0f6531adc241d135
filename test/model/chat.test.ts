// The Chat Completions wire: request shape, history conversion, streamed tool-call assembly and
// the custom-tool round trip, all against the real HTTP mock.
import { afterEach, describe, expect, it } from "vitest";
import {
  chatAnswer,
  chatSse,
  chatStream,
  startMockServer,
  type MockServer,
} from "../mock-server/index.js";
import type { ResponseItem } from "../../src/protocol/index.js";
import type { ToolSpec } from "../../src/model/index.js";
import { clientFor, doneItems, drain, prompt } from "./helpers.js";

let mock: MockServer;

afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
});

const chat = { wireApi: "chat" as const };

const SHELL: ToolSpec = {
  type: "function",
  name: "shell",
  description: "Run a command.",
  strict: false,
  parameters: {
    type: "object",
    properties: { command: { type: "string" } },
    required: ["command"],
  },
};
const APPLY_PATCH: ToolSpec = {
  type: "custom",
  name: "apply_patch",
  description: "Edit files.",
  format: { type: "grammar", syntax: "lark", definition: "start: begin_patch" },
};

describe("Chat Completions request", () => {
  it("posts to /chat/completions with system instructions, converted tools and usage requested", async () => {
    mock = await startMockServer({ script: [chatAnswer("Hi!")] });
    const p = prompt({
      tools: [SHELL, APPLY_PATCH, { type: "web_search" }, { type: "local_shell" }],
    });
    const { error } = await drain(clientFor(mock.url, {}, chat), p);
    expect(error).toBeUndefined();
    const request = mock.requests[0]!;
    expect(request.path).toBe("/v1/chat/completions");
    expect(request.headers["authorization"]).toBe("Bearer sk-mock-key");
    expect(request.headers["originator"]).toBe("codex_exec");
    const body = request.body!;
    expect(Object.keys(body)).toEqual([
      "model",
      "messages",
      "tools",
      "tool_choice",
      "parallel_tool_calls",
      "reasoning_effort",
      "stream",
      "stream_options",
    ]);
    expect(body.messages).toEqual([
      { role: "system", content: "You are a test assistant." },
      { role: "user", content: "Say hello." },
    ]);
    expect(body.tools).toEqual([
      {
        type: "function",
        function: { name: "shell", description: "Run a command.", parameters: SHELL.parameters },
      },
      {
        type: "function",
        function: {
          name: "apply_patch",
          description: expect.stringContaining("start: begin_patch"),
          parameters: {
            type: "object",
            properties: { input: { type: "string", description: expect.any(String) } },
            required: ["input"],
            additionalProperties: false,
          },
        },
      },
    ]);
    expect(body.tool_choice).toBe("auto");
    expect(body.stream).toBe(true);
    expect(body.stream_options).toEqual({ include_usage: true });
  });

  it("leaves tool fields out when there are no tools", async () => {
    mock = await startMockServer({ script: [chatAnswer("Hi!")] });
    await drain(clientFor(mock.url, { effort: null }, chat));
    expect(Object.keys(mock.requests[0]!.body!)).toEqual([
      "model",
      "messages",
      "stream",
      "stream_options",
    ]);
  });

  it("converts a history with calls, outputs and images into messages", async () => {
    const history: ResponseItem[] = [
      { type: "message", role: "developer", content: [{ type: "input_text", text: "Be brief." }] },
      {
        type: "message",
        role: "user",
        content: [
          { type: "input_text", text: "What is in this picture?" },
          { type: "input_image", image_url: "data:image/png;base64,AAAA" },
        ],
      },
      {
        type: "reasoning",
        summary: [{ type: "summary_text", text: "thinking" }],
        encrypted_content: "x",
      },
      {
        type: "message",
        role: "assistant",
        content: [{ type: "output_text", text: "Let me look." }],
      },
      { type: "function_call", call_id: "c1", name: "shell", arguments: '{"command":"ls"}' },
      { type: "function_call", call_id: "c2", name: "shell", arguments: '{"command":"pwd"}' },
      { type: "function_call_output", call_id: "c1", output: "a.txt" },
      { type: "function_call_output", call_id: "c2", output: "/work" },
      { type: "custom_tool_call", call_id: "c3", name: "apply_patch", input: "*** Begin Patch" },
      { type: "custom_tool_call_output", call_id: "c3", output: "Success." },
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Done." }] },
    ];
    mock = await startMockServer({ script: [chatAnswer("ok")] });
    const { error } = await drain(
      clientFor(mock.url, {}, chat),
      prompt({ input: history, tools: [SHELL, APPLY_PATCH] }),
    );
    expect(error).toBeUndefined();
    expect(mock.requests[0]!.body!.messages).toEqual([
      { role: "system", content: "You are a test assistant." },
      { role: "system", content: "Be brief." },
      {
        role: "user",
        content: [
          { type: "text", text: "What is in this picture?" },
          { type: "image_url", image_url: { url: "data:image/png;base64,AAAA" } },
        ],
      },
      {
        role: "assistant",
        content: "Let me look.",
        tool_calls: [
          {
            id: "c1",
            type: "function",
            function: { name: "shell", arguments: '{"command":"ls"}' },
          },
          {
            id: "c2",
            type: "function",
            function: { name: "shell", arguments: '{"command":"pwd"}' },
          },
        ],
      },
      { role: "tool", tool_call_id: "c1", content: "a.txt" },
      { role: "tool", tool_call_id: "c2", content: "/work" },
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "c3",
            type: "function",
            function: {
              name: "apply_patch",
              arguments: JSON.stringify({ input: "*** Begin Patch" }),
            },
          },
        ],
      },
      { role: "tool", tool_call_id: "c3", content: "Success." },
      { role: "assistant", content: "Done." },
    ]);
  });

  it("a history with a call but no output is rejected by the mock's invariant check", async () => {
    mock = await startMockServer({ script: [chatAnswer("never")] });
    const broken: ResponseItem[] = [
      { type: "function_call", call_id: "lonely", name: "shell", arguments: "{}" },
    ];
    const { error } = await drain(clientFor(mock.url, {}, chat), prompt({ input: broken }));
    expect(error?.kind).toBe("fatal");
    expect(error?.message).toContain("invariant violated");
    expect(mock.violations).toHaveLength(1);
    mock.violations.length = 0;
  });
});

describe("Chat Completions stream", () => {
  it("streams text, then yields one assistant message and usage", async () => {
    mock = await startMockServer({
      script: [
        chatStream(
          chatSse.role(),
          chatSse.content("Hel", "lo"),
          chatSse.finish("stop"),
          chatSse.usage(100, 20, 40, 5),
          chatSse.done(),
        ),
      ],
    });
    const { events, error } = await drain(clientFor(mock.url, {}, chat));
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual([
      "created",
      "output_item_added",
      "output_text_delta",
      "output_text_delta",
      "output_item_done",
      "completed",
    ]);
    expect(doneItems(events)).toEqual([
      { type: "message", role: "assistant", content: [{ type: "output_text", text: "Hello" }] },
    ]);
    expect(events.at(-1)).toEqual({
      type: "completed",
      responseId: "chatcmpl-mock",
      usage: {
        input_tokens: 100,
        cached_input_tokens: 40,
        output_tokens: 20,
        reasoning_output_tokens: 5,
        total_tokens: 120,
      },
    });
  });

  it("assembles two parallel tool calls whose arguments are split across chunks", async () => {
    mock = await startMockServer({
      script: [
        chatStream(
          chatSse.role(),
          chatSse.toolCall({ index: 0, id: "call_a", name: "shell", args: "" }),
          chatSse.toolCall({ index: 0, args: '{"comm' }),
          chatSse.toolCall({ index: 1, id: "call_b", name: "shell", args: '{"command"' }),
          chatSse.toolCall({ index: 0, args: 'and":"ls"}' }, { index: 1, args: ':"pwd"}' }),
          chatSse.finish("tool_calls"),
          chatSse.usage(10, 5),
          chatSse.done(),
        ),
      ],
    });
    const { events, error } = await drain(
      clientFor(mock.url, {}, chat),
      prompt({ tools: [SHELL] }),
    );
    expect(error).toBeUndefined();
    expect(doneItems(events)).toEqual([
      { type: "function_call", call_id: "call_a", name: "shell", arguments: '{"command":"ls"}' },
      { type: "function_call", call_id: "call_b", name: "shell", arguments: '{"command":"pwd"}' },
    ]);
  });

  it("generates a call id when the server sends none", async () => {
    mock = await startMockServer({
      script: [
        chatStream(
          chatSse.toolCall({ index: 0, name: "shell", args: "{}" }),
          chatSse.finish("tool_calls"),
        ),
      ],
    });
    const { events } = await drain(clientFor(mock.url, {}, chat), prompt({ tools: [SHELL] }));
    const [item] = doneItems(events);
    expect(item?.type).toBe("function_call");
    expect(item?.type === "function_call" && item.call_id).toMatch(/^call_[0-9a-f]{24}$/);
  });

  it("turns reasoning_content / reasoning deltas into raw reasoning", async () => {
    mock = await startMockServer({
      script: [
        chatStream(
          chatSse.reasoning(["Think", "ing"]),
          chatSse.content("Answer"),
          chatSse.finish(),
          chatSse.done(),
        ),
        chatStream(
          chatSse.reasoning(["Hmm"], "reasoning"),
          chatSse.content("Ok"),
          chatSse.finish(),
          chatSse.done(),
        ),
      ],
    });
    const first = await drain(clientFor(mock.url, {}, chat));
    expect(first.events.filter((e) => e.type === "reasoning_content_delta")).toEqual([
      { type: "reasoning_content_delta", delta: "Think" },
      { type: "reasoning_content_delta", delta: "ing" },
    ]);
    expect(doneItems(first.events)[0]).toEqual({
      type: "reasoning",
      summary: [],
      content: [{ type: "reasoning_text", text: "Thinking" }],
    });
    const second = await drain(clientFor(mock.url, {}, chat));
    expect(doneItems(second.events).map((i) => i.type)).toEqual(["reasoning", "message"]);
  });

  it("round-trips a custom tool: the call comes back as custom_tool_call and goes out as a function call", async () => {
    const patch = "*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch";
    mock = await startMockServer({
      script: [
        chatStream(
          chatSse.toolCall({
            index: 0,
            id: "call_p",
            name: "apply_patch",
            args: JSON.stringify({ input: patch }).slice(0, 10),
          }),
          chatSse.toolCall({ index: 0, args: JSON.stringify({ input: patch }).slice(10) }),
          chatSse.finish("tool_calls"),
          chatSse.done(),
        ),
        chatAnswer("Patched."),
      ],
    });
    const client = clientFor(mock.url, {}, chat);
    const first = await drain(client, prompt({ tools: [APPLY_PATCH] }));
    const items = doneItems(first.events);
    expect(items).toEqual([
      { type: "custom_tool_call", call_id: "call_p", name: "apply_patch", input: patch },
    ]);
    const history = [
      ...prompt().input,
      ...items,
      { type: "custom_tool_call_output" as const, call_id: "call_p", output: "Success." },
    ];
    const second = await drain(client, prompt({ input: history, tools: [APPLY_PATCH] }));
    expect(second.error).toBeUndefined();
    const messages = mock.requests[1]!.body!.messages as unknown[];
    expect(messages.slice(2)).toEqual([
      {
        role: "assistant",
        content: null,
        tool_calls: [
          {
            id: "call_p",
            type: "function",
            function: { name: "apply_patch", arguments: JSON.stringify({ input: patch }) },
          },
        ],
      },
      { role: "tool", tool_call_id: "call_p", content: "Success." },
    ]);
  });
});

describe("Chat Completions failures", () => {
  it("retries a 500 and then streams the answer", async () => {
    mock = await startMockServer({ script: [{ status: 500 }, chatAnswer("after retry")] });
    const { events, error } = await drain(clientFor(mock.url, {}, chat));
    expect(error).toBeUndefined();
    expect(mock.requests).toHaveLength(2);
    expect(doneItems(events)).toHaveLength(1);
  });

  it("reports a stream that ends without finish_reason as retryable", async () => {
    mock = await startMockServer({ script: [chatStream(chatSse.content("half"))] });
    const { error } = await drain(clientFor(mock.url, {}, chat));
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe(
      "stream disconnected before completion: stream closed before finish_reason",
    );
  });

  it("reports an error object inside the stream as retryable with its message", async () => {
    mock = await startMockServer({
      script: [
        chatStream(chatSse.content("a"), {
          data: { error: { message: "upstream overloaded", code: 502 } },
        }),
      ],
    });
    const { error } = await drain(clientFor(mock.url, {}, chat));
    expect(error?.kind).toBe("retryable");
    expect(error?.message).toBe("stream disconnected before completion: upstream overloaded");
  });

  it("maps a 400 context_length_exceeded to context_window_exceeded", async () => {
    mock = await startMockServer({
      script: [
        { status: 400, body: { error: { message: "too long", code: "context_length_exceeded" } } },
      ],
    });
    const { error } = await drain(clientFor(mock.url, {}, chat));
    expect(error?.kind).toBe("context_window_exceeded");
  });
});
