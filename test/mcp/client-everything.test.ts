// The MCP client against the reference servers from npm: tools reach the model under qualified
// names, calls produce begin/end events, results convert as seed-spec B5.27/B5.28 say.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { EventMsg } from "../../src/protocol/index.js";
import { type Workspace } from "../harness.js";
import { eventsUntil } from "../core/session-harness.js";
import { plainAnswer, sse, type MockServer } from "../mock-server/index.js";
import {
  EVERYTHING_SERVER,
  FILESYSTEM_SERVER,
  nodeServer,
  outputFor,
  startMcpConversation,
  useMcpWorkspace,
  toolNames,
  toolSpec,
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

const turnWithCalls = (...calls: [id: string, name: string, args: unknown][]) => ({
  sse: [
    sse.created("r1"),
    ...calls.flatMap(([id, name, args]) => sse.functionCall(id, name, JSON.stringify(args))),
    sse.completed("r1"),
  ],
});

async function runTurn(s: McpSession): Promise<EventMsg[]> {
  s.conversation.submit({ type: "user_input", items: [{ type: "text", text: "go" }] });
  const seen = await eventsUntil(s.conversation, (m) => m.type === "task_complete");
  return seen.map((e) => e.msg);
}

const ends = (msgs: EventMsg[]) => msgs.filter((m): m is McpEnd => m.type === "mcp_tool_call_end");

describe("MCP client with server-everything", () => {
  it("offers server__tool names and runs echo and get-sum with begin/end events", async () => {
    mock.enqueue(
      turnWithCalls(
        ["c1", "everything__echo", { message: "hello" }],
        ["c2", "everything__get-sum", { a: 2, b: 40 }],
      ),
      plainAnswer("done"),
    );
    session = await startMcpConversation(ws, mock.url, nodeServer("everything", EVERYTHING_SERVER));
    const msgs = await runTurn(session);

    const names = toolNames(mock, 0);
    expect(names).toContain("everything__echo");
    expect(names).toContain("everything__get-sum");
    expect(names).toContain("update_plan"); // built-in tools are still there
    const echoSpec = toolSpec(mock, 0, "everything__echo")!;
    expect(echoSpec.type).toBe("function");
    expect(echoSpec.parameters).toMatchObject({
      type: "object",
      properties: { message: { type: "string" } },
      required: ["message"],
    });
    expect(echoSpec.parameters).not.toHaveProperty("$schema");

    const begin = msgs.find((m) => m.type === "mcp_tool_call_begin");
    expect(begin).toEqual({
      type: "mcp_tool_call_begin",
      call_id: "c1",
      invocation: { server: "everything", tool: "echo", arguments: { message: "hello" } },
    });
    const echoEnd = ends(msgs).find((e) => e.call_id === "c1")!;
    const sumEnd = ends(msgs).find((e) => e.call_id === "c2")!;
    expect(echoEnd.result).toEqual({ Ok: { content: [{ type: "text", text: "Echo: hello" }] } });
    expect(typeof echoEnd.duration_ms).toBe("number");
    expect(sumEnd.invocation).toEqual({
      server: "everything",
      tool: "get-sum",
      arguments: { a: 2, b: 40 },
    });

    expect(outputFor(mock, 1, "c1")).toBe(JSON.stringify([{ type: "text", text: "Echo: hello" }]));
    expect(String(outputFor(mock, 1, "c2"))).toContain("42");
  });

  it("prefers structured content, sends images as images", async () => {
    mock.enqueue(
      turnWithCalls(
        ["s1", "everything__get-structured-content", { location: "Chicago" }],
        ["i1", "everything__get-tiny-image", {}],
      ),
      plainAnswer("done"),
    );
    session = await startMcpConversation(ws, mock.url, nodeServer("everything", EVERYTHING_SERVER));
    const msgs = await runTurn(session);

    const structuredEnd = ends(msgs).find((e) => e.call_id === "s1")!;
    const ok = (structuredEnd.result as { Ok: { structuredContent: unknown } }).Ok;
    expect(ok.structuredContent).toBeTruthy();
    expect(outputFor(mock, 1, "s1")).toBe(JSON.stringify(ok.structuredContent));

    const image = outputFor(mock, 1, "i1") as Array<{ type: string; image_url?: string }>;
    expect(Array.isArray(image)).toBe(true);
    const img = image.find((c) => c.type === "input_image");
    expect(img?.image_url).toMatch(/^data:image\/png;base64,[A-Za-z0-9+/=]+$/);
    expect(image.some((c) => c.type === "input_text")).toBe(true);
  });

  it("streams progress of a long-running operation", async () => {
    mock.enqueue(
      turnWithCalls([
        "p1",
        "everything__trigger-long-running-operation",
        { duration: 0.6, steps: 3 },
      ]),
      plainAnswer("done"),
    );
    session = await startMcpConversation(ws, mock.url, nodeServer("everything", EVERYTHING_SERVER));
    const msgs = await runTurn(session);
    const progress = msgs.filter(
      (m): m is Extract<EventMsg, { type: "mcp_tool_call_progress" }> =>
        m.type === "mcp_tool_call_progress",
    );
    // The SDK drops a progress notification that arrives in the same read as the response, so
    // the last step may be missing; the earlier ones come 200 ms apart.
    expect(progress.map((p) => p.progress).slice(0, 2)).toEqual([1, 2]);
    expect(progress.every((p) => p.call_id === "p1" && p.total === 3)).toBe(true);
    expect(ends(msgs)[0]?.result).toHaveProperty("Ok");
  });

  it("offers and runs the resource tools", async () => {
    mock.enqueue(
      turnWithCalls(
        ["l1", "list_mcp_resources", {}],
        ["t1", "list_mcp_resource_templates", { server: "everything" }],
        [
          "r1",
          "read_mcp_resource",
          { server: "everything", uri: "demo://resource/static/document/architecture.md" },
        ],
        ["bad", "read_mcp_resource", { server: "nope", uri: "x" }],
      ),
      plainAnswer("done"),
    );
    session = await startMcpConversation(ws, mock.url, nodeServer("everything", EVERYTHING_SERVER));
    const msgs = await runTurn(session);
    expect(toolNames(mock, 0)).toEqual(
      expect.arrayContaining([
        "list_mcp_resources",
        "list_mcp_resource_templates",
        "read_mcp_resource",
      ]),
    );
    const listed = JSON.parse(String(outputFor(mock, 1, "l1"))) as {
      resources: { server: string; uri: string }[];
    };
    expect(listed.resources.length).toBeGreaterThan(0);
    expect(listed.resources.every((r) => r.server === "everything")).toBe(true);
    const templates = JSON.parse(String(outputFor(mock, 1, "t1"))) as {
      server: string;
      resourceTemplates: unknown[];
    };
    expect(templates.server).toBe("everything");
    expect(templates.resourceTemplates.length).toBeGreaterThan(0);
    const read = JSON.parse(String(outputFor(mock, 1, "r1"))) as {
      server: string;
      uri: string;
      contents: { text?: string }[];
    };
    expect(read.server).toBe("everything");
    expect(read.contents[0]?.text).toBeTruthy();
    expect(String(outputFor(mock, 1, "bad"))).toContain("unknown MCP server `nope`");
    const begin = msgs.find((m) => m.type === "mcp_tool_call_begin" && m.call_id === "l1");
    expect(begin).toMatchObject({ invocation: { server: "codex", tool: "list_mcp_resources" } });
  });

  it("answers ListMcpTools with qualified names, resources and auth statuses", async () => {
    session = await startMcpConversation(ws, mock.url, nodeServer("everything", EVERYTHING_SERVER));
    session.conversation.submit({ type: "list_mcp_tools" });
    const seen = await eventsUntil(
      session.conversation,
      (m) => m.type === "mcp_list_tools_response",
    );
    const reply = seen.at(-1)!.msg as Extract<EventMsg, { type: "mcp_list_tools_response" }>;
    expect(reply.tools["everything__echo"]).toMatchObject({ name: "echo" });
    expect(reply.auth_statuses).toEqual({ everything: "unsupported" });
    expect(reply.resources.everything?.length).toBeGreaterThan(0);
  });

  it("applies enabled_tools and disabled_tools", async () => {
    mock.enqueue(plainAnswer("done"));
    session = await startMcpConversation(
      ws,
      mock.url,
      nodeServer(
        "everything",
        EVERYTHING_SERVER,
        [],
        `enabled_tools = ["echo", "get-sum"]\ndisabled_tools = ["get-sum"]`,
      ),
    );
    await runTurn(session);
    expect(toolNames(mock, 0).filter((n) => n.startsWith("everything__"))).toEqual([
      "everything__echo",
    ]);
  });
});

describe("MCP client with server-filesystem", () => {
  it("reads inside its root and reports errors outside it", async () => {
    const root = path.join(ws.root, "fsroot");
    mkdirSync(root);
    writeFileSync(path.join(root, "a.txt"), "hello from fsroot\n");
    mock.enqueue(
      turnWithCalls(
        ["ok", "fs__read_text_file", { path: path.join(root, "a.txt") }],
        ["denied", "fs__read_text_file", { path: "/etc/passwd" }],
      ),
      plainAnswer("done"),
    );
    session = await startMcpConversation(ws, mock.url, nodeServer("fs", FILESYSTEM_SERVER, [root]));
    const msgs = await runTurn(session);
    expect(outputFor(mock, 1, "ok")).toBe(JSON.stringify({ content: "hello from fsroot\n" }));
    const denied = ends(msgs).find((e) => e.call_id === "denied")!;
    expect((denied.result as { Ok: { isError: boolean } }).Ok.isError).toBe(true);
    expect(String(outputFor(mock, 1, "denied"))).toContain("Access denied");
  });
});
