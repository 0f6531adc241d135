// Builders for Responses API SSE events, with the preambles (output_item.added,
// content_part.added, …) real servers send, so stream consumers see realistic sequences.
import type { MockResponse, SseEvent, SseScript } from "./types.js";

function ev(data: Record<string, unknown>): SseEvent {
  return { data };
}

export interface MockUsage {
  input_tokens?: number;
  cached_tokens?: number;
  output_tokens?: number;
  reasoning_tokens?: number;
  total_tokens?: number;
}

function usageObject(u: MockUsage): Record<string, unknown> {
  const input = u.input_tokens ?? 0;
  const output = u.output_tokens ?? 0;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: u.cached_tokens ?? 0 },
    output_tokens: output,
    output_tokens_details: { reasoning_tokens: u.reasoning_tokens ?? 0 },
    total_tokens: u.total_tokens ?? input + output,
  };
}

function messageItem(text: string, id: string, status = "completed"): Record<string, unknown> {
  return {
    type: "message",
    id,
    status,
    role: "assistant",
    content: status === "completed" ? [{ type: "output_text", text, annotations: [] }] : [],
  };
}

export const sse = {
  created(responseId = "resp_mock"): SseEvent {
    return ev({ type: "response.created", response: { id: responseId, status: "in_progress" } });
  },

  /** A finished assistant message (output_item.done only, like Codex's minimal stream). */
  message(text: string, id = "msg_mock"): SseEvent {
    return ev({ type: "response.output_item.done", output_index: 0, item: messageItem(text, id) });
  },

  /** An assistant message streamed in parts, closed by output_item.done unless `done` is false. */
  textDeltas(parts: string[], opts: { id?: string; done?: boolean } = {}): SseEvent[] {
    const id = opts.id ?? "msg_mock";
    const text = parts.join("");
    const part = { type: "output_text", text: "", annotations: [] };
    const at = { item_id: id, output_index: 0, content_index: 0 };
    const events: SseEvent[] = [
      ev({
        type: "response.output_item.added",
        output_index: 0,
        item: messageItem("", id, "in_progress"),
      }),
      ev({ type: "response.content_part.added", ...at, part }),
      ...parts.map((delta) => ev({ type: "response.output_text.delta", ...at, delta })),
      ev({ type: "response.output_text.done", ...at, text }),
      ev({ type: "response.content_part.done", ...at, part: { ...part, text } }),
    ];
    if (opts.done !== false) events.push(sse.message(text, id));
    return events;
  },

  /** A reasoning item with summary sections, optionally carrying encrypted content. */
  reasoning(summaryParts: string[], encrypted?: string, id = "rs_mock"): SseEvent[] {
    const events: SseEvent[] = [
      ev({
        type: "response.output_item.added",
        output_index: 0,
        item: { type: "reasoning", id, summary: [] },
      }),
    ];
    summaryParts.forEach((text, summary_index) => {
      const at = { item_id: id, output_index: 0, summary_index };
      events.push(
        ev({
          type: "response.reasoning_summary_part.added",
          ...at,
          part: { type: "summary_text", text: "" },
        }),
        ev({ type: "response.reasoning_summary_text.delta", ...at, delta: text }),
        ev({ type: "response.reasoning_summary_text.done", ...at, text }),
        ev({
          type: "response.reasoning_summary_part.done",
          ...at,
          part: { type: "summary_text", text },
        }),
      );
    });
    const item: Record<string, unknown> = {
      type: "reasoning",
      id,
      summary: summaryParts.map((text) => ({ type: "summary_text", text })),
    };
    if (encrypted !== undefined) item.encrypted_content = encrypted;
    events.push(ev({ type: "response.output_item.done", output_index: 0, item }));
    return events;
  },

  functionCall(callId: string, name: string, argsJson: string, id = `fc_${callId}`): SseEvent[] {
    const pending = {
      type: "function_call",
      id,
      call_id: callId,
      name,
      arguments: "",
      status: "in_progress",
    };
    const at = { item_id: id, output_index: 0 };
    return [
      ev({ type: "response.output_item.added", output_index: 0, item: pending }),
      ev({ type: "response.function_call_arguments.delta", ...at, delta: argsJson }),
      ev({ type: "response.function_call_arguments.done", ...at, arguments: argsJson }),
      ev({
        type: "response.output_item.done",
        output_index: 0,
        item: { ...pending, arguments: argsJson, status: "completed" },
      }),
    ];
  },

  customToolCall(callId: string, name: string, input: string, id = `ctc_${callId}`): SseEvent[] {
    const pending = {
      type: "custom_tool_call",
      id,
      call_id: callId,
      name,
      input: "",
      status: "in_progress",
    };
    const at = { item_id: id, output_index: 0 };
    return [
      ev({ type: "response.output_item.added", output_index: 0, item: pending }),
      ev({ type: "response.custom_tool_call_input.delta", ...at, delta: input }),
      ev({ type: "response.custom_tool_call_input.done", ...at, input }),
      ev({
        type: "response.output_item.done",
        output_index: 0,
        item: { ...pending, input, status: "completed" },
      }),
    ];
  },

  /** Any finished output item, verbatim. */
  itemDone(item: Record<string, unknown>): SseEvent {
    return ev({ type: "response.output_item.done", output_index: 0, item });
  },

  completed(responseId = "resp_mock", usage?: MockUsage): SseEvent {
    const response: Record<string, unknown> = {
      id: responseId,
      object: "response",
      status: "completed",
    };
    if (usage) response.usage = usageObject(usage);
    return ev({ type: "response.completed", response });
  },

  failed(code: string, message: string, responseId = "resp_mock"): SseEvent {
    return ev({
      type: "response.failed",
      response: { id: responseId, object: "response", status: "failed", error: { code, message } },
    });
  },

  /** A line that is not valid SSE JSON. */
  malformed(text = "{this is not json"): SseEvent {
    return { raw: `event: response.output_text.delta\ndata: ${text}\n\n` };
  },
};

/** Wraps events into a scripted 200 event-stream response. */
export function responsesStream(...events: SseScript[]): MockResponse {
  return { sse: events };
}

/** created → message → completed: the smallest complete answer. */
export function plainAnswer(
  text: string,
  usage?: MockUsage,
  responseId = "resp_mock",
): MockResponse {
  return { sse: [sse.created(responseId), sse.message(text), sse.completed(responseId, usage)] };
}
