// One scripted `codex exec` session (the built CLI against the mock model) with OpenTelemetry
// exported to a local OTLP receiver: a failed request, a command the policy allows, a command
// that needs an approval (denied, as exec does), an MCP call over streamable HTTP. Asserts the
// events and their attributes, spans and metrics, the redaction of every secret in every byte
// received, and the `traceparent` the MCP server saw.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { plainAnswer, sse } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import type { MockServer } from "../mock-server/index.js";
import { startMcpProbe, type McpProbe } from "./http-mcp-probe.js";
import { startGrpcReceiver, startHttpReceiver, type OtlpReceiver } from "./otlp-receiver.js";

let mock: MockServer;
let ws: Workspace;
let otlp: OtlpReceiver | null = null;
let probe: McpProbe | null = null;

useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

beforeEach(async () => {
  probe = await startMcpProbe();
});
afterEach(async () => {
  await otlp?.close();
  await probe?.close();
  otlp = null;
  probe = null;
});

const SECRETS = {
  OTLP_TOKEN: "otlp-header-secret-4711",
  PROBE_TOKEN: "probe-bearer-secret-0815",
  DEPLOY_SECRET: "env-secret-value-9000",
  MOCK_API_KEY: "sk-mock-test-key",
};
const AUTH_JSON_KEY = "sk-authjson-secret-1234";
const PROMPT = "Run the telemetry scenario PROMPT-MARKER-31337 please";

function otelToml(kind: "binary" | "json" | "grpc", url: string, extra = ""): string {
  const exporter = (signal: string) =>
    kind === "grpc"
      ? `{ otlp-grpc = { endpoint = "${url}", headers = { "x-otlp-api-key" = "\${OTLP_TOKEN}" } } }`
      : `{ otlp-http = { endpoint = "${url}/v1/${signal}", protocol = "${kind}", headers = { "x-otlp-api-key" = "\${OTLP_TOKEN}" } } }`;
  return `
[otel]
environment = "test"
exporter = ${exporter("logs")}
trace_exporter = ${exporter("traces")}
metrics_exporter = ${exporter("metrics")}
${extra}
`;
}

function setUp(kind: "binary" | "json" | "grpc", url: string, otelExtra = ""): void {
  const config = mockConfig(
    mock.url,
    'approval_policy = "untrusted"\nsandbox_mode = "danger-full-access"',
  );
  writeConfig(
    ws.home,
    `${config}
[mcp_servers.probe]
url = "${probe!.url}"
bearer_token_env_var = "PROBE_TOKEN"
${otelToml(kind, url, otelExtra)}`,
  );
  writeFileSync(
    path.join(ws.home, "auth.json"),
    JSON.stringify({ OPENAI_API_KEY: AUTH_JSON_KEY }),
    { mode: 0o600 },
  );
  mock.enqueue(
    { status: 500, body: { error: { message: "upstream exploded" } } },
    {
      headers: { "cf-ray": "8f00ba11-SJC" },
      sse: [
        sse.created("r1"),
        ...sse.functionCall(
          "call_safe",
          "exec_command",
          JSON.stringify({ cmd: `echo otel-ok ${SECRETS.DEPLOY_SECRET}` }),
        ),
        ...sse.functionCall("call_ask", "exec_command", JSON.stringify({ cmd: "touch made.txt" })),
        ...sse.functionCall("call_mcp", "probe__whoami", "{}"),
        sse.completed("r1"),
      ],
    },
    plainAnswer("All done."),
  );
}

function run() {
  return runCli(["exec", "--json", PROMPT], {
    cwd: ws.work,
    home: ws.home,
    env: { ...SECRETS, TERM: "xterm-test" },
  });
}

const events = (name: string) =>
  otlp!.received.logs.filter((l) => l.attributes["event.name"] === name);

