// `[otel]`: what OpenTelemetry export is configured (seed-spec §10, B10.1–B10.2) and the
// `trace_exporter` / `metrics_exporter` keys Codex 0.169 accepts. Only shapes and validation
// live here; the exporters themselves are in src/telemetry and load only when one is enabled.
import type { ResolveInput } from "./resolve.js";
import {
  httpUrl,
  ConfigIssue,
  bool,
  isTable,
  mapOf,
  oneOf,
  str,
  table,
  type Check,
  type Out,
} from "./schema-check.js";
import { formatKeyPath, type KeyPath } from "./toml-locate.js";

/** TLS material for an OTLP endpoint (paths, relative ones to `$CODEX_HOME`). */
export interface OtelTls {
  caCertificate?: string;
  clientCertificate?: string;
  clientPrivateKey?: string;
}

/** One exporter: where a signal (log events, spans or metrics) goes. */
export type OtelExporter =
  | { kind: "none" }
  | {
      kind: "otlp-http";
      endpoint: string;
      protocol: "binary" | "json";
      /** Header values as written; `${VAR}` is expanded when the exporter starts. */
      headers: Record<string, string>;
      tls?: OtelTls;
    }
  | { kind: "otlp-grpc"; endpoint: string; headers: Record<string, string>; tls?: OtelTls };

/** The resolved `[otel]` table. */
export interface OtelConfig {
  /** The `env` resource attribute (default "dev"). */
  environment: string;
  /** Log events (`codex.*`). */
  exporter: OtelExporter;
  /** Spans: turn, model request, tool call. */
  traceExporter: OtelExporter;
  /** Metrics: latencies, token usage, tool calls, approvals. */
  metricsExporter: OtelExporter;
  /** Export prompt text in `codex.user_prompt` (default false: "[REDACTED]"). */
  logUserPrompt: boolean;
  /** Extra attributes put on every span. */
  spanAttributes: Record<string, string>;
}

export const DEFAULT_OTEL_ENVIRONMENT = "dev";

const EXPORTER_KINDS = ["none", "statsig", "otlp-http", "otlp-grpc"] as const;

/** `${NAME}` references in a header value; anything else containing `$` is literal text. */
const ENV_REF = /\$\{([^}]*)\}/g;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

const headerValue: Check<string> = (v, ctx, path) => {
  const s = str(v, ctx, path);
  for (const m of s.matchAll(ENV_REF)) {
    if (!ENV_NAME.test(m[1] ?? ""))
      throw new ConfigIssue(
        path,
        `invalid value for \`${formatKeyPath(path)}\`: \`${m[0]}\` is not a valid environment variable reference (use \${NAME})`,
      );
  }
  return s;
};

const tlsCheck = table({
  "ca-certificate": str,
  "client-certificate": str,
  "client-private-key": str,
});

const httpCheck = table({
  endpoint: httpUrl,
  protocol: oneOf(["binary", "json"] as const),
  headers: mapOf(headerValue),
  tls: tlsCheck,
});

const grpcCheck = table(
  { endpoint: httpUrl, headers: mapOf(headerValue), tls: tlsCheck },
  // Codex ignores a stray `protocol` on otlp-grpc; so do we.
  ["protocol"],
);

type ExporterToml =
  | { kind: "none" | "statsig" }
  | { kind: "otlp-http"; value: Out<typeof httpCheck> }
  | { kind: "otlp-grpc"; value: Out<typeof grpcCheck> };

function expected(path: KeyPath, got: string): ConfigIssue {
  return new ConfigIssue(
    path,
    `invalid value for \`${formatKeyPath(path)}\`: expected one of ${EXPORTER_KINDS.join(", ")} (a string, or a table \`{ otlp-http = { ... } }\` / \`{ otlp-grpc = { ... } }\`), got ${got}`,
  );
}

