// The instrumentation seam: what core, model, tools and the MCP client call. Nothing here loads
// OpenTelemetry. With `[otel]` off no session has a telemetry object, no scope is ever entered,
// and every hook is one AsyncLocalStorage lookup that finds nothing.
//
// A turn's model request runs inside `inTurnScope`, so code deep below it (the HTTP client, the
// SSE loop, a tool handler, the MCP transport's fetch) finds its session and span without every
// signature in between carrying a telemetry parameter.
import { AsyncLocalStorage } from "node:async_hooks";
import type { ResponseEvent } from "../model/types.js";
import type { EventMsg, Op, ResponseItem, ReviewDecision } from "../protocol/index.js";
import type { ToolCall, ToolHandler, ToolResult } from "../tools/types.js";

/** Who decided a tool call: the approval policy (`config`) or a person (`user`). */
export type DecisionSource = "config" | "user";

/** How a tool call ended: the handler's result, or what it threw. */
export type ToolOutcome = { result: ToolResult } | { error: unknown };

/**
 * A session's telemetry, as the session and the hooks see it (src/telemetry/otel implements it).
 * Every call returns nothing, so calls made before the SDK has loaded can be queued and replayed
 * with their original times.
 */
export interface SessionTelemetry {
  /** Every event the session emits (turn lifecycle, first message, approvals asked). */
  onEvent(subId: string, msg: EventMsg): void;
  /** Every op the session receives (user prompts, approval decisions). */
  onOp(subId: string, op: Op): void;
  /** A model request starts (its span). */
  modelStart(subId: string, model: string, slug: string): void;
  /** An event of the model request's stream (first output, token counts). */
  modelEvent(subId: string, ev: ResponseEvent): void;
  /** The model request ended, with the error that ended it if any. */
  modelEnd(subId: string, error?: string): void;
  /** One HTTP attempt of a model request. */
  apiRequest(
    subId: string,
    attempt: number,
    durationMs: number,
    status?: number,
    error?: string,
    cfRay?: string,
  ): void;
  /** One server-sent event (`kind` null when the stream itself failed). */
  sseEvent(subId: string, kind: string | null, durationMs: number, error?: string): void;
  toolStart(subId: string, call: ToolCall): void;
  toolEnd(subId: string, call: ToolCall, outcome: ToolOutcome): void;
  toolDecision(
    subId: string,
    toolName: string,
    callId: string,
    decision: ReviewDecision,
    source: DecisionSource,
  ): void;
  sandboxDenial(subId: string, toolName: string): void;
  /** A call that could not even be run (B10.9: a local shell call without an id). */
  toolFailed(subId: string, toolName: string, callId: string, message: string): void;
  /** `traceparent` of a running tool call's span, else of the turn's; undefined if unknown. */
  traceparent(subId: string, callId?: string): string | undefined;
  /**
   * The session is ending: close spans still open and export what is buffered. Bounded in
   * time, never throws.
   */
  flush(): Promise<void>;
}

interface Scope {
  session: SessionTelemetry;
  subId: string;
  tool?: { name: string; callId: string; traceparent: string | undefined };
}

const scope = new AsyncLocalStorage<Scope>();

/** Runs a task's model request (and everything it causes) in its session's telemetry scope. */
export function inTurnScope<T>(
  telemetry: SessionTelemetry | undefined,
  subId: string,
  fn: () => Promise<T>,
): Promise<T> {
  return telemetry ? scope.run({ session: telemetry, subId }, fn) : fn();
}

/** Model client: traces one request's stream. */
export function traceModelStream(
  model: string,
  slug: string,
  events: AsyncGenerator<ResponseEvent>,
): AsyncGenerator<ResponseEvent> {
  const s = scope.getStore();
  return s ? tracedStream(s, model, slug, events) : events;
}

async function* tracedStream(
  s: Scope,
  model: string,
  slug: string,
  events: AsyncGenerator<ResponseEvent>,
): AsyncGenerator<ResponseEvent> {
  s.session.modelStart(s.subId, model, slug);
  let error: string | undefined;
  try {
    for await (const ev of events) {
      s.session.modelEvent(s.subId, ev);
      yield ev;
    }
  } catch (e) {
    error = (e as Error).message;
    throw e;
  } finally {
    s.session.modelEnd(s.subId, error);
  }
}

