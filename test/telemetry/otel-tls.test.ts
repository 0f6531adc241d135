// OTLP/HTTP over TLS with `tls.ca-certificate` naming a private CA (relative to CODEX_HOME).
// The CA and the collector's key and certificate for 127.0.0.1 are test-only fixtures
// (fixtures/ca.pem, fixtures/collector-*.pem, valid until 2126), so no host tool is needed.
import { copyFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { startHttpReceiver, type OtlpReceiver } from "./otlp-receiver.js";

let mock: MockServer;
let ws: Workspace;
let otlp: OtlpReceiver | null = null;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);
afterEach(async () => {
  await otlp?.close();
  otlp = null;
});

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures");

/** The CA as `ca.pem` in `dir`; the collector's key and certificate, signed by it. */
function makeCertificates(dir: string): { key: string; cert: string } {
  copyFileSync(path.join(fixtures, "ca.pem"), path.join(dir, "ca.pem"));
  return {
    key: readFileSync(path.join(fixtures, "collector-key.pem"), "utf8"),
    cert: readFileSync(path.join(fixtures, "collector-cert.pem"), "utf8"),
  };
}

describe("OTLP over TLS", () => {
  it("exports to an https collector trusted through tls.ca-certificate", async () => {
    // The CA sits in CODEX_HOME: `ca-certificate = "ca.pem"` is relative to it.
    otlp = await startHttpReceiver(makeCertificates(ws.home));
    writeConfig(
      ws.home,
      `${mockConfig(mock.url)}
[otel]
exporter = { otlp-http = { endpoint = "${otlp.url}/v1/logs", protocol = "binary", tls = { ca-certificate = "ca.pem" } } }
`,
    );
    mock.enqueue(plainAnswer("over tls"));
    const r = await runCli(["exec", "hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain("OpenTelemetry");
    const names = otlp.received.logs.map((l) => l.attributes["event.name"]);
    expect(names).toContain("codex.api_request");
  });

  it("without the CA, the collector is not trusted: one warning, nothing sent", async () => {
    otlp = await startHttpReceiver(makeCertificates(ws.home));
    writeConfig(
      ws.home,
      `${mockConfig(mock.url)}
[otel]
exporter = { otlp-http = { endpoint = "${otlp.url}/v1/logs", protocol = "binary" } }
`,
    );
    mock.enqueue(plainAnswer("no trust"));
    const r = await runCli(["exec", "hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stderr.split("\n").filter((l) => l.includes("OpenTelemetry"))).toHaveLength(1);
    expect(otlp.received.logs).toEqual([]);
  });
});