/** `"none"` | `"statsig"` | `{ otlp-http = {...} }` | `{ otlp-grpc = {...} }`. */
const exporterCheck: Check<ExporterToml> = (v, ctx, path) => {
  if (typeof v === "string") {
    if (v === "none" || v === "statsig") return { kind: v };
    throw expected(path, JSON.stringify(v));
  }
  if (!isTable(v)) throw expected(path, typeof v);
  const keys = Object.keys(v);
  if (keys.length !== 1) throw expected(path, `a table with keys ${JSON.stringify(keys)}`);
  const kind = keys[0] as string;
  const inner = v[kind];
  if (kind === "otlp-http") {
    const value = httpCheck(inner, ctx, [...path, kind]);
    if (value.endpoint === undefined)
      throw new ConfigIssue(
        [...path, kind],
        `\`${formatKeyPath(path)}.${kind}\` needs an endpoint`,
      );
    return { kind, value };
  }
  if (kind === "otlp-grpc") {
    const value = grpcCheck(inner, ctx, [...path, kind]);
    if (value.endpoint === undefined)
      throw new ConfigIssue(
        [...path, kind],
        `\`${formatKeyPath(path)}.${kind}\` needs an endpoint`,
      );
    return { kind, value };
  }
  throw expected(path, JSON.stringify(kind));
};

export const otelCheck = table(
  {
    environment: str,
    exporter: exporterCheck,
    trace_exporter: exporterCheck,
    metrics_exporter: exporterCheck,
    log_user_prompt: bool,
    span_attributes: mapOf(str),
  },
  // Known to Codex, not used by codex-ts.
  ["tracestate"],
);

export type OtelToml = Out<typeof otelCheck>;

function tlsOf(raw: Out<typeof tlsCheck> | undefined): OtelTls | undefined {
  if (!raw) return undefined;
  return {
    caCertificate: raw["ca-certificate"],
    clientCertificate: raw["client-certificate"],
    clientPrivateKey: raw["client-private-key"],
  };
}

/**
 * A resolved exporter. `statsig` is Codex's built-in metrics sink at OpenAI; codex-ts never
 * sends data anywhere the user did not name, so it means "none" here (docs/differences.md).
 * Every `${VAR}` in a header must be set now, so a missing token is a config error with a line.
 */
function resolveExporter(
  input: ResolveInput,
  key: string,
  raw: ExporterToml | undefined,
): OtelExporter {
  if (raw === undefined || !("value" in raw)) return { kind: "none" };
  const headers = raw.value.headers ?? {};
  for (const [name, value] of Object.entries(headers)) {
    for (const m of value.matchAll(ENV_REF)) {
      const variable = m[1] as string;
      if ((input.env[variable] ?? "") === "")
        input.provenance.fail(
          ["otel", key, raw.kind, "headers", name],
          `\`otel.${key}.${raw.kind}.headers.${name}\` refers to the environment variable \`${variable}\`, which is not set`,
        );
    }
  }
  const base = { endpoint: raw.value.endpoint as string, headers, tls: tlsOf(raw.value.tls) };
  if (raw.kind === "otlp-grpc") return { kind: "otlp-grpc", ...base };
  // Codex requires `protocol`; we default to protobuf, what collectors expect on /v1/*.
  return { kind: "otlp-http", protocol: raw.value.protocol ?? "binary", ...base };
}

/** The `[otel]` table, or undefined when it is absent (telemetry off, nothing loaded). */
export function resolveOtel(
  input: ResolveInput,
  raw: OtelToml | undefined,
): OtelConfig | undefined {
  if (raw === undefined) return undefined;
  return {
    environment: raw.environment ?? DEFAULT_OTEL_ENVIRONMENT,
    exporter: resolveExporter(input, "exporter", raw.exporter),
    traceExporter: resolveExporter(input, "trace_exporter", raw.trace_exporter),
    metricsExporter: resolveExporter(input, "metrics_exporter", raw.metrics_exporter),
    logUserPrompt: raw.log_user_prompt ?? false,
    spanAttributes: raw.span_attributes ?? {},
  };
}

/** Expands `${VAR}` in header values from `env` (validated at load, so every name is set). */
export function expandHeaders(
  headers: Record<string, string>,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers))
    out[k] = v.replace(ENV_REF, (_m, name: string) => env[name] ?? "");
  return out;
}