/** Model client: one HTTP attempt finished (`startedAt` from performance.now()). */
export function recordApiRequest(
  attempt: number,
  startedAt: number,
  status?: number,
  error?: string,
  headers?: { get(name: string): string | null },
): void {
  const s = scope.getStore();
  if (!s) return;
  const ms = performance.now() - startedAt;
  const cfRay = headers?.get("cf-ray") ?? undefined;
  s.session.apiRequest(s.subId, attempt, ms, status, error, cfRay);
}

/** Model client: times every raw server-sent event (`codex.sse_event`). */
export function observeSse<T>(events: AsyncGenerator<T>): AsyncGenerator<T> {
  const s = scope.getStore();
  return s ? timedSse(s, events) : events;
}

async function* timedSse<T>(s: Scope, events: AsyncGenerator<T>): AsyncGenerator<T> {
  let last = performance.now();
  try {
    for await (const ev of events) {
      const now = performance.now();
      const e = ev as { type?: unknown; response?: { error?: { message?: unknown } } };
      const kind = typeof e.type === "string" ? e.type : "chat.completion.chunk";
      const failed = kind === "response.failed" ? e.response?.error?.message : undefined;
      s.session.sseEvent(
        s.subId,
        kind,
        now - last,
        failed === undefined ? undefined : String(failed),
      );
      last = now;
      yield ev;
    }
  } catch (e) {
    s.session.sseEvent(s.subId, null, performance.now() - last, (e as Error).message);
    throw e;
  }
}

/** Turn loop: the handler, traced (`codex.tool_result`, a span, durations) when in scope. */
export function traceHandler<H extends ToolHandler | undefined>(handler: H): H {
  const s = scope.getStore();
  if (!s || !handler) return handler;
  const traced: ToolHandler = Object.create(handler) as ToolHandler;
  traced.handle = async (ctx, call, signal) => {
    s.session.toolStart(s.subId, call);
    const traceparent = s.session.traceparent(s.subId, call.callId);
    const tool = { name: call.name, callId: call.callId, traceparent };
    try {
      const result = await scope.run({ ...s, tool }, () => handler.handle(ctx, call, signal));
      s.session.toolEnd(s.subId, call, { result });
      return result;
    } catch (error) {
      s.session.toolEnd(s.subId, call, { error });
      throw error;
    }
  };
  return traced as H;
}

/** Turn loop: a tool call the router rejected; recorded as a failed `codex.tool_result`. */
export function recordToolFailure(item: ResponseItem, callId: string, message: string): void {
  const s = scope.getStore();
  if (!s) return;
  const name =
    item.type === "local_shell_call"
      ? "local_shell"
      : "name" in item
        ? String(item.name)
        : item.type;
  s.session.toolFailed(s.subId, name, callId, message);
}

/** Tool orchestration: a decision the approval policy made without asking anyone. */
export function recordPolicyDecision(decision: ReviewDecision): void {
  const s = scope.getStore();
  if (s?.tool) s.session.toolDecision(s.subId, s.tool.name, s.tool.callId, decision, "config");
}

/** Tool orchestration: the sandbox blocked a command. */
export function recordSandboxDenial(): void {
  const s = scope.getStore();
  if (s?.tool) s.session.sandboxDenial(s.subId, s.tool.name);
}

/**
 * W3C `traceparent` of the work in progress (the tool call, else the turn), for requests to
 * MCP servers and an exec-server; undefined outside a traced scope.
 */
export function activeTraceparent(): string | undefined {
  const s = scope.getStore();
  if (!s) return undefined;
  return s.tool?.traceparent ?? s.session.traceparent(s.subId);
}

/** A fetch that adds `traceparent` when there is one (streamable-HTTP MCP transports). */
export const traceparentFetch = (input: string | URL, init?: RequestInit): Promise<Response> => {
  const traceparent = activeTraceparent();
  if (traceparent === undefined) return fetch(input, init);
  const headers = new Headers(init?.headers);
  headers.set("traceparent", traceparent);
  return fetch(input, { ...init, headers });
};
