// Entry point for front-ends: a session's telemetry, or undefined when `[otel]` exports nothing.
// The OpenTelemetry SDK and exporters load only when an exporter is set, and then only once the
// model is busy answering; calls made before they are ready are queued with their times.
import type { Config } from "../config/types.js";
import type { EventMsg, Op, ReviewDecision } from "../protocol/index.js";
import type { ResponseEvent } from "../model/types.js";
import type { ToolCall } from "../tools/types.js";
import type { DecisionSource, SessionTelemetry, ToolOutcome } from "./hooks.js";
import { logLine } from "./log/file.js";
import { TraceIds } from "./trace-ids.js";

export type { SessionTelemetry } from "./hooks.js";
export { logLine } from "./log/file.js";

/** Who runs the session; becomes attributes of every event. */
export interface TelemetryInfo {
  /** `codex_exec`, `codex-tui`, `codex_mcp`, ... */
  originator: string;
  /** Where a one-time warning goes (an unreachable collector). */
  warn: (message: string) => void;
}

/** Whether `[otel]` sends anything anywhere. */
export function telemetryEnabled(config: Config): boolean {
  const o = config.otel;
  if (!o) return false;
  return [o.exporter, o.traceExporter, o.metricsExporter].some((e) => e.kind !== "none");
}

/**
 * Where the one export warning goes: the log file always; stderr too, except in the TUI
 * (whose screen it would break).
 */
export function telemetryWarning(source: string): (message: string) => void {
  return (message) => {
    logLine("codex_otel", "warn", message);
    if (source !== "cli" && !process.env.CODEX_TS_LOG)
      process.stderr.write(`warning: ${message}\n`);
  };
}

/**
 * Calls kept while the SDK loads. The first model response starts the load, so this holds a
 * session's first events and at most one response's worth of stream events.
 */
const MAX_QUEUED = 20_000;
/** Loading starts at the latest this long after the session, even with no model request. */
const LOAD_FALLBACK_MS = 1500;

/** What the real implementation adds: replaying a queued call at the time it was made. */
export interface ReplayableTelemetry extends SessionTelemetry {
  /** Runs `fn` with the session's clock set to `at` (a performance.now() value). */
  at(at: number, fn: () => void): void;
}

/** A session's telemetry; undefined (and nothing loaded) unless an exporter is configured. */
export function createSessionTelemetry(
  config: Config,
  info: TelemetryInfo,
): SessionTelemetry | undefined {
  if (!telemetryEnabled(config)) return undefined;
  return new DeferredTelemetry(
    (ids) => import("./otel/session.js").then((m) => m.createOtelSession(config, info, ids)),
    info.warn,
  );
}

/**
 * Queues calls, with their times, until the SDK has loaded, then forwards them. Loading (about
 * 0.15 s of main-thread work) starts when the first model response arrives, so it overlaps the
 * model's own latency instead of delaying the first request.
 */
class DeferredTelemetry implements SessionTelemetry {
  private impl: ReplayableTelemetry | null = null;
  private failed = false;
  private queue: { at: number; fn: (t: SessionTelemetry) => void }[] = [];
  private loading: Promise<void> | null = null;
  private readonly fallback: NodeJS.Timeout;
  private readonly ids = new TraceIds();

  constructor(
    private readonly load: (ids: TraceIds) => Promise<ReplayableTelemetry>,
    private readonly warn: (m: string) => void,
  ) {
    this.fallback = setTimeout(() => void this.start(), LOAD_FALLBACK_MS);
    this.fallback.unref();
  }

  private start(): Promise<void> {
    clearTimeout(this.fallback);
    this.loading ??= this.load(this.ids).then(
      (impl) => {
        this.impl = impl;
        for (const q of this.queue) impl.at(q.at, () => this.guard(() => q.fn(impl)));
        this.queue = [];
      },
      (e: Error) => {
        this.failed = true;
        this.queue = [];
        this.warn(`OpenTelemetry export is off: ${e.message}`);
      },
    );
    return this.loading;
  }

  /** A telemetry bug must never break a turn: report it once, then carry on without it. */
  private guard(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      if (this.bugReported) return;
      this.bugReported = true;
      this.warn(`OpenTelemetry: an event could not be recorded (${(e as Error).message})`);
    }
  }

  private bugReported = false;

  private call(fn: (t: SessionTelemetry) => void): void {
    const impl = this.impl;
    if (impl) this.guard(() => fn(impl));
    else if (!this.failed && this.queue.length < MAX_QUEUED)
      this.queue.push({ at: performance.now(), fn });
  }

  onEvent(subId: string, msg: EventMsg): void {
    if (msg.type === "task_started") this.ids.startTurn(subId);
    else if (this.failed && (msg.type === "task_complete" || msg.type === "turn_aborted"))
      this.ids.endTurn(subId);
    this.call((t) => t.onEvent(subId, msg));
  }

  onOp(subId: string, op: Op): void {
    this.call((t) => t.onOp(subId, op));
  }

  modelStart(subId: string, model: string, slug: string): void {
    this.call((t) => t.modelStart(subId, model, slug));
  }

  modelEvent(subId: string, ev: ResponseEvent): void {
    this.call((t) => t.modelEvent(subId, ev));
  }

  modelEnd(subId: string, error?: string): void {
    this.call((t) => t.modelEnd(subId, error));
  }

  apiRequest(
    subId: string,
    attempt: number,
    ms: number,
    status?: number,
    error?: string,
    cfRay?: string,
  ): void {
    // The model is answering: load now, while it works on its response.
    if (!this.loading) setImmediate(() => void this.start());
    this.call((t) => t.apiRequest(subId, attempt, ms, status, error, cfRay));
  }

  sseEvent(subId: string, kind: string | null, ms: number, error?: string): void {
    this.call((t) => t.sseEvent(subId, kind, ms, error));
  }

  toolStart(subId: string, call: ToolCall): void {
    this.ids.startTool(subId, call.callId);
    this.call((t) => t.toolStart(subId, call));
  }

  toolEnd(subId: string, call: ToolCall, outcome: ToolOutcome): void {
    if (this.failed) this.ids.endTool(call.callId);
    this.call((t) => t.toolEnd(subId, call, outcome));
  }

  toolDecision(
    subId: string,
    toolName: string,
    callId: string,
    decision: ReviewDecision,
    source: DecisionSource,
  ): void {
    this.call((t) => t.toolDecision(subId, toolName, callId, decision, source));
  }

  sandboxDenial(subId: string, toolName: string): void {
    this.call((t) => t.sandboxDenial(subId, toolName));
  }

  toolFailed(subId: string, toolName: string, callId: string, message: string): void {
    this.call((t) => t.toolFailed(subId, toolName, callId, message));
  }

  traceparent(subId: string, callId?: string): string | undefined {
    // Ids are chosen when work starts, so this works before the SDK has loaded.
    return this.failed ? undefined : this.ids.traceparent(subId, callId);
  }

  async flush(): Promise<void> {
    await this.start();
    await this.impl?.flush();
  }
}
