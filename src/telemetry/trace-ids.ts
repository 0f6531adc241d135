// Trace and span ids of turns and tool calls, chosen when they start, before the OpenTelemetry
// SDK may have loaded. A tool call can then send its W3C `traceparent` to an MCP server right
// away, and the spans created later (when queued calls are replayed) carry the same ids.
import { randomBytes } from "node:crypto";

export interface SpanIds {
  traceId: string;
  spanId: string;
}

const hex = (bytes: number) => randomBytes(bytes).toString("hex");

export class TraceIds {
  private readonly turns = new Map<string, SpanIds>();
  private readonly tools = new Map<string, SpanIds>();

  /** A turn begins: a new trace. */
  startTurn(subId: string): void {
    this.turns.set(subId, { traceId: hex(16), spanId: hex(8) });
  }

  /** A tool call begins: a span in its turn's trace. */
  startTool(subId: string, callId: string): void {
    const traceId = this.turns.get(subId)?.traceId ?? hex(16);
    this.tools.set(callId, { traceId, spanId: hex(8) });
  }

  turn(subId: string): SpanIds | undefined {
    return this.turns.get(subId);
  }

  tool(callId: string): SpanIds | undefined {
    return this.tools.get(callId);
  }

  endTurn(subId: string): void {
    this.turns.delete(subId);
  }

  endTool(callId: string): void {
    this.tools.delete(callId);
  }

  /** `00-<trace>-<span>-01` of the tool call when given and running, else of the turn. */
  traceparent(subId: string, callId?: string): string | undefined {
    const ids =
      (callId === undefined ? undefined : this.tools.get(callId)) ?? this.turns.get(subId);
    return ids ? `00-${ids.traceId}-${ids.spanId}-01` : undefined;
  }
}
