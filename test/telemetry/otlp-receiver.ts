// A local OTLP collector for tests: HTTP (protobuf and JSON) on /v1/{logs,traces,metrics} and
// gRPC (the three collector services). Payloads are decoded with protobufjs from the OTLP
// message definitions below (field numbers from opentelemetry-proto) and normalised so tests
// read the same shape whatever the transport. Every received byte is kept for secret greps.
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import * as grpc from "@grpc/grpc-js";
import protobuf from "protobufjs";

const OTLP_PROTO = `
syntax = "proto3";
package otlp;
message AnyValue {
  oneof value {
    string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4;
    ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7;
  }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message Scope { string name = 1; string version = 2; }
message LogRecord {
  fixed64 time_unix_nano = 1; int32 severity_number = 2; string severity_text = 3;
  AnyValue body = 5; repeated KeyValue attributes = 6; bytes trace_id = 9; bytes span_id = 10;
  string event_name = 12;
}
message ScopeLogs { Scope scope = 1; repeated LogRecord log_records = 2; }
message ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; }
message ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
message Status { string message = 2; int32 code = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; bytes parent_span_id = 4; string name = 5;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8;
  repeated KeyValue attributes = 9; Status status = 15;
}
message ScopeSpans { Scope scope = 1; repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
message NumberDataPoint {
  repeated KeyValue attributes = 7; double as_double = 4; sfixed64 as_int = 6;
}
message HistogramDataPoint { repeated KeyValue attributes = 9; fixed64 count = 4; double sum = 5; }
message Sum { repeated NumberDataPoint data_points = 1; }
message Gauge { repeated NumberDataPoint data_points = 1; }
message Histogram { repeated HistogramDataPoint data_points = 1; }
message Metric { string name = 1; string unit = 3; Gauge gauge = 5; Sum sum = 7; Histogram histogram = 9; }
message ScopeMetrics { Scope scope = 1; repeated Metric metrics = 2; }
message ResourceMetrics { Resource resource = 1; repeated ScopeMetrics scope_metrics = 2; }
message ExportMetricsServiceRequest { repeated ResourceMetrics resource_metrics = 1; }
`;

const root = protobuf.parse(OTLP_PROTO, { keepCase: false }).root;
const REQUEST_TYPES = {
  logs: root.lookupType("otlp.ExportLogsServiceRequest"),
  traces: root.lookupType("otlp.ExportTraceServiceRequest"),
  metrics: root.lookupType("otlp.ExportMetricsServiceRequest"),
};
type Signal = keyof typeof REQUEST_TYPES;

export type Attrs = Record<string, unknown>;
export interface LogRec {
  resource: Attrs;
  attributes: Attrs;
  body: unknown;
  traceId: string;
  spanId: string;
}
export interface SpanRec {
  resource: Attrs;
  name: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  attributes: Attrs;
  status: { code?: number; message?: string } | undefined;
}
export interface PointRec {
  metric: string;
  attributes: Attrs;
  /** Counter value, or the histogram's count. */
  value: number;
}

export interface Received {
  logs: LogRec[];
  spans: SpanRec[];
  points: PointRec[];
  /** Every request body as received (protobuf or JSON bytes). */
  raw: Buffer[];
  /** Request headers (HTTP) or metadata (gRPC) of every export. */
  headers: Record<string, string>[];
}

type Obj = Record<string, unknown>;

function hex(v: unknown): string {
  if (v === undefined || v === null || v === "") return "";
  if (typeof v === "string")
    return /^[0-9a-f]*$/i.test(v) ? v : Buffer.from(v, "base64").toString("hex");
  return Buffer.from(v as Uint8Array).toString("hex");
}

function anyValue(v: Obj | undefined): unknown {
  if (!v) return undefined;
  if ("stringValue" in v) return v.stringValue;
  if ("boolValue" in v) return v.boolValue;
  if ("intValue" in v) return Number(v.intValue);
  if ("doubleValue" in v) return v.doubleValue;
  if ("arrayValue" in v)
    return ((v.arrayValue as Obj).values as Obj[] | undefined)?.map((x) => anyValue(x)) ?? [];
  return undefined;
}

function attrs(list: unknown): Attrs {
  const out: Attrs = {};
  for (const kv of (list as Obj[] | undefined) ?? [])
    out[kv.key as string] = anyValue(kv.value as Obj);
  return out;
}

const arr = (v: unknown) => (v as Obj[] | undefined) ?? [];

