// Quitting the TUI flushes telemetry: the PROMPT argument's turn, then Ctrl-C twice.
import { afterEach, describe, expect, it } from "vitest";
import { plainAnswer } from "../mock-server/index.js";
import { KEYS } from "../tui/pty-harness.js";
import { startCase, trustedConfig } from "../tui/tui-helpers.js";
import { startHttpReceiver, type OtlpReceiver } from "./otlp-receiver.js";

let otlp: OtlpReceiver | null = null;
afterEach(async () => {
  await otlp?.close();
  otlp = null;
});

describe("OpenTelemetry in the TUI", () => {
  it("exports the session's events when the user quits", async () => {
    otlp = await startHttpReceiver();
    const url = otlp.url;
    const c = await startCase([plainAnswer("hello from the model")], {
      args: ["say hello"],
      config: (mockUrl, ws) =>
        `${trustedConfig(mockUrl, ws.work)}
[otel]
exporter = { otlp-http = { endpoint = "${url}/v1/logs", protocol = "binary" } }
trace_exporter = { otlp-http = { endpoint = "${url}/v1/traces", protocol = "binary" } }
`,
    });
    try {
      await c.tui.waitForText("hello from the model");
      await c.tui.waitForText("Ask Codex to do anything");
      c.tui.write(KEYS.ctrlC);
      await c.tui.waitForText("ctrl+c again to quit");
      c.tui.write(KEYS.ctrlC);
      expect(await c.tui.exited).toBe(0);
      const names = otlp.received.logs.map((l) => l.attributes["event.name"]);
      expect(names).toEqual(
        expect.arrayContaining([
          "codex.conversation_starts",
          "codex.user_prompt",
          "codex.api_request",
          "codex.sse_event",
        ]),
      );
      expect(otlp.received.logs[0]!.attributes.originator).toBe("codex-tui");
      expect(otlp.received.spans.some((s) => s.name === "codex.turn")).toBe(true);
    } finally {
      await c.close();
    }
  });
});
