// One model request and the tool calls it produces (seed-spec §3.8).
import type { ModelClient, Prompt } from "../model/index.js";
import type { EventMsg, RateLimitSnapshot, ResponseItem, TokenUsage } from "../protocol/index.js";
import { FatalToolError, RespondToModel, ToolDenied, TurnAbortRequested } from "../tools/errors.js";
import { outputItemFor, routeItem, type ToolRegistry } from "../tools/registry.js";
import type { ToolCall, ToolContext } from "../tools/types.js";
import { recordToolFailure, traceHandler } from "../telemetry/hooks.js";
import { RwLock } from "./rw-lock.js";

/** A model item and, for tool calls, its output. */
export interface ProcessedItem {
  item: ResponseItem;
  output: ResponseItem | null;
}

export interface TurnResult {
  processed: ProcessedItem[];
  usage: TokenUsage | null;
  responseId: string;
}

/** The turn was interrupted; `processed` holds what was done so it can be recorded. */
export class TurnAbortedError extends Error {
  constructor(readonly processed: ProcessedItem[]) {
    super("turn aborted");
    this.name = "TurnAbortedError";
  }
}

/** The stream ended without `response.completed`. */
export class StreamClosedEarly extends Error {}

export interface TurnDeps {
  client: ModelClient;
  tools: ToolRegistry;
  prompt: Prompt;
  parallelToolCalls: boolean;
  showRawReasoning: boolean;
  toolContext: ToolContext;
  threadId: string;
  turnId: string;
  emit(msg: EventMsg): void;
  onRateLimits(snapshot: RateLimitSnapshot): void;
  /** The task's signal: aborting it interrupts the turn. */
  taskSignal: AbortSignal;
  /** Ends the whole task (an approval answered "abort"). */
  abortTask(): void;
  /** Tool calls start only once this settles (the ghost snapshot of the tree before them). */
  toolGate?: Promise<unknown>;
}

interface Pending {
  item: ResponseItem;
  call: ToolCall | null;
  output: Promise<ResponseItem | null>;
  settled: ResponseItem | null;
}

const ABORTED_OUTPUT = "aborted";

export async function runTurn(deps: TurnDeps): Promise<TurnResult> {
  // A per-attempt controller: a failed attempt's running calls are cancelled before a retry.
  const attempt = new AbortController();
  const onTaskAbort = () => attempt.abort(deps.taskSignal.reason);
  if (deps.taskSignal.aborted) attempt.abort(deps.taskSignal.reason);
  else deps.taskSignal.addEventListener("abort", onTaskAbort, { once: true });

  const pending: Pending[] = [];
  const lock = new RwLock();
  let fatal: Error | null = null;
  let usage: TokenUsage | null = null;
  let responseId = "";
  let completed = false;

  const execute = async (call: ToolCall): Promise<ResponseItem> => {
    const handler = traceHandler(deps.tools.get(call.name));
    if (!handler) return outputItemFor(call, `unsupported call: ${call.name}`);
    if (deps.toolGate) await deps.toolGate.catch(() => undefined);
    const run = async (): Promise<ResponseItem> => {
      if (attempt.signal.aborted) return outputItemFor(call, ABORTED_OUTPUT);
      try {
        const result = await handler.handle(deps.toolContext, call, attempt.signal);
        return outputItemFor(call, result.content);
      } catch (e) {
        if (e instanceof RespondToModel || e instanceof ToolDenied) {
          return outputItemFor(call, e.message);
        }
        if (e instanceof TurnAbortRequested) {
          deps.abortTask();
          return outputItemFor(call, ABORTED_OUTPUT);
        }
        if (e instanceof FatalToolError) {
          fatal ??= e;
          attempt.abort(e);
          return outputItemFor(call, e.message);
        }
        if (attempt.signal.aborted) return outputItemFor(call, ABORTED_OUTPUT);
        // An unexpected bug in a handler: the model still gets an answer for its call.
        return outputItemFor(call, `tool ${call.name} failed: ${(e as Error).message}`);
      }
    };
    const parallel = deps.parallelToolCalls && handler.parallelSafe;
    return parallel ? lock.withRead(run) : lock.withWrite(run);
  };

  const addPending = (
    item: ResponseItem,
    call: ToolCall | null,
    output: Promise<ResponseItem | null>,
  ) => {
    const p: Pending = { item, call, output, settled: null };
    output.then(
      (o) => (p.settled = o),
      () => {},
    );
    pending.push(p);
  };

  try {
    for await (const ev of deps.client.stream(deps.prompt, attempt.signal)) {
      switch (ev.type) {
        case "output_item_done": {
          const routed = routeItem(ev.item);
          if (routed.kind === "call") {
            addPending(routed.item, routed.call, execute(routed.call));
          } else if (routed.kind === "invalid") {
            recordToolFailure(routed.item, routed.callId, routed.output);
            const output: ResponseItem = {
              type: "function_call_output",
              call_id: routed.callId,
              output: routed.output,
            };
            addPending(routed.item, null, Promise.resolve(output));
          } else {
            emitItemEvents(deps, routed.item);
            addPending(routed.item, null, Promise.resolve(null));
          }
          break;
        }
        case "output_item_added":
          announceItem(deps, ev.item);
          prepareCall(deps, ev.item);
          break;
        case "output_text_delta":
          deps.emit({ type: "agent_message_delta", delta: ev.delta });
          break;
        case "reasoning_summary_delta":
          deps.emit({ type: "agent_reasoning_delta", delta: ev.delta });
          break;
        case "reasoning_summary_part_added":
          deps.emit({ type: "agent_reasoning_section_break" });
          break;
        case "reasoning_content_delta":
          if (deps.showRawReasoning) {
            deps.emit({ type: "agent_reasoning_raw_content_delta", delta: ev.delta });
          }
          break;
        case "rate_limits":
          deps.onRateLimits(ev.snapshot);
          break;
        case "completed":
          usage = ev.usage;
          responseId = ev.responseId;
          completed = true;
          break;
        default:
          break;
      }
      if (completed) break;
    }
  } catch (e) {
    if (deps.taskSignal.aborted) throw new TurnAbortedError(await settleAborted(pending));
    attempt.abort(e);
    await Promise.allSettled(pending.map((p) => p.output));
    throw e;
  } finally {
    deps.taskSignal.removeEventListener("abort", onTaskAbort);
  }

  if (!completed) {
    if (deps.taskSignal.aborted) throw new TurnAbortedError(await settleAborted(pending));
    attempt.abort();
    await Promise.allSettled(pending.map((p) => p.output));
    throw new StreamClosedEarly("stream closed before response.completed");
  }

  // Wait for the calls, but an interrupt must not wait for a slow tool.
  const outputs = await raceAbort(Promise.all(pending.map((p) => p.output)), deps.taskSignal);
  if (outputs === ABORTED || deps.taskSignal.aborted) {
    throw new TurnAbortedError(await settleAborted(pending));
  }
  if (fatal) throw fatal;
  return {
    processed: pending.map((p, i) => ({ item: p.item, output: outputs[i] ?? null })),
    usage,
    responseId,
  };
}

