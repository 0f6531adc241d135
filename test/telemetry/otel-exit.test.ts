// Telemetry is flushed on every way a process ends (the normal end of `codex exec` is covered by
// otel-session, quitting the TUI by otel-tui.e2e): SIGTERM and Ctrl-C in the middle of a turn,
// `codex mcp-server` and `codex app-server` losing their client; and an unreachable collector
// costs one warning, never the turn.
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import { mockConfig, runCli, useMockWorkspace, writeConfig, type Workspace } from "../harness.js";
import { AppServerClient } from "../app-server/client.js";
import { startMcpServer } from "../mcp/server/mcp-server-harness.js";
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

function configure(url: string): void {
  writeConfig(
    ws.home,
    `${mockConfig(mock.url)}
[otel]
exporter = { otlp-http = { endpoint = "${url}/v1/logs", protocol = "binary" } }
trace_exporter = { otlp-http = { endpoint = "${url}/v1/traces", protocol = "json" } }
`,
  );
}

const eventNames = () => otlp!.received.logs.map((l) => l.attributes["event.name"]);

describe("flush on exit paths", () => {
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    it(`exports what a turn produced when exec gets ${signal} mid-turn`, async () => {
      otlp = await startHttpReceiver();
      configure(otlp.url);
      mock.enqueue({ hang: true });
      const r = await runCli(["exec", "--json", "wait for a model that never answers"], {
        cwd: ws.work,
        home: ws.home,
        onSpawn: (child) => {
          void mock.waitForRequests(1).then(() => child.kill(signal));
        },
      });
      expect(r.signal === null ? r.code : r.signal).not.toBe(0);
      // Everything was exported before the process went away: no waiting here.
      expect(eventNames()).toEqual(
        expect.arrayContaining([
          "codex.conversation_starts",
          "codex.user_prompt",
          "codex.api_request",
        ]),
      );
      const turn = otlp.received.spans.find((s) => s.name === "codex.turn");
      expect(turn).toBeDefined();
    });
  }

  it("exports when codex mcp-server's client goes away", async () => {
    otlp = await startHttpReceiver();
    configure(otlp.url);
    mock.enqueue(plainAnswer("from the server"));
    const server = await startMcpServer({ cwd: ws.work, home: ws.home });
    await server.client.callTool({ name: "codex", arguments: { prompt: "hello over mcp" } });
    expect((await server.disconnect()).code).toBe(0);
    expect(eventNames()).toEqual(
      expect.arrayContaining([
        "codex.conversation_starts",
        "codex.user_prompt",
        "codex.api_request",
        "codex.sse_event",
      ]),
    );
    expect(otlp.received.logs[0]!.attributes.originator).toBe("codex_mcp");
  });
});

describe("flush when codex app-server's client goes away", () => {
  it("exports the thread's events after a turn and a closed stdin", async () => {
    otlp = await startHttpReceiver();
    configure(otlp.url);
    mock.enqueue(plainAnswer("from the app server"));
    const c = AppServerClient.spawn({ cwd: ws.work, home: ws.home });
    try {
      await c.initialize();
      const thread = await c.call("thread/start", { cwd: ws.work });
      const threadId = (thread.thread as { id: string }).id;
      await c.call("turn/start", {
        threadId,
        input: [{ type: "text", text: "hello app server", text_elements: [] }],
      });
      await c.waitFor((m) => m.method === "turn/completed");
      expect(await c.close()).toBe(0);
    } finally {
      c.kill();
    }
    expect(eventNames()).toEqual(
      expect.arrayContaining([
        "codex.conversation_starts",
        "codex.user_prompt",
        "codex.api_request",
      ]),
    );
    expect(otlp.received.spans.some((s) => s.name === "codex.turn")).toBe(true);
  });
});

describe("an unreachable collector", () => {
  it("never fails the turn and is reported once", async () => {
    // A port nobody listens on.
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, "127.0.0.1", r));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((r) => probe.close(() => r()));
    configure(`http://127.0.0.1:${port}`);
    mock.enqueue(plainAnswer("still answered"), plainAnswer("and again"));
    const r = await runCli(["exec", "--json", "hello"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("still answered");
    const warnings = r.stderr.split("\n").filter((l) => l.includes("OpenTelemetry"));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`127.0.0.1:${port}`);
  });
});
