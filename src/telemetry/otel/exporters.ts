// OTLP exporters for one signal, built from an `[otel]` exporter entry. Only the package of the
// configured transport is imported (HTTP protobuf, HTTP JSON or gRPC). Every exporter is wrapped
// so that an unreachable collector produces one warning and is then quiet.
import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { expandHeaders, type OtelExporter, type OtelTls } from "../../config/otel.js";

export type Signal = "logs" | "traces" | "metrics";

/** What the SDK's processors call; the same shape for logs, spans and metrics. */
export interface AnyExporter {
  export(items: unknown, done: (result: { code: number; error?: Error }) => void): void;
  shutdown(): Promise<void>;
  forceFlush?(): Promise<void>;
}

/** Shared by a process's exporters: whether the collector was last seen failing. */
export interface ExportHealth {
  down: boolean;
  warned: boolean;
  warn: (message: string) => void;
}

/** Exports give up after this long, so a black-holed collector cannot hold a flush for long. */
const EXPORT_TIMEOUT_MS = 2000;

function readTls(tls: OtelTls | undefined, codexHome: string) {
  const read = (p: string | undefined) =>
    p === undefined ? undefined : readFileSync(isAbsolute(p) ? p : join(codexHome, p));
  return {
    ca: read(tls?.caCertificate),
    cert: read(tls?.clientCertificate),
    key: read(tls?.clientPrivateKey),
  };
}

/** `new m[name](options)`; bundled CommonJS modules may hang their exports off `default`. */
function construct(m: object, name: string, options: object): AnyExporter {
  const mod = m as Record<string, unknown> & { default?: Record<string, unknown> };
  const Ctor = (mod[name] ?? mod.default?.[name]) as new (o: object) => AnyExporter;
  return new Ctor(options);
}

async function httpExporter(
  signal: Signal,
  e: Extract<OtelExporter, { kind: "otlp-http" }>,
  headers: Record<string, string>,
  codexHome: string,
): Promise<AnyExporter> {
  const tls = e.tls ? readTls(e.tls, codexHome) : undefined;
  const options = {
    url: e.endpoint,
    headers,
    timeoutMillis: EXPORT_TIMEOUT_MS,
    ...(tls ? { httpAgentOptions: { ca: tls.ca, cert: tls.cert, key: tls.key } } : {}),
  };
  const json = e.protocol === "json";
  if (signal === "logs") {
    const m = json
      ? await import("@opentelemetry/exporter-logs-otlp-http")
      : await import("@opentelemetry/exporter-logs-otlp-proto");
    return construct(m, "OTLPLogExporter", options);
  }
  if (signal === "traces") {
    const m = json
      ? await import("@opentelemetry/exporter-trace-otlp-http")
      : await import("@opentelemetry/exporter-trace-otlp-proto");
    return construct(m, "OTLPTraceExporter", options);
  }
  const m = json
    ? await import("@opentelemetry/exporter-metrics-otlp-http")
    : await import("@opentelemetry/exporter-metrics-otlp-proto");
  return construct(m, "OTLPMetricExporter", options);
}

async function grpcExporter(
  signal: Signal,
  e: Extract<OtelExporter, { kind: "otlp-grpc" }>,
  headers: Record<string, string>,
  codexHome: string,
): Promise<AnyExporter> {
  const imported = await import("@grpc/grpc-js");
  // Bundled CommonJS: named exports may only be reachable through `default`.
  const grpc = (imported.Metadata ? imported : imported.default) as typeof imported;
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
  const tls = e.tls ? readTls(e.tls, codexHome) : undefined;
  const credentials = tls
    ? grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null)
    : undefined;
  const options = {
    url: e.endpoint,
    metadata,
    timeoutMillis: EXPORT_TIMEOUT_MS,
    ...(credentials ? { credentials } : {}),
  };
  if (signal === "logs") {
    const m = await import("@opentelemetry/exporter-logs-otlp-grpc");
    return construct(m, "OTLPLogExporter", options);
  }
  if (signal === "traces") {
    const m = await import("@opentelemetry/exporter-trace-otlp-grpc");
    return construct(m, "OTLPTraceExporter", options);
  }
  const m = await import("@opentelemetry/exporter-metrics-otlp-grpc");
  return construct(m, "OTLPMetricExporter", options);
}

/** The exporter for `signal`, or null for `none`. */
export async function createExporter(
  signal: Signal,
  e: OtelExporter,
  env: NodeJS.ProcessEnv,
  codexHome: string,
  health: ExportHealth,
): Promise<AnyExporter | null> {
  if (e.kind === "none") return null;
  const headers = expandHeaders(e.headers, env);
  const inner =
    e.kind === "otlp-grpc"
      ? await grpcExporter(signal, e, headers, codexHome)
      : await httpExporter(signal, e, headers, codexHome);
  return quietOnFailure(inner, signal, e.endpoint, health);
}

/** Reports the first failed export, then stays quiet; remembers whether the collector is down. */
function quietOnFailure(
  inner: AnyExporter,
  signal: Signal,
  endpoint: string,
  health: ExportHealth,
): AnyExporter {
  const wrapped = Object.create(inner) as AnyExporter;
  wrapped.export = (items, done) => {
    inner.export(items, (result) => {
      if (result.code === 0) health.down = false;
      else {
        health.down = true;
        if (!health.warned) {
          health.warned = true;
          const why = result.error?.message ?? "unknown error";
          health.warn(
            `OpenTelemetry: exporting ${signal} to ${endpoint} failed (${why}); further export failures are not reported`,
          );
        }
      }
      done(result);
    });
  };
  return wrapped;
}