/** Adds one decoded export request (camelCase object, from protobuf or JSON) to `into`. */
function ingest(signal: Signal, req: Obj, into: Received): void {
  if (signal === "logs")
    for (const rl of arr(req.resourceLogs)) {
      const resource = attrs((rl.resource as Obj | undefined)?.attributes);
      for (const sl of arr(rl.scopeLogs))
        for (const r of arr(sl.logRecords))
          into.logs.push({
            resource,
            attributes: attrs(r.attributes),
            body: anyValue(r.body as Obj),
            traceId: hex(r.traceId),
            spanId: hex(r.spanId),
          });
    }
  if (signal === "traces")
    for (const rs of arr(req.resourceSpans)) {
      const resource = attrs((rs.resource as Obj | undefined)?.attributes);
      for (const ss of arr(rs.scopeSpans))
        for (const s of arr(ss.spans))
          into.spans.push({
            resource,
            name: s.name as string,
            traceId: hex(s.traceId),
            spanId: hex(s.spanId),
            parentSpanId: hex(s.parentSpanId),
            attributes: attrs(s.attributes),
            status: s.status as SpanRec["status"],
          });
    }
  if (signal === "metrics")
    for (const rm of arr(req.resourceMetrics))
      for (const sm of arr(rm.scopeMetrics))
        for (const m of arr(sm.metrics)) {
          const sum = (m.sum ?? m.gauge) as Obj | undefined;
          for (const p of arr(sum?.dataPoints))
            into.points.push({
              metric: m.name as string,
              attributes: attrs(p.attributes),
              value: Number(p.asInt ?? p.asDouble ?? 0),
            });
          for (const p of arr((m.histogram as Obj | undefined)?.dataPoints))
            into.points.push({
              metric: m.name as string,
              attributes: attrs(p.attributes),
              value: Number(p.count),
            });
        }
}

function decodeProto(signal: Signal, body: Buffer): Obj {
  const type = REQUEST_TYPES[signal];
  return type.toObject(type.decode(body), { longs: String, defaults: false }) as Obj;
}

function emptyReceived(): Received {
  return { logs: [], spans: [], points: [], raw: [], headers: [] };
}

export interface OtlpReceiver {
  /** Base URL for HTTP (`http://127.0.0.1:PORT`) or `http://127.0.0.1:PORT` for gRPC. */
  url: string;
  received: Received;
  /** Resolves once `pred` holds (polling what has arrived), or rejects after `ms`. */
  waitFor(pred: (r: Received) => boolean, ms?: number): Promise<void>;
  close(): Promise<void>;
}

function waiter(received: Received) {
  return async (pred: (r: Received) => boolean, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (!pred(received)) {
      if (Date.now() > deadline) throw new Error("OTLP receiver: expected data did not arrive");
      await new Promise((r) => setTimeout(r, 25));
    }
  };
}

/** OTLP/HTTP: protobuf or JSON, decided per request by its content-type; HTTPS with `tls`. */
export async function startHttpReceiver(tls?: {
  key: string;
  cert: string;
}): Promise<OtlpReceiver> {
  const received = emptyReceived();
  const handler: http.RequestListener = (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const signal = (req.url ?? "").split("/").pop() as Signal;
      if (!(signal in REQUEST_TYPES)) {
        res.writeHead(404).end();
        return;
      }
      received.raw.push(body);
      received.headers.push(req.headers as Record<string, string>);
      const json = String(req.headers["content-type"]).includes("json");
      ingest(
        signal,
        json ? (JSON.parse(body.toString("utf8")) as Obj) : decodeProto(signal, body),
        received,
      );
      res.writeHead(200, { "content-type": json ? "application/json" : "application/x-protobuf" });
      res.end(json ? "{}" : Buffer.alloc(0));
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${port}`,
    received,
    waitFor: waiter(received),
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const GRPC_SERVICES: Record<Signal, string> = {
  logs: "/opentelemetry.proto.collector.logs.v1.LogsService/Export",
  traces: "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
  metrics: "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export",
};

/** OTLP/gRPC: the three collector services, raw bytes in, empty responses out. */
export async function startGrpcReceiver(): Promise<OtlpReceiver> {
  const received = emptyReceived();
  const server = new grpc.Server();
  const identity = (b: Buffer) => b;
  for (const [signal, path] of Object.entries(GRPC_SERVICES) as [Signal, string][]) {
    const definition = {
      Export: {
        path,
        requestStream: false,
        responseStream: false,
        requestSerialize: identity,
        requestDeserialize: identity,
        responseSerialize: identity,
        responseDeserialize: identity,
      },
    };
    server.addService(definition as unknown as grpc.ServiceDefinition, {
      Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, cb: grpc.sendUnaryData<Buffer>) => {
        received.raw.push(call.request);
        const md: Record<string, string> = {};
        for (const [k, v] of Object.entries(call.metadata.getMap())) md[k] = String(v);
        received.headers.push(md);
        ingest(signal, decodeProto(signal, call.request), received);
        cb(null, Buffer.alloc(0));
      },
    });
  }
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (e, p) =>
      e ? reject(e) : resolve(p),
    ),
  );
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    waitFor: waiter(received),
    close: () => new Promise((r) => server.tryShutdown(() => r())),
  };
}
