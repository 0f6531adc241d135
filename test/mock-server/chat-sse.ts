// Builders for Chat Completions stream chunks (`data: {...}` lines ending in `data: [DONE]`).
import type { MockResponse, SseEvent, SseScript } from "./types.js";

const CHUNK_ID = "chatcmpl-mock";

function chunk(delta: Record<string, unknown>, finishReason: string | null = null): SseEvent {
  return {
    data: {
      id: CHUNK_ID,
      object: "chat.completion.chunk",
      created: 1_700_000_000,
      model: "mock-model",
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    },
  };
}

export interface ToolCallDelta {
  index: number;
  id?: string;
  name?: string;
  args?: string;
}

export const chatSse = {
  role(): SseEvent {
    return chunk({ role: "assistant", content: "" });
  },
  content(...parts: string[]): SseEvent[] {
    return parts.map((content) => chunk({ content }));
  },
  /** `reasoning_content` deltas (vLLM, DeepSeek); `field: "reasoning"` for Ollama/OpenRouter. */
  reasoning(
    parts: string[],
    field: "reasoning_content" | "reasoning" = "reasoning_content",
  ): SseEvent[] {
    return parts.map((text) => chunk({ [field]: text }));
  },
  /** One tool-call fragment; several may share an index (arguments split across chunks). */
  toolCall(...calls: ToolCallDelta[]): SseEvent {
    return chunk({
      tool_calls: calls.map((c) => {
        const call: Record<string, unknown> = { index: c.index };
        if (c.id !== undefined) {
          call.id = c.id;
          call.type = "function";
        }
        const fn: Record<string, unknown> = {};
        if (c.name !== undefined) fn.name = c.name;
        if (c.args !== undefined) fn.arguments = c.args;
        call.function = fn;
        return call;
      }),
    });
  },
  finish(reason = "stop"): SseEvent {
    return chunk({}, reason);
  },
  usage(
    promptTokens: number,
    completionTokens: number,
    cachedTokens = 0,
    reasoningTokens = 0,
  ): SseEvent {
    return {
      data: {
        id: CHUNK_ID,
        object: "chat.completion.chunk",
        created: 1_700_000_000,
        model: "mock-model",
        choices: [],
        usage: {
          prompt_tokens: promptTokens,
          completion_tokens: completionTokens,
          total_tokens: promptTokens + completionTokens,
          prompt_tokens_details: { cached_tokens: cachedTokens },
          completion_tokens_details: { reasoning_tokens: reasoningTokens },
        },
      },
    };
  },
  done(): SseEvent {
    return { raw: "data: [DONE]\n\n" };
  },
};

export function chatStream(...events: SseScript[]): MockResponse {
  return { sse: events };
}

/** role → content → stop → usage → [DONE]. */
export function chatAnswer(text: string, promptTokens = 10, completionTokens = 5): MockResponse {
  return {
    sse: [
      chatSse.role(),
      chatSse.content(text),
      chatSse.finish("stop"),
      chatSse.usage(promptTokens, completionTokens),
      chatSse.done(),
    ],
  };
}
