// A command the sandbox blocks is counted (`codex.sandbox.denial`), and its failed result and the
// policy's decision are exported, under the default read-only sandbox.
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
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

/** Whether this host can enforce the read-only sandbox at all (helper or bwrap, kernel support). */
async function sandboxWorks(): Promise<boolean> {
  const r = await runCli(["sandbox", "linux", "--", "true"], { cwd: ws.work, home: ws.home });
  return r.code === 0;
}

describe("sandbox denials in telemetry", () => {
  it("counts a write the read-only sandbox refused (or, on a host that cannot sandbox, none)", async () => {
    const enforced = await sandboxWorks();
    otlp = await startHttpReceiver();
    writeConfig(
      ws.home,
      `${mockConfig(mock.url)}
[otel]
exporter = { otlp-http = { endpoint = "${otlp.url}/v1/logs" } }
metrics_exporter = { otlp-http = { endpoint = "${otlp.url}/v1/metrics" } }
`,
    );
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("c1", "exec_command", JSON.stringify({ cmd: "echo no > ro.txt" })),
          sse.completed("r1"),
        ],
      },
      plainAnswer("ok"),
    );
    const r = await runCli(["exec", "go"], { cwd: ws.work, home: ws.home });
    expect(r.code).toBe(0);
    expect(existsSync(path.join(ws.work, "ro.txt"))).toBe(false);
    const denial = otlp.received.points.find((p) => p.metric === "codex.sandbox.denial");
    // Without enforcement the command is refused before it runs (fails closed): no denial.
    if (enforced) expect(denial).toMatchObject({ value: 1, attributes: { tool: "exec_command" } });
    else expect(denial).toBeUndefined();
    const events = otlp.received.logs.map((l) => l.attributes);
    expect(events).toContainEqual(
      expect.objectContaining({
        "event.name": "codex.tool_decision",
        call_id: "c1",
        decision: "approved",
        source: "config",
      }),
    );
    expect(events).toContainEqual(
      expect.objectContaining({
        "event.name": "codex.tool_result",
        call_id: "c1",
        success: "false",
      }),
    );
  });
});
