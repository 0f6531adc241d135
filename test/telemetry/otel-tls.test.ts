// OTLP/HTTP over TLS with `tls.ca-certificate` naming a private CA (relative to CODEX_HOME).
// Certificates are made with the host's openssl for each run.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { startHttpReceiver, type OtlpReceiver } from "./otlp-receiver.js";

const hasOpenssl = (() => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

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

/** A CA (`ca.pem`) and a server key and certificate for 127.0.0.1 signed by it, in `dir`. */
function makeCertificates(dir: string): { key: string; cert: string } {
  const openssl = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  const key = ["-newkey", "rsa:2048", "-nodes"];
  openssl(
    "req",
    "-x509",
    ...key,
    "-days",
    "1",
    "-keyout",
    "ca.key",
    "-out",
    "ca.pem",
    "-subj",
    "/CN=test CA",
  );
  openssl("req", ...key, "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
  writeFileSync(path.join(dir, "san.ext"), "subjectAltName=IP:127.0.0.1\n");
  openssl(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "1",
    "-out",
    "server.pem",
    "-extfile",
    "san.ext",
  );
  return {
    key: readFileSync(path.join(dir, "server.key"), "utf8"),
    cert: readFileSync(path.join(dir, "server.pem"), "utf8"),
  };
}

describe.runIf(hasOpenssl)("OTLP over TLS", () => {
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

describe.skipIf(hasOpenssl)(
  "OTLP over TLS (host lacks openssl: certificates cannot be made)",
  () => {
    it("is not exercised on this host", () => {
      expect(hasOpenssl).toBe(false);
    });
  },
);