describe("OpenTelemetry export of a scripted exec session", () => {
  it("exports every event with its attributes over OTLP/HTTP protobuf, and no secret", async () => {
    otlp = await startHttpReceiver();
    setUp("binary", otlp.url);
    const r = await run();
    expect(r.code).toBe(0);
    // The process flushed before exiting: everything is here already.
    const got = otlp.received;
    expect(got.logs.length).toBeGreaterThan(0);
    expect(got.spans.length).toBeGreaterThan(0);
    expect(got.points.length).toBeGreaterThan(0);

    // Resource (B10.3) and the exporter header, `${OTLP_TOKEN}` expanded.
    expect(got.logs[0]!.resource).toMatchObject({
      "service.name": "codex-cli",
      "service.version": expect.any(String),
      env: "test",
    });
    expect(got.headers.every((h) => h["x-otlp-api-key"] === SECRETS.OTLP_TOKEN)).toBe(true);

    // Common attributes on every event (B10.4).
    const [starts] = events("codex.conversation_starts");
    const conversationId = starts!.attributes["conversation.id"];
    expect(conversationId).toMatch(/^[0-9a-f-]{36}$/);
    for (const log of got.logs)
      expect(log.attributes).toMatchObject({
        "event.timestamp": expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        "conversation.id": conversationId,
        "app.version": expect.any(String),
        auth_mode: "ApiKey",
        "terminal.type": "xterm-test",
        model: "gpt-5.5",
        slug: expect.any(String),
      });

    // codex.conversation_starts (B10.7).
    expect(starts!.attributes).toMatchObject({
      provider_name: "Mock",
      reasoning_summary: expect.any(String),
      approval_policy: "untrusted",
      sandbox_policy: "danger-full-access",
      mcp_servers: "probe",
    });

    // codex.user_prompt: length, text redacted.
    const [prompt] = events("codex.user_prompt");
    expect(prompt!.attributes).toMatchObject({
      prompt_length: PROMPT.length,
      prompt: "[REDACTED]",
    });

    // codex.api_request: the failed attempt, then the successes.
    const requests = events("codex.api_request").map((e) => e.attributes);
    expect(requests[0]).toMatchObject({
      attempt: 1,
      "http.response.status_code": 500,
      "error.message": expect.any(String),
      duration_ms: expect.any(Number),
    });
    expect(requests[1]).toMatchObject({
      attempt: 2,
      "http.response.status_code": 200,
      cf_ray: "8f00ba11-SJC",
    });
    expect(requests[1]!["error.message"]).toBeUndefined();
    expect(requests.at(-1)).toMatchObject({ attempt: 1, "http.response.status_code": 200 });

    // codex.sse_event: raw kinds with durations, and completion with token counts.
    const sseEvents = events("codex.sse_event").map((e) => e.attributes);
    expect(sseEvents.map((e) => e["event.kind"])).toContain("response.output_item.done");
    const completed = sseEvents.filter(
      (e) => e["event.kind"] === "response.completed" && "input_token_count" in e,
    );
    expect(completed).toHaveLength(2);
    expect(completed[0]).toMatchObject({
      input_token_count: expect.any(Number),
      output_token_count: expect.any(Number),
      cached_token_count: expect.any(Number),
      reasoning_token_count: expect.any(Number),
      tool_token_count: 0,
    });

    // codex.tool_decision: the policy allowed `echo`; exec denied the approval for `touch`.
    const decisions = events("codex.tool_decision").map((e) => e.attributes);
    expect(decisions).toContainEqual(
      expect.objectContaining({
        tool_name: "exec_command",
        call_id: "call_safe",
        decision: "approved",
        source: "config",
      }),
    );
    expect(decisions).toContainEqual(
      expect.objectContaining({
        tool_name: "exec_command",
        call_id: "call_ask",
        decision: "denied",
        source: "user",
      }),
    );

    // codex.tool_result for each call.
    const results = Object.fromEntries(
      events("codex.tool_result").map((e) => [e.attributes.call_id, e.attributes]),
    );
    expect(results.call_safe).toMatchObject({
      tool_name: "exec_command",
      success: "true",
      duration_ms: expect.any(Number),
      arguments: expect.stringContaining("echo otel-ok"),
      output: expect.stringContaining("otel-ok"),
    });
    expect(results.call_ask).toMatchObject({ tool_name: "exec_command", success: "false" });
    expect(results.call_mcp).toMatchObject({
      tool_name: "probe__whoami",
      success: "true",
      output: expect.stringContaining("probe here"),
    });

    // Spans: turn → model requests and tool calls, one trace.
    const turn = got.spans.find((s) => s.name === "codex.turn")!;
    expect(turn).toBeDefined();
    const children = got.spans.filter((s) => s.parentSpanId === turn.spanId);
    expect(children.filter((s) => s.name === "codex.model_request")).toHaveLength(2);
    const toolSpans = children.filter((s) => s.name === "codex.tool_call");
    expect(toolSpans.map((s) => s.attributes.call_id).sort()).toEqual([
      "call_ask",
      "call_mcp",
      "call_safe",
    ]);
    expect(got.spans.every((s) => s.traceId === turn.traceId)).toBe(true);

    // The MCP server got the tool call's span as its parent (W3C trace context).
    const mcpSpan = toolSpans.find((s) => s.attributes.call_id === "call_mcp")!;
    const call = probe!.requests.find((q) => q.method === "tools/call")!;
    expect(call.headers.traceparent).toBe(`00-${turn.traceId}-${mcpSpan.spanId}-01`);

    // Metrics.
    const metricNames = new Set(got.points.map((p) => p.metric));
    for (const name of [
      "codex.turn.ttft.duration_ms",
      "codex.turn.ttfm.duration_ms",
      "codex.turn.e2e_duration_ms",
      "codex.api_request",
      "codex.api_request.duration_ms",
      "codex.tool.call",
      "codex.tool.call.duration_ms",
      "codex.turn.token_usage",
      "codex.tool_decision",
    ])
      expect(metricNames).toContain(name);
    const denied = got.points.find(
      (p) => p.metric === "codex.tool_decision" && p.attributes.decision === "denied",
    );
    expect(denied).toMatchObject({ value: 1, attributes: { source: "user" } });

    // Secrets: not one exported byte carries them (the header is the collector's own).
    const everything = Buffer.concat(got.raw).toString("latin1");
    for (const secret of [...Object.values(SECRETS), AUTH_JSON_KEY, "PROMPT-MARKER-31337"])
      expect(everything).not.toContain(secret);
    expect(results.call_safe!.arguments).toContain("[REDACTED]");
  });

  it("exports over OTLP/HTTP JSON, and prompts when log_user_prompt allows it", async () => {
    otlp = await startHttpReceiver();
    setUp("json", otlp.url, "log_user_prompt = true");
    const r = await run();
    expect(r.code).toBe(0);
    expect(otlp.received.headers[0]!["content-type"]).toContain("json");
    const [prompt] = events("codex.user_prompt");
    expect(prompt!.attributes.prompt).toBe(PROMPT);
    expect(events("codex.tool_result")).toHaveLength(3);
    expect(otlp.received.spans.some((s) => s.name === "codex.turn")).toBe(true);
    const everything = Buffer.concat(otlp.received.raw).toString("utf8");
    for (const secret of [...Object.values(SECRETS), AUTH_JSON_KEY])
      expect(everything).not.toContain(secret);
  });

  it("exports over OTLP/gRPC with the headers as metadata", async () => {
    otlp = await startGrpcReceiver();
    setUp("grpc", otlp.url);
    const r = await run();
    expect(r.code).toBe(0);
    expect(events("codex.tool_result")).toHaveLength(3);
    expect(events("codex.api_request").length).toBeGreaterThanOrEqual(3);
    expect(otlp.received.spans.some((s) => s.name === "codex.tool_call")).toBe(true);
    expect(otlp.received.headers[0]!["x-otlp-api-key"]).toBe(SECRETS.OTLP_TOKEN);
    const everything = Buffer.concat(otlp.received.raw).toString("latin1");
    for (const secret of [...Object.values(SECRETS), AUTH_JSON_KEY, "PROMPT-MARKER-31337"])
      expect(everything).not.toContain(secret);
  });
});