const ABORTED = Symbol("aborted");

function raceAbort<T>(p: Promise<T>, signal: AbortSignal): Promise<T | typeof ABORTED> {
  if (signal.aborted) return Promise.resolve(ABORTED);
  return new Promise((resolve, reject) => {
    const onAbort = () => resolve(ABORTED);
    signal.addEventListener("abort", onAbort, { once: true });
    p.then(
      (v) => {
        signal.removeEventListener("abort", onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener("abort", onAbort);
        reject(e);
      },
    );
  });
}

/** After an interrupt: give running calls a moment to wind down, then synthesise "aborted". */
async function settleAborted(pending: Pending[]): Promise<ProcessedItem[]> {
  await Promise.race([
    Promise.allSettled(pending.map((p) => p.output)),
    new Promise((r) => setTimeout(r, 250).unref()),
  ]);
  return pending.map((p) => {
    if (p.settled) return { item: p.item, output: p.settled };
    if (p.call) return { item: p.item, output: outputItemFor(p.call, ABORTED_OUTPUT) };
    return { item: p.item, output: null };
  });
}

/**
 * A message or reasoning item the stream announced starts its item now, with the model's id, so
 * the deltas that follow belong to it (src/core/items completes it when the item is done).
 */
function announceItem(deps: TurnDeps, item: ResponseItem): void {
  const base = { thread_id: deps.threadId, turn_id: deps.turnId, started_at_ms: Date.now() };
  if (item.type === "message" && item.role === "assistant" && item.id) {
    const started = { type: "agentMessage" as const, id: item.id, text: "", phase: null };
    deps.emit({ type: "thread_item_started", ...base, item: started });
  } else if (item.type === "reasoning" && item.id) {
    const started = { type: "reasoning" as const, id: item.id, summary: [], content: [] };
    deps.emit({ type: "thread_item_started", ...base, item: started });
  }
}

/**
 * A tool call the stream announced: its handler may start what the call will need (the shell
 * snapshot, the bash parser) while the arguments stream. Nothing starts for a plain answer.
 */
function prepareCall(deps: TurnDeps, item: ResponseItem): void {
  const routed = routeItem(item);
  if (routed.kind === "call") deps.tools.get(routed.call.name)?.prepare?.(deps.toolContext);
}

/** Messages, reasoning and web searches become turn items and their legacy events. */
export function emitItemEvents(
  deps: Pick<TurnDeps, "emit" | "threadId" | "turnId" | "showRawReasoning">,
  item: ResponseItem,
): void {
  const base = { thread_id: deps.threadId, turn_id: deps.turnId };
  if (item.type === "message" && item.role === "assistant") {
    const text = item.content.map((c) => (c.type === "output_text" ? c.text : "")).join("");
    const turnItem = {
      type: "AgentMessage" as const,
      id: item.id ?? "",
      content: [{ type: "Text" as const, text }],
    };
    deps.emit({ type: "item_started", ...base, item: turnItem });
    deps.emit({ type: "item_completed", ...base, item: turnItem });
    deps.emit({ type: "agent_message", message: text });
  } else if (item.type === "reasoning") {
    const summary = item.summary.map((s) => s.text);
    const raw = (item.content ?? []).map((c) => c.text);
    const turnItem = {
      type: "Reasoning" as const,
      id: item.id ?? "",
      summary_text: summary,
      raw_content: raw,
    };
    deps.emit({ type: "item_started", ...base, item: turnItem });
    deps.emit({ type: "item_completed", ...base, item: turnItem });
    for (const text of summary) deps.emit({ type: "agent_reasoning", text });
    if (deps.showRawReasoning) {
      for (const text of raw) deps.emit({ type: "agent_reasoning_raw_content", text });
    }
  } else if (item.type === "web_search_call") {
    const action = item.action as { query?: string } | undefined;
    const query = action?.query ?? "";
    deps.emit({
      type: "item_completed",
      ...base,
      item: { type: "WebSearch", id: item.id ?? "", query },
    });
    deps.emit({ type: "web_search_end", call_id: item.id ?? "", query });
  }
}
