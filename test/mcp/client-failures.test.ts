// Every way an MCP server can fail ends in a clear event or tool output, and the session goes on.
import { describe, expect, it } from "vitest";
import type { EventMsg } from "../../src/protocol/index.js";
import { type Workspace } from "../harness.js";
import { eventsUntil } from "../core/session-harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  fixture,
  nodeServer,
  outputFor,
  startMcpConversation,
  useMcpWorkspace,
  toolNames,
  type McpEnd,
  type McpSession,
} from "./mcp-harness.js";

let mock: MockServer;
let ws: Workspace;
let session: McpSession | null = null;

useMcpWorkspace((m, w) => {
  mock = m;
  ws = w;
  session = null;
});

const TEST_SERVER = fixture("test-server.mjs");
const callTurn = (id: string, name: string, args: unknown = {}) => ({
  sse: [
    sse.created(`r-${id}`),
    ...sse.functionCall(id, name, JSON.stringify(args)),
    sse.completed(`r-${id}`),
  ],
});

async function turn(s: McpSession, until: EventMsg["type"] = "task_complete"): Promise<EventMsg[]> {
  s.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
  return (await eventsUntil(s.conversation, (m) => m.type === until)).map((e) => e.msg);
}

/** Error events until the first turn can run (all servers have settled by then). */
async function startupErrors(s: McpSession): Promise<string[]> {
  mock.enqueue(plainAnswer("ready"));
  const msgs = await turn(s);
  return msgs.filter((m) => m.type === "error").map((m) => (m as { message: string }).message);
}

describe("MCP server startup failures", () => {
  it("a server that crashes at start is reported with the generic message; the others work", async () => {
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer("crashes", fixture("crash-at-start.mjs")) + nodeServer("t", TEST_SERVER),
    );
    const errors = await startupErrors(session);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^MCP client for `crashes` failed to start: MCP startup failed: handshaking with MCP server failed: connection closed before the initialize response/,
    );
    expect(toolNames(mock, 0)).toContain("t__echo");
    expect(toolNames(mock, 0).some((n) => n.startsWith("crashes__"))).toBe(false);
  });

  it("a missing command says so", async () => {
    session = await startMcpConversation(
      ws,
      mock.url,
      `\n[mcp_servers.missingcmd]\ncommand = "/nonexistent/definitely-not-here"\n`,
    );
    expect(await startupErrors(session)).toEqual([
      "MCP client for `missingcmd` failed to start: MCP startup failed: command not found: /nonexistent/definitely-not-here (check `command` and PATH)",
    ]);
  });

  it("a server that never answers times out with the exact hint", async () => {
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer("hangs", fixture("hang-at-start.mjs"), [], "startup_timeout_sec = 1"),
    );
    expect(await startupErrors(session)).toEqual([
      "MCP client for `hangs` timed out after 1 seconds. Add or adjust `startup_timeout_sec` in your config.toml:\n[mcp_servers.hangs]\nstartup_timeout_sec = XX",
    ]);
  });

  it("a failing required server ends startup with its message", async () => {
    await expect(
      startMcpConversation(
        ws,
        mock.url,
        nodeServer("crashes", fixture("crash-at-start.mjs"), [], "required = true") +
          nodeServer("t", TEST_SERVER),
      ),
    ).rejects.toThrow(
      expect.objectContaining({
        name: "McpStartupError",
        message: expect.stringMatching(/^MCP client for `crashes` failed to start: /),
      }),
    );
    expect(mock.requests).toHaveLength(0);
  });

  it("a disabled server is not started", async () => {
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer("crashes", fixture("crash-at-start.mjs"), [], "enabled = false") +
        nodeServer("t", TEST_SERVER),
    );
    expect(await startupErrors(session)).toEqual([]);
  });
});

