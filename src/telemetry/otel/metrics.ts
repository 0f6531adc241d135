// Metric instruments. Names follow Codex's `codex.*` metrics where Codex has one; durations are
// milliseconds, as Codex's `_ms` suffix says.
import type { Counter, Histogram, Meter } from "@opentelemetry/api";

export interface Instruments {
  ttft: Histogram;
  ttfm: Histogram;
  turnDuration: Histogram;
  apiRequests: Counter;
  apiLatency: Histogram;
  toolCalls: Counter;
  toolDuration: Histogram;
  tokens: Counter;
  decisions: Counter;
  sandboxDenials: Counter;
}

export function createInstruments(meter: Meter): Instruments {
  const ms = (name: string, description: string) =>
    meter.createHistogram(name, { unit: "ms", description });
  return {
    ttft: ms("codex.turn.ttft.duration_ms", "Time from turn start to the first streamed token"),
    ttfm: ms("codex.turn.ttfm.duration_ms", "Time from turn start to the first agent message"),
    turnDuration: ms("codex.turn.e2e_duration_ms", "Turn duration, start to completion"),
    apiRequests: meter.createCounter("codex.api_request", {
      description: "Model HTTP requests by status",
    }),
    apiLatency: ms("codex.api_request.duration_ms", "Model request latency to response headers"),
    toolCalls: meter.createCounter("codex.tool.call", { description: "Tool calls by tool" }),
    toolDuration: ms("codex.tool.call.duration_ms", "Tool call duration by tool"),
    tokens: meter.createCounter("codex.turn.token_usage", {
      description: "Tokens used, by token_type",
    }),
    decisions: meter.createCounter("codex.tool_decision", {
      description: "Approval decisions by decision and source",
    }),
    sandboxDenials: meter.createCounter("codex.sandbox.denial", {
      description: "Commands the sandbox blocked",
    }),
  };
}
