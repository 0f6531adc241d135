// Maps tool names to handlers and turns model output items into calls.
import type { ToolSpec } from "../model/index.js";
import type { FunctionCallOutputBody, ResponseItem } from "../protocol/index.js";
import type { ToolCall, ToolHandler } from "./types.js";

export class ToolRegistry {
  private readonly handlers = new Map<string, ToolHandler>();

  constructor(handlers: Iterable<ToolHandler> = []) {
    for (const h of handlers) this.register(h);
  }

  register(handler: ToolHandler): void {
    this.handlers.set(handler.name, handler);
  }

  get(name: string): ToolHandler | undefined {
    return this.handlers.get(name);
  }

  /** Specs in registration order, as sent to the model. */
  specs(): ToolSpec[] {
    return [...this.handlers.values()].filter((h) => !h.hidden).map((h) => h.spec());
  }

  get size(): number {
    return this.handlers.size;
  }
}

/** What the router makes of one output item. */
export type RoutedItem =
  | { kind: "call"; call: ToolCall; item: ResponseItem }
  /** A call the router cannot run; `output` goes straight back to the model. */
  | { kind: "invalid"; callId: string; output: string; item: ResponseItem; custom: boolean }
  | { kind: "other"; item: ResponseItem };

/** Classify an output item; tool calls become ToolCalls. */
export function routeItem(item: ResponseItem): RoutedItem {
  switch (item.type) {
    case "function_call":
      return {
        kind: "call",
        item,
        call: {
          name: item.name,
          callId: item.call_id,
          payload: { kind: "function", arguments: item.arguments },
        },
      };
    case "custom_tool_call":
      return {
        kind: "call",
        item,
        call: {
          name: item.name,
          callId: item.call_id,
          payload: { kind: "custom", input: item.input },
        },
      };
    case "local_shell_call": {
      const callId = item.call_id ?? item.id;
      if (!callId) {
        return {
          kind: "invalid",
          callId: "",
          output: "LocalShellCall without call_id or id",
          item,
          custom: false,
        };
      }
      return {
        kind: "call",
        item,
        call: {
          name: "local_shell",
          callId,
          payload: {
            kind: "local_shell",
            command: item.action.command,
            workdir: item.action.working_directory ?? null,
            timeoutMs: item.action.timeout_ms ?? null,
          },
        },
      };
    }
    default:
      return { kind: "other", item };
  }
}

/** The output item answering a call. Custom tool calls get custom outputs, the rest function outputs. */
export function outputItemFor(
  call: { callId: string; payload: { kind: string } },
  content: FunctionCallOutputBody,
): ResponseItem {
  if (call.payload.kind === "custom") {
    return { type: "custom_tool_call_output", call_id: call.callId, output: content };
  }
  return { type: "function_call_output", call_id: call.callId, output: content };
}