describe("MCP tool call failures", () => {
  it("a tool error is a failed result the model sees", async () => {
    mock.enqueue(callTurn("c1", "t__fail"), plainAnswer("ok"));
    session = await startMcpConversation(ws, mock.url, nodeServer("t", TEST_SERVER));
    const msgs = await turn(session);
    const end = msgs.find((m): m is McpEnd => m.type === "mcp_tool_call_end")!;
    expect(end.result).toEqual({
      Ok: { content: [{ type: "text", text: "the widget is broken" }], isError: true },
    });
    expect(outputFor(mock, 1, "c1")).toBe(
      JSON.stringify([{ type: "text", text: "the widget is broken" }]),
    );
  });

  it("a protocol error becomes an Err result and a clear output", async () => {
    mock.enqueue(callTurn("c1", "t__throw"), plainAnswer("ok"));
    session = await startMcpConversation(ws, mock.url, nodeServer("t", TEST_SERVER));
    const msgs = await turn(session);
    const end = msgs.find((m): m is McpEnd => m.type === "mcp_tool_call_end")!;
    const output = String(outputFor(mock, 1, "c1"));
    expect(output).toContain("tool call failed:");
    expect(output).toContain("deliberate protocol failure");
    expect(output).not.toMatch(/\n\s+at /); // no stack trace
    expect(end.result).toEqual({
      Err: "tool `throw` on MCP server `t` failed: MCP error -32603: deliberate protocol failure",
    });
  });

  it("a call past tool_timeout_sec is cancelled and the model is told", async () => {
    mock.enqueue(
      callTurn("c1", "t__hang"),
      plainAnswer("ok"),
      callTurn("c2", "t__echo", { text: "still here" }),
      plainAnswer("ok"),
    );
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer("t", TEST_SERVER, [], "tool_timeout_sec = 1"),
    );
    const msgs = await turn(session);
    const end = msgs.find((m): m is McpEnd => m.type === "mcp_tool_call_end")!;
    expect(end.result).toEqual({
      Err: "tool `hang` on MCP server `t` timed out after 1 seconds and was cancelled (raise `tool_timeout_sec` in [mcp_servers.t] if it needs longer)",
    });
    expect(String(outputFor(mock, 1, "c1"))).toContain("timed out after 1 seconds");
    await turn(session);
    expect(outputFor(mock, 3, "c2")).toBe(
      JSON.stringify([{ type: "text", text: "echo: still here" }]),
    );
  });

  it("an interrupt cancels a hanging call promptly", async () => {
    mock.enqueue(callTurn("c1", "t__hang"), plainAnswer("after"));
    session = await startMcpConversation(ws, mock.url, nodeServer("t", TEST_SERVER));
    session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(session.conversation, (m) => m.type === "mcp_tool_call_begin");
    session.conversation.submit({ type: "interrupt" });
    const seen = (await eventsUntil(session.conversation, (m) => m.type === "turn_aborted")).map(
      (e) => e.msg,
    );
    const end = seen.find((m): m is McpEnd => m.type === "mcp_tool_call_end");
    expect(end?.result).toEqual({ Err: "tool `hang` on MCP server `t` was interrupted" });
    const after = await turn(session);
    expect(after.some((m) => m.type === "agent_message")).toBe(true);
    expect(outputFor(mock, 1, "c1")).toBe("aborted");
  });

  it("a server that exits mid-call: clear output, later calls explain, its tools are withdrawn", async () => {
    mock.enqueue(
      callTurn("c1", "t__exit"),
      plainAnswer("ok"),
      callTurn("c2", "t__echo", { text: "x" }),
      plainAnswer("ok"),
    );
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer("t", TEST_SERVER) + nodeServer("other", TEST_SERVER),
    );
    await turn(session);
    const first = String(outputFor(mock, 1, "c1"));
    expect(first).toMatch(
      /^tool call failed: MCP server `t` stopped while running tool `exit` \(it exited/,
    );
    expect(first).toContain("unavailable for the rest of this session");
    await turn(session);
    expect(toolNames(mock, 2)).not.toContain("t__echo");
    expect(toolNames(mock, 2)).toContain("other__echo");
    expect(String(outputFor(mock, 3, "c2"))).toMatch(
      /^tool call failed: MCP server `t` is not running/,
    );
  });
});

describe("MCP tool approvals", () => {
  const untrusted = { approvalPolicy: "untrusted" as const };

  it("under untrusted, a tool that is not read-only asks; read-only tools do not", async () => {
    mock.enqueue(
      {
        sse: [
          sse.created("r1"),
          ...sse.functionCall("w1", "t__write-note", JSON.stringify({ note: "n" })),
          ...sse.functionCall("r1c", "t__read-note", "{}"),
          sse.completed("r1"),
        ],
      },
      plainAnswer("ok"),
    );
    session = await startMcpConversation(ws, mock.url, nodeServer("t", TEST_SERVER), {
      cli: untrusted,
    });
    session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    const seen = await eventsUntil(session.conversation, (m) => m.type === "exec_approval_request");
    const req = seen.at(-1)!.msg as Extract<EventMsg, { type: "exec_approval_request" }>;
    expect(req.call_id).toBe("w1");
    expect(req.command).toEqual(["mcp", "t", "write-note", JSON.stringify({ note: "n" })]);
    session.conversation.submit({ type: "exec_approval", id: "w1", decision: "denied" });
    const rest = (await eventsUntil(session.conversation, (m) => m.type === "task_complete")).map(
      (e) => e.msg,
    );
    expect(rest.filter((m) => m.type === "exec_approval_request")).toHaveLength(0);
    expect(String(outputFor(mock, 1, "w1"))).toBe("MCP tool call rejected by user: t/write-note");
    expect(outputFor(mock, 1, "r1c")).toBe(
      JSON.stringify([{ type: "text", text: "read-note ok" }]),
    );
    expect(
      [...seen.map((e) => e.msg), ...rest].some(
        (m) => m.type === "mcp_tool_call_begin" && m.call_id === "w1",
      ),
    ).toBe(false);
  });

  it("approved for the session is not asked again", async () => {
    mock.enqueue(
      callTurn("a1", "t__write-note", { note: "1" }),
      plainAnswer("ok"),
      callTurn("a2", "t__write-note", { note: "2" }),
      plainAnswer("ok"),
    );
    session = await startMcpConversation(ws, mock.url, nodeServer("t", TEST_SERVER), {
      cli: untrusted,
    });
    session.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
    await eventsUntil(session.conversation, (m) => m.type === "exec_approval_request");
    session.conversation.submit({
      type: "exec_approval",
      id: "a1",
      decision: "approved_for_session",
    });
    await eventsUntil(session.conversation, (m) => m.type === "task_complete");
    const second = await turn(session);
    expect(second.some((m) => m.type === "exec_approval_request")).toBe(false);
    expect(outputFor(mock, 3, "a2")).toBe(
      JSON.stringify([{ type: "text", text: "write-note ok" }]),
    );
  });
});
