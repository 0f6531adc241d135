// One session's telemetry: the seed's `codex.*` log events (B10.4–B10.7) with their common
// attributes, spans (turn → model request, turn → tool call) and metrics. Every string attribute
// is scrubbed of secrets before it is handed to the SDK. Calls may be replays of calls queued
// while the SDK loaded: `at` sets the clock to when they were made.
import {
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
} from "@opentelemetry/api";
import { SeverityNumber } from "@opentelemetry/api-logs";
import type { Config } from "../../config/types.js";
import type { ResponseEvent } from "../../model/types.js";
import type { EventMsg, Op, ReviewDecision, TokenUsage } from "../../protocol/index.js";
import type { ToolCall } from "../../tools/types.js";
import { CLI_VERSION } from "../../version.js";
import type { ReplayableTelemetry, TelemetryInfo } from "../index.js";
import type { DecisionSource, ToolOutcome } from "../hooks.js";
import { collectSecrets, REDACTED, Scrubber } from "../redact.js";
import type { SpanIds, TraceIds } from "../trace-ids.js";
import {
  argumentsOf,
  authMode,
  conversationStartsAttributes,
  outputText,
  terminalType,
  ZERO_USAGE,
} from "./attributes.js";
import { createInstruments, type Instruments } from "./metrics.js";
import { plannedIds, providersFor, type Providers } from "./providers.js";

interface TurnState {
  span: Span;
  startedAt: number;
  model: string;
  slug: string;
  sawOutput: boolean;
  sawMessage: boolean;
  modelSpan?: Span;
}

export async function createOtelSession(
  config: Config,
  info: TelemetryInfo,
  ids: TraceIds,
): Promise<ReplayableTelemetry> {
  const otel = config.otel;
  if (!otel) throw new Error("[otel] is not configured");
  const providers = await providersFor(otel, process.env, config.codexHome, info.warn);
  return new OtelSession(config, info, providers, ids);
}

class OtelSession implements ReplayableTelemetry {
  private conversationId = "";
  private model: string;
  private readonly slug: string;
  private readonly scrubber: Scrubber;
  private readonly common: Attributes;
  private readonly turns = new Map<string, TurnState>();
  private readonly tools = new Map<string, { span: Span; startedAt: number }>();
  /** Tool name by call id, so a decision arriving as an op can name its tool. */
  private readonly toolNames = new Map<string, string>();
  private readonly m: Instruments | null;
  private replayAt: number | null = null;

  constructor(
    private readonly config: Config,
    info: TelemetryInfo,
    private readonly p: Providers,
    private readonly ids: TraceIds,
  ) {
    this.model = config.model;
    this.slug = config.modelFamily.slug;
    this.scrubber = new Scrubber(collectSecrets(config, process.env));
    const mode = authMode(config, process.env);
    this.common = {
      "app.version": CLI_VERSION,
      ...(mode ? { auth_mode: mode } : {}),
      "terminal.type": terminalType(process.env),
      originator: info.originator,
    };
    this.m = p.meter ? createInstruments(p.meter) : null;
  }

  at(at: number, fn: () => void): void {
    this.replayAt = at;
    try {
      fn();
    } finally {
      this.replayAt = null;
    }
  }

  /** performance.now() of the call (its original time when replayed). */
  private now(): number {
    return this.replayAt ?? performance.now();
  }

  private date(): Date {
    return new Date(performance.timeOrigin + this.now());
  }

