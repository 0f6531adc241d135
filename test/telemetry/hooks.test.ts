// The instrumentation seam in-process, with the real OpenTelemetry session exporting to a local
// receiver: hooks are no-ops outside a turn's scope, and inside one they reach the session.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadConfig } from "../../src/config/index.js";
import {
  activeTraceparent,
  inTurnScope,
  recordPolicyDecision,
  recordToolFailure,
} from "../../src/telemetry/hooks.js";
import { createSessionTelemetry, type SessionTelemetry } from "../../src/telemetry/index.js";
import { startHttpReceiver, type OtlpReceiver } from "./otlp-receiver.js";
import { tempDir } from "../temp-dir.js";

let otlp: OtlpReceiver;
let telemetry: SessionTelemetry;

beforeAll(async () => {
  otlp = await startHttpReceiver();
  const home = tempDir("codex-ts-hooks-");
  writeFileSync(
    path.join(home, "config.toml"),
    `[otel]\nexporter = { otlp-http = { endpoint = "${otlp.url}/v1/logs" } }\n`,
  );
  const { config } = await loadConfig({ cli: { cwd: home }, env: { CODEX_HOME: home } });
  telemetry = createSessionTelemetry(config, { originator: "test", warn: () => {} })!;
  expect(telemetry).toBeDefined();
});
afterAll(async () => {
  await otlp.close();
});

describe("telemetry hooks", () => {
  it("do nothing outside a turn's scope", () => {
    expect(activeTraceparent()).toBeUndefined();
    expect(() => recordPolicyDecision("approved")).not.toThrow();
  });

  it("give the turn's traceparent inside its scope, once the turn started", async () => {
    await telemetry.flush(); // the SDK has loaded once this resolves
    telemetry.onEvent("t1", { type: "task_started", model_context_window: null });
    const traceparent = await inTurnScope(telemetry, "t1", async () => activeTraceparent());
    expect(traceparent).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
    telemetry.onEvent("t1", { type: "task_complete", last_agent_message: null });
  });

  it("record a call the router rejected as a failed tool_result (B10.9)", async () => {
    const item = {
      type: "local_shell_call" as const,
      status: "completed" as const,
      action: { type: "exec" as const, command: ["ls"] },
    };
    await inTurnScope(telemetry, "t2", async () =>
      recordToolFailure(item as never, "", "LocalShellCall without call_id or id"),
    );
    await telemetry.flush();
    const results = otlp.received.logs.filter(
      (l) => l.attributes["event.name"] === "codex.tool_result",
    );
    expect(results.map((r) => r.attributes)).toEqual([
      expect.objectContaining({
        tool_name: "local_shell",
        call_id: "",
        success: "false",
        output: "LocalShellCall without call_id or id",
      }),
    ]);
  });
});
