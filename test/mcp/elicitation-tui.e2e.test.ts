// MCP elicitations answered in the real TUI (a pseudo-terminal): a form is filled in with the
// keyboard (a wrong value is caught before anything is sent), a URL request is declined with Esc.
// The server is the stdio fixture; its tool returns what it was answered, which the model sees.
import { describe, expect, it } from "vitest";
import { plainAnswer, sse } from "../mock-server/index.js";
import type { MockServer } from "../mock-server/index.js";
import { KEYS } from "../tui/pty-harness.js";
import { startCase, trustedConfig } from "../tui/tui-helpers.js";
import { fixture, nodeServer, outputFor } from "./mcp-harness.js";

const call = (tool: string) => ({
  sse: [sse.created("r"), ...sse.functionCall("c", `elic__${tool}`, "{}"), sse.completed("r")],
});

const answerOf = (mock: MockServer) =>
  JSON.parse(
    (JSON.parse(outputFor(mock, 1, "c") as string) as { text: string }[])[0]!.text,
  ) as unknown;

function start(tool: string) {
  return startCase([call(tool), plainAnswer("thanks for answering")], {
    config: (url, ws) =>
      trustedConfig(url, ws.work) + nodeServer("elic", fixture("elicit-server.mjs")),
    args: ["-a", "never", "ask me"],
  });
}

describe("MCP elicitation in the TUI", () => {
  it("fills in a form; a value out of range is refused until corrected", async () => {
    const c = await start("ask_form");
    try {
      await c.tui.waitForText("MCP server `elic` asks");
      await c.tui.waitForText("Tell me about you");
      await c.tui.waitForText("Name*:");
      await c.tui.waitForText("( ) Red  ( ) Green");
      c.tui.write("Ada");
      c.tui.write(KEYS.tab);
      c.tui.write("200");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("Age must be at most 150");
      c.tui.write(KEYS.backspace + KEYS.backspace + KEYS.backspace + "36");
      c.tui.write(KEYS.tab); // Color
      c.tui.write(KEYS.right + " ");
      c.tui.write(KEYS.tab); // Subscribe
      c.tui.write(" ");
      c.tui.write(KEYS.enter);
      await c.tui.waitForText("thanks for answering");
      expect(c.tui.allText()).toContain("MCP server `elic` asked: Tell me about you (accepted)");
      expect(answerOf(c.mock)).toEqual({
        action: "accept",
        content: { name: "Ada", age: 36, color: "green", subscribe: true },
      });
    } finally {
      await c.close();
    }
  });

  it("shows a URL request and declines it with Esc", async () => {
    const c = await start("ask_url");
    try {
      await c.tui.waitForText("asks you to open a URL");
      // The dialog may reach the terminal in more than one write: wait for its URL line too.
      await c.tui.waitForText("https://example.com/connect?session=abc");
      c.tui.write(KEYS.escape);
      await c.tui.waitForText("thanks for answering");
      expect(c.tui.allText()).toContain("(declined)");
      expect(answerOf(c.mock)).toEqual({ action: "decline" });
    } finally {
      await c.close();
    }
  });
});
