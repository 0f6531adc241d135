// Assembles Chat Completions chunks into the same ResponseEvents the Responses wire yields:
// text and reasoning deltas stream through; the message, reasoning and tool calls become
// output_item_done items when the stream finishes.
import { randomUUID } from "node:crypto";
import type { ResponseItem } from "../protocol/index.js";
import { failedEventError } from "./responses-stream.js";
import { streamDisconnected } from "./errors.js";
import type { ResponseEvent } from "./types.js";
import { usageFromChat } from "./usage.js";
import type { TokenUsage } from "../protocol/index.js";
import { isJsonObject } from "../util/json-object.js";

interface PendingCall {
  id: string;
  name: string;
  arguments: string;
}

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

/** Collects one streamed chat completion. `customTools` names tools to turn back into custom calls. */
export class ChatStreamAssembler {
  private text = "";
  private reasoning = "";
  private readonly calls: PendingCall[] = [];
  private readonly callsByIndex = new Map<number, PendingCall>();
  private responseId = "";
  private usage: TokenUsage | null = null;
  finished = false;

  constructor(private readonly customTools: ReadonlySet<string>) {}

  /** Consumes one chunk; returns the display events it produced. */
  push(chunk: unknown): ResponseEvent[] {
    if (!isJsonObject(chunk)) return [];
    if (isJsonObject(chunk.error)) throw failedEventError(chunk.error);
    if (typeof chunk.id === "string" && this.responseId === "") this.responseId = chunk.id;
    if (isJsonObject(chunk.usage)) this.usage = usageFromChat(chunk.usage);
    const out: ResponseEvent[] = [];
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    for (const choice of choices) {
      if (!isJsonObject(choice)) continue;
      const delta = isJsonObject(choice.delta) ? choice.delta : {};
      const reasoning = str(delta.reasoning_content) || str(delta.reasoning);
      if (reasoning !== "") {
        if (this.reasoning === "") {
          out.push({ type: "output_item_added", item: this.reasoningItem("") });
        }
        this.reasoning += reasoning;
        out.push({ type: "reasoning_content_delta", delta: reasoning });
      }
      const content = str(delta.content);
      if (content !== "") {
        if (this.text === "") out.push({ type: "output_item_added", item: this.messageItem("") });
        this.text += content;
        out.push({ type: "output_text_delta", delta: content });
      }
      if (Array.isArray(delta.tool_calls)) {
        delta.tool_calls.forEach((call, position) => this.addToolCallDelta(call, position));
      }
      if (typeof choice.finish_reason === "string" && choice.finish_reason !== "") {
        this.finished = true;
      }
    }
    return out;
  }

  private addToolCallDelta(delta: unknown, position: number): void {
    if (!isJsonObject(delta)) return;
    const fn = isJsonObject(delta.function) ? delta.function : {};
    const id = str(delta.id);
    // Some servers omit `index` (one complete call per entry); fall back to id, then position.
    let call: PendingCall | undefined;
    if (typeof delta.index === "number") {
      call = this.callsByIndex.get(delta.index);
      if (!call) {
        call = { id: "", name: "", arguments: "" };
        this.callsByIndex.set(delta.index, call);
        this.calls.push(call);
      }
    } else {
      call = (id ? this.calls.find((c) => c.id === id) : undefined) ?? this.calls[position];
      if (!call || (id && call.id && call.id !== id)) {
        call = { id: "", name: "", arguments: "" };
        this.calls.push(call);
      }
    }
    if (id && !call.id) call.id = id;
    const name = str(fn.name);
    // Most servers send the name once; a few repeat it in every chunk.
    if (name && name !== call.name) call.name += name;
    call.arguments += str(fn.arguments);
  }

  private messageItem(text: string): ResponseItem {
    return { type: "message", role: "assistant", content: [{ type: "output_text", text }] };
  }

  private reasoningItem(text: string): ResponseItem {
    return { type: "reasoning", summary: [], content: [{ type: "reasoning_text", text }] };
  }

  private callItem(call: PendingCall): ResponseItem {
    const callId = call.id || `call_${randomUUID().replace(/-/g, "").slice(0, 24)}`;
    if (this.customTools.has(call.name)) {
      return {
        type: "custom_tool_call",
        call_id: callId,
        name: call.name,
        input: customInput(call.arguments),
      };
    }
    return {
      type: "function_call",
      call_id: callId,
      name: call.name,
      arguments: call.arguments || "{}",
    };
  }

  /** The final events once the stream has ended; throws if it ended without a finish_reason. */
  finish(): ResponseEvent[] {
    if (!this.finished) throw streamDisconnected("stream closed before finish_reason");
    const out: ResponseEvent[] = [];
    if (this.reasoning !== "")
      out.push({ type: "output_item_done", item: this.reasoningItem(this.reasoning) });
    if (this.text !== "") out.push({ type: "output_item_done", item: this.messageItem(this.text) });
    for (const call of this.calls)
      out.push({ type: "output_item_done", item: this.callItem(call) });
    out.push({ type: "completed", responseId: this.responseId, usage: this.usage });
    return out;
  }
}

/** `{"input": "..."}` as we asked for; anything else is passed through as the raw input. */
function customInput(args: string): string {
  try {
    const parsed: unknown = JSON.parse(args);
    if (isJsonObject(parsed) && typeof parsed.input === "string") return parsed.input;
  } catch {
    // Models sometimes send the raw text instead of JSON.
  }
  return args;
}

export async function* chatEvents(
  chunks: AsyncIterable<unknown>,
  customTools: ReadonlySet<string>,
): AsyncGenerator<ResponseEvent> {
  const assembler = new ChatStreamAssembler(customTools);
  let created = false;
  for await (const chunk of chunks) {
    if (!created) {
      created = true;
      yield { type: "created" };
    }
    yield* assembler.push(chunk);
  }
  yield* assembler.finish();
}
