// The process's OpenTelemetry providers (logs, traces, metrics), created once from the first
// session's `[otel]` table and shared by every session of the process (app-server, mcp-server).
// Batch processors buffer in memory; `flushTelemetry` exports within a bounded time and is run on
// every exit path (session shutdown, SIGINT/SIGTERM, the event loop running dry).
import { randomBytes } from "node:crypto";
import type { Logger } from "@opentelemetry/api-logs";
import type { Meter, Tracer } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BatchLogRecordProcessor, LoggerProvider } from "@opentelemetry/sdk-logs";
import { MeterProvider, PeriodicExportingMetricReader } from "@opentelemetry/sdk-metrics";
import { BasicTracerProvider, BatchSpanProcessor } from "@opentelemetry/sdk-trace-base";
import type { OtelConfig } from "../../config/otel.js";
import { CLI_VERSION } from "../../version.js";
import { createExporter, type ExportHealth } from "./exporters.js";
import { installExitFlush } from "./exit.js";

export const SERVICE_NAME = "codex-cli";
const SCOPE = "codex-ts";

/** How long an exit may wait for the collector; much less once it is known to be down. */
const FLUSH_TIMEOUT_MS = 2000;
const FLUSH_TIMEOUT_DOWN_MS = 200;
/** Batches go out this often even if nobody flushes (a hard kill loses at most this much). */
const BATCH_DELAY_MS = 1000;
const METRICS_INTERVAL_MS = 10_000;

export interface Providers {
  /** Null when `exporter` is none: events are not even built. */
  logger: Logger | null;
  /** Always present: spans give MCP servers a `traceparent` even when traces are not exported. */
  tracer: Tracer;
  meter: Meter | null;
  flush(): Promise<void>;
}

let shared: Promise<Providers> | undefined;

/** The process's providers, created by the first call (later `[otel]` tables are ignored). */
export function providersFor(
  otel: OtelConfig,
  env: NodeJS.ProcessEnv,
  codexHome: string,
  warn: (message: string) => void,
): Promise<Providers> {
  shared ??= createProviders(otel, env, codexHome, warn);
  return shared;
}

async function createProviders(
  otel: OtelConfig,
  env: NodeJS.ProcessEnv,
  codexHome: string,
  warn: (message: string) => void,
): Promise<Providers> {
  const health: ExportHealth = { down: false, warned: false, warn };
  const resource = resourceFromAttributes({
    "service.name": SERVICE_NAME,
    "service.version": CLI_VERSION,
    env: otel.environment,
  });
  const [logExporter, traceExporter, metricExporter] = await Promise.all([
    createExporter("logs", otel.exporter, env, codexHome, health),
    createExporter("traces", otel.traceExporter, env, codexHome, health),
    createExporter("metrics", otel.metricsExporter, env, codexHome, health),
  ]);
  const batch = { scheduledDelayMillis: BATCH_DELAY_MS, exportTimeoutMillis: 2000 };

  const loggerProvider = logExporter
    ? new LoggerProvider({
        resource,
        processors: [new BatchLogRecordProcessor({ exporter: logExporter as never, ...batch })],
      })
    : null;
  const tracerProvider = new BasicTracerProvider({
    resource,
    idGenerator: plannedIdGenerator,
    spanProcessors: traceExporter ? [new BatchSpanProcessor(traceExporter as never, batch)] : [],
  });
  const meterProvider = metricExporter
    ? new MeterProvider({
        resource,
        readers: [
          new PeriodicExportingMetricReader({
            exporter: metricExporter as never,
            exportIntervalMillis: METRICS_INTERVAL_MS,
            exportTimeoutMillis: 2000,
          }),
        ],
      })
    : null;

  const flushAll = async () => {
    await Promise.allSettled([
      loggerProvider?.forceFlush(),
      traceExporter ? tracerProvider.forceFlush() : undefined,
      meterProvider?.forceFlush(),
    ]);
  };
  const flush = () => bounded(flushAll(), health.down ? FLUSH_TIMEOUT_DOWN_MS : FLUSH_TIMEOUT_MS);
  installExitFlush(flush);
  return {
    logger: loggerProvider?.getLogger(SCOPE, CLI_VERSION) ?? null,
    tracer: tracerProvider.getTracer(SCOPE, CLI_VERSION),
    meter: meterProvider?.getMeter(SCOPE, CLI_VERSION) ?? null,
    flush,
  };
}

/**
 * Ids for the next span the tracer starts, when they were chosen in advance (TraceIds); random
 * otherwise. Set right before a synchronous `startSpan` and consumed by it.
 */
export const plannedIds: { traceId?: string; spanId?: string } = {};

const plannedIdGenerator = {
  generateTraceId(): string {
    const id = plannedIds.traceId ?? randomBytes(16).toString("hex");
    plannedIds.traceId = undefined;
    return id;
  },
  generateSpanId(): string {
    const id = plannedIds.spanId ?? randomBytes(8).toString("hex");
    plannedIds.spanId = undefined;
    return id;
  },
};

/** Waits for `work`, but never longer than `ms`; never rejects. */
function bounded(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  return Promise.race([
    work.then(
      () => undefined,
      () => undefined,
    ),
    timeout,
  ]).finally(() => clearTimeout(timer));
}
