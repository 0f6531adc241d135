// MCP tools through the built CLI: `codex exec --json` shows an `mcp_tool_call` item, and a failing
// optional server does not stop the run.
import { describe, expect, it } from "vitest";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  jsonLines,
  mockConfig,
  runCli,
  useMockWorkspace,
  writeConfig,
  type Workspace,
} from "../harness.js";
import { EVERYTHING_SERVER, fixture, nodeServer } from "./mcp-harness.js";

let mock: MockServer;
let ws: Workspace;
useMockWorkspace(
  (m, w) => {
    mock = m;
    ws = w;
  },
  { config: null },
);

describe("codex exec --json with MCP servers", () => {
  it("reports the call as an mcp_tool_call item and gives the model the result", async () => {
    writeConfig(
      ws.home,
      mockConfig(mock.url) +
        nodeServer("everything", EVERYTHING_SERVER) +
        nodeServer("crashes", fixture("crash-at-start.mjs")),
    );
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("c1", "everything__echo", JSON.stringify({ message: "hi" })),
          sse.completed("r1"),
        ],
      },
      plainAnswer("The server said hi."),
    );
    const r = await runCli(["exec", "--json", "Use the echo tool."], {
      cwd: ws.work,
      home: ws.home,
    });
    expect(r.code).toBe(0);
    const lines = jsonLines(r.stdout);
    const started = lines.find((l) => l.type === "item.started");
    const id = (started?.item as { id: string }).id;
    expect(id).toMatch(/^item_\d+$/);
    expect(started?.item).toEqual({
      id,
      type: "mcp_tool_call",
      server: "everything",
      tool: "echo",
      arguments: { message: "hi" },
      result: null,
      error: null,
      status: "in_progress",
    });
    const completed = lines.find(
      (l) => l.type === "item.completed" && (l.item as { type: string }).type === "mcp_tool_call",
    );
    expect(completed?.item).toEqual({
      id,
      type: "mcp_tool_call",
      server: "everything",
      tool: "echo",
      arguments: { message: "hi" },
      result: { content: [{ type: "text", text: "Echo: hi" }], structured_content: null },
      error: null,
      status: "completed",
    });
    // The crashing optional server is reported, and the turn still completes.
    const errorItems = lines
      .filter((l) => l.type === "item.completed" && (l.item as { type: string }).type === "error")
      .map((l) => String((l.item as { message: string }).message));
    expect(errorItems.some((e) => e.startsWith("MCP client for `crashes` failed to start:"))).toBe(
      true,
    );
    expect(lines.at(-1)?.type).toBe("turn.completed");
    const input = mock.requests[1]!.body!.input as { type: string; output?: unknown }[];
    expect(input.find((i) => i.type === "function_call_output")?.output).toBe(
      JSON.stringify([{ type: "text", text: "Echo: hi" }]),
    );
  });
});
