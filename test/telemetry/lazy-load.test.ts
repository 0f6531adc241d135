// Telemetry costs nothing unless `[otel]` names an exporter: the built CLI loads no
// OpenTelemetry code for a whole `codex exec` turn without one (recorded with a module loader
// hook), and does load it when an exporter is configured.
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

const HOOK = path.join(
  path.dirname(fileURLToPath(import.meta.url)),
  "fixtures",
  "record-loads.mjs",
);
const OTEL_CODE = /BatchLogRecordProcessor|OTLPLogExporter|resourceFromAttributes/;

async function loadedOtelFiles(extraConfig: string): Promise<string[]> {
  writeConfig(ws.home, mockConfig(mock.url, extraConfig));
  mock.enqueue(plainAnswer("ok"));
  const loads = path.join(ws.root, "loads.txt");
  const r = await runCli(["exec", "hello"], {
    cwd: ws.work,
    home: ws.home,
    env: { NODE_OPTIONS: `--import ${HOOK}`, LOADS_FILE: loads },
  });
  expect(r.code).toBe(0);
  const files = readFileSync(loads, "utf8")
    .split("\n")
    .filter((u) => u.startsWith("file://") && u.endsWith(".js"))
    .map((u) => fileURLToPath(u));
  expect(files.length).toBeGreaterThan(3);
  return files.filter((f) => OTEL_CODE.test(readFileSync(f, "utf8")));
}

describe("OpenTelemetry is loaded only when configured", () => {
  it("without [otel], and with exporters set to none, no OpenTelemetry module loads", async () => {
    expect(await loadedOtelFiles("")).toEqual([]);
    expect(await loadedOtelFiles('\n[otel]\nexporter = "none"\n')).toEqual([]);
  });

  it("with an exporter configured, it does", async () => {
    const files = await loadedOtelFiles(
      '\n[otel]\nexporter = { otlp-http = { endpoint = "http://127.0.0.1:9/v1/logs" } }\n',
    );
    expect(files.length).toBeGreaterThan(0);
  });
});
