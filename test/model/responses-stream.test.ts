// How Responses SSE maps to ResponseEvents, and cancellation.
import { afterEach, describe, expect, it } from "vitest";
import { responsesStream, sse, startMockServer, type MockServer } from "../mock-server/index.js";
import { ModelError } from "../../src/model/index.js";
import { clientFor, doneItems, drain, prompt } from "./helpers.js";

let mock: MockServer;

afterEach(async () => {
  expect(mock.violations).toEqual([]);
  await mock.close();
});

describe("Responses stream events", () => {
  it("yields reasoning, text, calls and usage in order; only output_item.done items count", async () => {
    mock = await startMockServer({
      script: [
        responsesStream(
          sse.created("resp_1"),
          sse.reasoning(["**Plan**", "Second"], "enc-blob", "rs_1"),
          sse.textDeltas(["Hello", " world"], { id: "msg_1" }),
          sse.functionCall("call_1", "shell", '{"command":["ls"]}'),
          sse.customToolCall("call_2", "apply_patch", "*** Begin Patch\n*** End Patch"),
          sse.completed("resp_1", {
            input_tokens: 1234,
            cached_tokens: 1000,
            output_tokens: 17,
            reasoning_tokens: 5,
            total_tokens: 1251,
          }),
        ),
      ],
    });
    const { events, error } = await drain(clientFor(mock.url));
    expect(error).toBeUndefined();
    expect(events[0]).toEqual({ type: "created" });
    const deltas = events.flatMap((e) => (e.type === "output_text_delta" ? [e.delta] : []));
    expect(deltas).toEqual(["Hello", " world"]);
    const summaries = events.flatMap((e) =>
      e.type === "reasoning_summary_delta" ? [e.delta] : [],
    );
    expect(summaries).toEqual(["**Plan**", "Second"]);
    expect(events.filter((e) => e.type === "reasoning_summary_part_added")).toHaveLength(2);
    expect(doneItems(events)).toEqual([
      {
        type: "reasoning",
        id: "rs_1",
        summary: [
          { type: "summary_text", text: "**Plan**" },
          { type: "summary_text", text: "Second" },
        ],
        encrypted_content: "enc-blob",
      },
      {
        type: "message",
        id: "msg_1",
        status: "completed",
        role: "assistant",
        content: [{ type: "output_text", text: "Hello world", annotations: [] }],
      },
      {
        type: "function_call",
        id: "fc_call_1",
        call_id: "call_1",
        name: "shell",
        arguments: '{"command":["ls"]}',
        status: "completed",
      },
      {
        type: "custom_tool_call",
        id: "ctc_call_2",
        call_id: "call_2",
        name: "apply_patch",
        input: "*** Begin Patch\n*** End Patch",
        status: "completed",
      },
    ]);
    expect(events.at(-1)).toEqual({
      type: "completed",
      responseId: "resp_1",
      usage: {
        input_tokens: 1234,
        cached_input_tokens: 1000,
        output_tokens: 17,
        reasoning_output_tokens: 5,
        total_tokens: 1251,
      },
    });
  });

  it("drops text that only arrived as deltas (no output_item.done)", async () => {
    mock = await startMockServer({
      script: [
        responsesStream(sse.created(), sse.textDeltas(["lost"], { done: false }), sse.completed()),
      ],
    });
    const { events, error } = await drain(clientFor(mock.url));
    expect(error).toBeUndefined();
    expect(doneItems(events)).toEqual([]);
    expect(events.at(-1)).toEqual({ type: "completed", responseId: "resp_mock", usage: null });
  });

  it("accepts the minimal stream (no sequence numbers, no usage)", async () => {
    mock = await startMockServer({
      script: [
        {
          sse: [
            {
              raw: 'event: response.created\ndata: {"type":"response.created","response":{"id":"resp_min"}}\n\n',
            },
            sse.itemDone({
              type: "message",
              role: "assistant",
              id: "msg_min",
              content: [{ type: "output_text", text: "Minimal hello." }],
            }),
            {
              raw: 'event: response.completed\ndata: {"type":"response.completed","response":{"id":"resp_min"}}\n\n',
            },
          ],
        },
      ],
    });
    const { events, error } = await drain(clientFor(mock.url));
    expect(error).toBeUndefined();
    expect(events.map((e) => e.type)).toEqual(["created", "output_item_done", "completed"]);
  });

  it("emits rate limits from x-codex-* headers first", async () => {
    mock = await startMockServer({
      script: [
        {
          sse: [sse.created(), sse.completed()],
          headers: {
            "x-codex-primary-used-percent": "42.5",
            "x-codex-primary-window-minutes": "300",
            "x-codex-primary-reset-at": "1795239999",
            "x-codex-secondary-used-percent": "7",
            "x-codex-secondary-window-minutes": "10080",
          },
        },
      ],
    });
    const { events } = await drain(clientFor(mock.url));
    expect(events[0]).toEqual({
      type: "rate_limits",
      snapshot: {
        primary: { used_percent: 42.5, window_minutes: 300, resets_at: 1795239999 },
        secondary: { used_percent: 7, window_minutes: 10080 },
      },
    });
    expect(events[1]).toEqual({ type: "created" });
  });
});

describe("cancellation", () => {
  it("stops a slow stream promptly with 'interrupted' once the signal aborts", async () => {
    mock = await startMockServer({
      script: [
        {
          sse: [sse.created(), sse.textDeltas(["a", "b", "c", "d", "e"]), sse.completed()],
          delayMs: 400,
        },
      ],
    });
    const controller = new AbortController();
    const seen: string[] = [];
    let caught: unknown;
    try {
      for await (const event of clientFor(mock.url).stream(prompt(), controller.signal)) {
        seen.push(event.type);
        if (event.type === "created") controller.abort();
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ModelError);
    expect((caught as ModelError).kind).toBe("interrupted");
    expect(seen).toEqual(["created"]);
  });

  it("interrupts a hanging stream (no idle timeout needed)", async () => {
    mock = await startMockServer({ script: [{ hang: true }] });
    const controller = new AbortController();
    const pending = drain(clientFor(mock.url), prompt(), controller.signal);
    await mock.waitForRequests(1);
    controller.abort();
    const { error } = await pending;
    expect(error?.kind).toBe("interrupted");
  });

  it("interrupts during the backoff sleep between HTTP retries", async () => {
    mock = await startMockServer({ script: [{ status: 500 }, { status: 500 }] });
    const controller = new AbortController();
    const client = clientFor(mock.url, { backoffBaseMs: 60_000 });
    const pending = drain(client, prompt(), controller.signal);
    await mock.waitForRequests(1);
    controller.abort();
    const { error } = await pending;
    expect(error?.kind).toBe("interrupted");
    expect(mock.requests).toHaveLength(1);
  });

  it("fails at once when the signal is already aborted", async () => {
    mock = await startMockServer({ script: [] });
    const controller = new AbortController();
    controller.abort();
    const { error } = await drain(clientFor(mock.url), prompt(), controller.signal);
    expect(error?.kind).toBe("interrupted");
    expect(mock.requests).toHaveLength(0);
  });
});
