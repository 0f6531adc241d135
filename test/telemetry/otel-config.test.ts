// `[otel]` as the seed writes it (B10.1–B10.2) plus Codex 0.169's trace/metrics exporters:
// defaults, each exporter form, `${VAR}` in headers, and located errors for bad values.
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/index.js";
import { expandHeaders } from "../../src/config/otel.js";
import { telemetryEnabled } from "../../src/telemetry/index.js";
import { makeSandbox } from "../config/helpers.js";

async function loadError(run: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("[otel] config", () => {
  it("is absent (telemetry off, nothing loaded) without the table", async () => {
    const s = makeSandbox();
    s.writeConfig('model = "gpt-5.5"\n');
    const { config } = await s.load();
    expect(config.otel).toBeUndefined();
    expect(telemetryEnabled(config)).toBe(false);
  });

  it("defaults: environment dev, exporters none, prompts redacted", async () => {
    const s = makeSandbox();
    s.writeConfig("[otel]\n");
    const { config } = await s.load();
    expect(config.otel).toEqual({
      environment: "dev",
      exporter: { kind: "none" },
      traceExporter: { kind: "none" },
      metricsExporter: { kind: "none" },
      logUserPrompt: false,
      spanAttributes: {},
    });
    expect(telemetryEnabled(config)).toBe(false);
  });

  it("reads the seed's example and Codex's trace/metrics exporters", async () => {
    const s = makeSandbox();
    s.writeConfig(`[otel]
environment = "staging"
exporter = { otlp-http = { endpoint = "https://otel.example.com/v1/logs", protocol = "json", headers = { "x-otlp-api-key" = "\${OTLP_TOKEN}" } } }
trace_exporter = { otlp-grpc = { endpoint = "https://otel.example.com:4317", headers = { "x-otlp-meta" = "abc123" } } }
metrics_exporter = "statsig"
log_user_prompt = true
`);
    const { config } = await s.load({}, { env: { OTLP_TOKEN: "t0ken" } });
    expect(config.otel).toMatchObject({
      environment: "staging",
      exporter: {
        kind: "otlp-http",
        endpoint: "https://otel.example.com/v1/logs",
        protocol: "json",
        // Kept as written; expanded only when the exporter starts.
        headers: { "x-otlp-api-key": "${OTLP_TOKEN}" },
      },
      traceExporter: { kind: "otlp-grpc", headers: { "x-otlp-meta": "abc123" } },
      // Codex's built-in sink at OpenAI: never used by codex-ts.
      metricsExporter: { kind: "none" },
      logUserPrompt: true,
    });
    expect(telemetryEnabled(config)).toBe(true);
  });

  it("defaults otlp-http's protocol to binary (protobuf)", async () => {
    const s = makeSandbox();
    s.writeConfig(
      '[otel]\nexporter = { otlp-http = { endpoint = "http://127.0.0.1:4318/v1/logs" } }\n',
    );
    const { config } = await s.load();
    expect(config.otel?.exporter).toMatchObject({ kind: "otlp-http", protocol: "binary" });
  });

  it("expands ${VAR} in header values and leaves other text alone", () => {
    expect(
      expandHeaders(
        { a: "Bearer ${TOKEN}", b: "cost $5", c: "${A}-${B}" },
        {
          TOKEN: "xyz",
          A: "1",
          B: "2",
        },
      ),
    ).toEqual({ a: "Bearer xyz", b: "cost $5", c: "1-2" });
  });

  const bad: [string, string, RegExp][] = [
    [
      "an unknown exporter",
      '[otel]\nexporter = "zipkin"\n',
      /config\.toml:2:1: invalid value for `otel\.exporter`: expected one of none, statsig, otlp-http, otlp-grpc/,
    ],
    [
      "a bad protocol",
      '[otel]\nexporter = { otlp-http = { endpoint = "http://x:1", protocol = "yaml" } }\n',
      /config\.toml:2:\d+: invalid value for `otel\.exporter\.otlp-http\.protocol`: expected one of binary, json, got "yaml"/,
    ],
    [
      "a missing endpoint",
      "[otel]\ntrace_exporter = { otlp-grpc = { } }\n",
      /config\.toml:2:\d+: `otel\.trace_exporter\.otlp-grpc` needs an endpoint/,
    ],
    [
      "an endpoint that is not a URL",
      '[otel]\nmetrics_exporter = { otlp-grpc = { endpoint = "localhost:4317" } }\n',
      /config\.toml:2:\d+: invalid value for `otel\.metrics_exporter\.otlp-grpc\.endpoint`: expected an http:\/\/ or https:\/\/ URL/,
    ],
    [
      "a non-boolean log_user_prompt",
      '[otel]\n\nlog_user_prompt = "yes"\n',
      /config\.toml:3:1: invalid value for `otel\.log_user_prompt`: expected a boolean/,
    ],
    [
      "a malformed ${} reference",
      '[otel]\nexporter = { otlp-grpc = { endpoint = "http://x:1", headers = { k = "${NOT VALID}" } } }\n',
      /config\.toml:2:\d+: invalid value for `otel\.exporter\.otlp-grpc\.headers\.k`: `\$\{NOT VALID\}` is not a valid environment variable reference/,
    ],
  ];
  for (const [what, toml, message] of bad) {
    it(`reports ${what} with file, line and key`, async () => {
      const s = makeSandbox();
      s.writeConfig(toml);
      const err = await loadError(() => s.load());
      expect(err.message).toMatch(message);
      expect(err.file).toBe(s.configPath);
      expect(err.key).toMatch(/^otel\./);
    });
  }

  it("reports a header naming an unset environment variable, at its line", async () => {
    const s = makeSandbox();
    s.writeConfig(
      '[otel]\nenvironment = "prod"\nexporter = { otlp-http = { endpoint = "http://x:1/v1/logs", headers = { "x-key" = "${OTLP_TOKEN}" } } }\n',
    );
    const err = await loadError(() => s.load());
    expect(err.message).toContain(`${s.configPath}:3:`);
    expect(err.message).toContain(
      "`otel.exporter.otlp-http.headers.x-key` refers to the environment variable `OTLP_TOKEN`, which is not set",
    );
  });
});