  private clean(attrs: Attributes): Attributes {
    const out: Attributes = {};
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null) continue;
      out[k] = typeof v === "string" ? this.scrubber.scrub(v) : v;
    }
    return out;
  }

  /** One `codex.*` log event with the common attributes (B10.4). */
  private event(name: string, attrs: Attributes, turn?: TurnState): void {
    const logger = this.p.logger;
    if (!logger) return;
    const when = this.date();
    logger.emit({
      eventName: name,
      body: name,
      severityNumber: SeverityNumber.INFO,
      severityText: "INFO",
      timestamp: when,
      context: turn ? trace.setSpan(ROOT_CONTEXT, turn.modelSpan ?? turn.span) : undefined,
      attributes: this.clean({
        "event.name": name,
        "event.timestamp": when.toISOString(),
        "conversation.id": this.conversationId,
        ...this.common,
        model: turn?.model ?? this.model,
        slug: turn?.slug ?? this.slug,
        ...attrs,
      }),
    });
  }

  private span(name: string, attrs: Attributes, parent?: Span, ids?: SpanIds): Span {
    const ctx = parent ? trace.setSpan(ROOT_CONTEXT, parent) : ROOT_CONTEXT;
    // Ids chosen when the work started (a traceparent may already have left with them).
    if (ids) {
      plannedIds.traceId = parent ? undefined : ids.traceId;
      plannedIds.spanId = ids.spanId;
    }
    const attributes = this.clean({
      "conversation.id": this.conversationId,
      ...(this.config.otel?.spanAttributes ?? {}),
      ...attrs,
    });
    return this.p.tracer.startSpan(name, { attributes, startTime: this.date() }, ctx);
  }

  onEvent(subId: string, msg: EventMsg): void {
    const turn = this.turns.get(subId);
    switch (msg.type) {
      case "session_configured":
        this.conversationId = msg.session_id;
        this.model = msg.model;
        this.event("codex.conversation_starts", conversationStartsAttributes(this.config, msg));
        break;
      case "task_started": {
        const attrs = { "turn.id": subId, model: this.model };
        const span = this.span("codex.turn", attrs, undefined, this.ids.turn(subId));
        this.turns.set(subId, {
          span,
          startedAt: this.now(),
          model: this.model,
          slug: this.slug,
          sawOutput: false,
          sawMessage: false,
        });
        break;
      }
      case "agent_message":
        if (turn && !turn.sawMessage) {
          turn.sawMessage = true;
          this.m?.ttfm.record(this.now() - turn.startedAt, { model: turn.model });
        }
        break;
      case "task_complete":
      case "turn_aborted":
        if (turn) {
          this.m?.turnDuration.record(this.now() - turn.startedAt, { model: turn.model });
          if (msg.type === "turn_aborted") turn.span.setAttribute("turn.aborted", msg.reason);
          turn.span.end(this.date());
          this.turns.delete(subId);
        }
        this.ids.endTurn(subId);
        break;
      case "error":
        turn?.span.setStatus({
          code: SpanStatusCode.ERROR,
          message: this.scrubber.scrub(msg.message),
        });
        break;
      default:
        break;
    }
  }

  onOp(subId: string, op: Op): void {
    if (op.type === "user_input" || op.type === "user_turn") {
      const text = op.items.map((i) => (i.type === "text" ? i.text : "")).join("");
      if (!this.config.otel?.logUserPrompt) {
        this.scrubber.addPrompt(text);
        this.event("codex.user_prompt", { prompt_length: [...text].length, prompt: REDACTED });
      } else {
        this.event("codex.user_prompt", { prompt_length: [...text].length, prompt: text });
      }
    } else if (op.type === "exec_approval" || op.type === "patch_approval") {
      const fallback = op.type === "exec_approval" ? "shell" : "apply_patch";
      const tool = this.toolNames.get(op.id) ?? fallback;
      this.toolDecision(subId, tool, op.id, op.decision, "user");
    }
  }

  modelStart(subId: string, model: string, slug: string): void {
    const turn = this.turns.get(subId);
    const span = this.span("codex.model_request", { model, slug }, turn?.span);
    if (turn) {
      turn.model = model;
      turn.slug = slug;
      turn.modelSpan = span;
    } else {
      // Every model request belongs to a task's turn; one that does not goes untraced.
      span.end();
    }
  }

  modelEvent(subId: string, ev: ResponseEvent): void {
    const turn = this.turns.get(subId);
    if (turn && !turn.sawOutput && ev.type !== "created" && ev.type !== "rate_limits") {
      // The first thing the model produced: a delta, or a whole item when it streams none.
      turn.sawOutput = true;
      this.m?.ttft.record(this.now() - turn.startedAt, { model: turn.model });
    }
    if (ev.type === "completed") this.completed(ev.usage ?? ZERO_USAGE, turn);
  }

  modelEnd(subId: string, error?: string): void {
    const turn = this.turns.get(subId);
    const span = turn?.modelSpan;
    if (!span) return;
    if (error !== undefined)
      span.setStatus({ code: SpanStatusCode.ERROR, message: this.scrubber.scrub(error) });
    span.end(this.date());
    if (turn) turn.modelSpan = undefined;
  }

  private completed(u: TokenUsage, turn?: TurnState): void {
    this.event(
      "codex.sse_event",
      {
        "event.kind": "response.completed",
        input_token_count: u.input_tokens,
        output_token_count: u.output_tokens,
        cached_token_count: u.cached_input_tokens,
        reasoning_token_count: u.reasoning_output_tokens,
        // Codex's tool_token_count; the Responses API reports no separate figure, so it is 0.
        tool_token_count: 0,
      },
      turn,
    );
    if (!this.m) return;
    const model = turn?.model ?? this.model;
    const slug = turn?.slug ?? this.slug;
    const kinds: [string, number][] = [
      ["input", u.input_tokens],
      ["cached_input", u.cached_input_tokens],
      ["output", u.output_tokens],
      ["reasoning_output", u.reasoning_output_tokens],
      ["total", u.total_tokens],
    ];
    for (const [kind, n] of kinds) this.m.tokens.add(n, { model, slug, token_type: kind });
  }

  apiRequest(
    subId: string,
    attempt: number,
    ms: number,
    status?: number,
    error?: string,
    cfRay?: string,
  ): void {
    const turn = this.turns.get(subId);
    this.event(
      "codex.api_request",
      {
        cf_ray: cfRay,
        attempt,
        duration_ms: Math.round(ms),
        "http.response.status_code": status,
        "error.message": error,
      },
      turn,
    );
    const attrs = { model: turn?.model ?? this.model, status: status ?? 0, success: !error };
    this.m?.apiRequests.add(1, attrs);
    this.m?.apiLatency.record(ms, attrs);
  }

  sseEvent(subId: string, kind: string | null, ms: number, error?: string): void {
    const attrs: Attributes = { duration_ms: Math.round(ms), "error.message": error };
    if (kind !== null) attrs["event.kind"] = kind;
    this.event("codex.sse_event", attrs, this.turns.get(subId));
  }

  toolStart(subId: string, call: ToolCall): void {
    const turn = this.turns.get(subId);
    this.toolNames.set(call.callId, call.name);
    const attrs = { tool_name: call.name, call_id: call.callId };
    const span = this.span("codex.tool_call", attrs, turn?.span, this.ids.tool(call.callId));
    this.tools.set(call.callId, { span, startedAt: this.now() });
  }

  toolEnd(subId: string, call: ToolCall, outcome: ToolOutcome): void {
    const started = this.tools.get(call.callId);
    const ms = started ? this.now() - started.startedAt : 0;
    const result = "result" in outcome ? outcome.result : null;
    const success = result?.success ?? false;
    const error = "error" in outcome ? outcome.error : undefined;
    const output = result
      ? outputText(result.content)
      : error instanceof Error
        ? error.message
        : String(error);
    this.event(
      "codex.tool_result",
      {
        tool_name: call.name,
        call_id: call.callId,
        arguments: argumentsOf(call),
        duration_ms: Math.round(ms),
        success: success ? "true" : "false",
        output,
      },
      this.turns.get(subId),
    );
    if (started) {
      started.span.setAttribute("success", success);
      if (!success) started.span.setStatus({ code: SpanStatusCode.ERROR });
      started.span.end(this.date());
    }
    this.m?.toolCalls.add(1, { tool: call.name, success: String(success) });
    this.m?.toolDuration.record(ms, { tool: call.name });
    this.tools.delete(call.callId);
    this.toolNames.delete(call.callId);
    this.ids.endTool(call.callId);
  }

  toolDecision(
    subId: string,
    toolName: string,
    callId: string,
    decision: ReviewDecision,
    source: DecisionSource,
  ): void {
    this.event(
      "codex.tool_decision",
      { tool_name: toolName, call_id: callId, decision, source },
      this.turns.get(subId),
    );
    this.m?.decisions.add(1, { tool: toolName, decision, source });
  }

  sandboxDenial(_subId: string, toolName: string): void {
    this.m?.sandboxDenials.add(1, { tool: toolName });
  }

  toolFailed(subId: string, toolName: string, callId: string, message: string): void {
    this.event(
      "codex.tool_result",
      {
        tool_name: toolName,
        call_id: callId,
        arguments: "",
        duration_ms: 0,
        success: "false",
        output: message,
      },
      this.turns.get(subId),
    );
    this.m?.toolCalls.add(1, { tool: toolName, success: "false" });
  }

  traceparent(subId: string, callId?: string): string | undefined {
    return this.ids.traceparent(subId, callId);
  }

  flush(): Promise<void> {
    // Open spans (a process ending mid-turn) are closed, marked unfinished.
    for (const { span } of this.tools.values()) span.end();
    for (const [subId, turn] of this.turns) {
      turn.modelSpan?.end();
      turn.span.setAttribute("turn.unfinished", true);
      turn.span.end();
      this.turns.delete(subId);
    }
    this.tools.clear();
    return this.p.flush();
  }
}
