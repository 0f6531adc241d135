// Turns decoded Responses API SSE events into ResponseEvents. Only output_item.done carries
// history; response.completed ends the stream and response.failed becomes a ModelError.
import type { ResponseItem } from "../protocol/index.js";
import {
  ModelError,
  limitErrorFromCode,
  retryDelayFromMessage,
  streamDisconnected,
} from "./errors.js";
import { validOutputItem } from "./item-schema.js";
import type { ResponseEvent } from "./types.js";
import { usageFromResponses } from "./usage.js";
import { isJsonObject } from "../util/json-object.js";

type ItemValidator = (value: unknown) => ResponseItem | null;

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** `response.failed` / `error` events: context window and quota stop; the rest may be retried. */
export function failedEventError(error: unknown): ModelError {
  const e = isJsonObject(error) ? error : {};
  const code = str(e.code) || str(e.type);
  const limit = limitErrorFromCode(code);
  if (limit) return limit;
  const message =
    str(e.message) || (code ? `error code ${code}` : "response.failed event received");
  return streamDisconnected(message, retryDelayFromMessage(message));
}

/**
 * Maps one decoded event. Returns the events to yield, `"completed"`-typed last, or throws a
 * ModelError. Unknown event types are ignored, as Codex ignores them.
 */
export function mapResponsesEvent(event: unknown, validOutputItem: ItemValidator): ResponseEvent[] {
  if (!isJsonObject(event)) return [];
  switch (event.type) {
    case "response.created":
      return [{ type: "created" }];
    case "response.output_item.added": {
      // An item in progress has no complete fields yet (empty content, no action): only its
      // type matters to the display, so it is checked when done, not here.
      const item =
        isJsonObject(event.item) && typeof event.item.type === "string" ? event.item : null;
      return item ? [{ type: "output_item_added", item: item as unknown as ResponseItem }] : [];
    }
    case "response.output_item.done": {
      const item = validOutputItem(event.item);
      return item ? [{ type: "output_item_done", item }] : [];
    }
    case "response.output_text.delta":
      return [{ type: "output_text_delta", delta: str(event.delta) }];
    case "response.reasoning_summary_text.delta":
      return [{ type: "reasoning_summary_delta", delta: str(event.delta) }];
    case "response.reasoning_summary_part.added":
      return [{ type: "reasoning_summary_part_added" }];
    case "response.reasoning_text.delta":
      return [{ type: "reasoning_content_delta", delta: str(event.delta) }];
    case "response.completed": {
      const response = isJsonObject(event.response) ? event.response : {};
      return [
        {
          type: "completed",
          responseId: str(response.id),
          usage: usageFromResponses(response.usage),
        },
      ];
    }
    case "response.failed": {
      const response = isJsonObject(event.response) ? event.response : {};
      throw failedEventError(response.error);
    }
    case "response.incomplete": {
      const response = isJsonObject(event.response) ? event.response : {};
      const details = isJsonObject(response.incomplete_details) ? response.incomplete_details : {};
      throw streamDisconnected(
        `Incomplete response returned, reason: ${str(details.reason) || "unknown"}`,
      );
    }
    case "error":
      throw failedEventError(event);
    default:
      return [];
  }
}

/** Drives `events` to the end; the stream must finish with response.completed. */
export async function* responsesEvents(
  events: AsyncIterable<unknown>,
): AsyncGenerator<ResponseEvent> {
  for await (const raw of events) {
    for (const mapped of mapResponsesEvent(raw, validOutputItem)) {
      yield mapped;
      if (mapped.type === "completed") return;
    }
  }
  throw streamDisconnected("stream closed before response.completed");
}
