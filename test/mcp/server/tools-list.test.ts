// `codex mcp-server` handshake and tools/list against Codex 0.153.4's captured answer.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeWorkspace, mockConfig, writeConfig, type Workspace } from "../../harness.js";
import { startMcpServer, type McpServerProcess } from "./mcp-server-harness.js";

interface CapturedTool {
  name: string;
  title: string;
  inputSchema: {
    properties: Record<string, { type: string; enum?: string[] }>;
    required: string[];
  };
  outputSchema: unknown;
}
const capture = JSON.parse(
  readFileSync(
    path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures/tools-list-0.153.4.json"),
    "utf8",
  ),
) as { serverInfo: { name: string; title: string }; capabilities: unknown; tools: CapturedTool[] };

/** Properties we offer beyond Codex 0.153.4 (documented in docs/mcp-server.md). */
const EXTRA_PROPERTIES: Record<string, string[]> = { codex: ["profile"], "codex-reply": [] };

let ws: Workspace;
let server: McpServerProcess | undefined;

beforeEach(() => {
  ws = makeWorkspace();
  writeConfig(ws.home, mockConfig("http://127.0.0.1:9/v1"));
});
afterEach(async () => {
  if (server) await server.disconnect();
  server = undefined;
  ws.cleanup();
});

describe("codex mcp-server handshake", () => {
  it("identifies itself and its capabilities as Codex does", async () => {
    server = await startMcpServer({ cwd: ws.work, home: ws.home });
    expect(server.client.getServerVersion()).toMatchObject({
      name: capture.serverInfo.name,
      title: capture.serverInfo.title,
    });
    expect(server.client.getServerCapabilities()).toEqual(capture.capabilities);
  });

  it("lists codex and codex-reply with the reference's schemas", async () => {
    server = await startMcpServer({ cwd: ws.work, home: ws.home });
    const { tools } = await server.client.listTools();
    expect(tools.map((t) => t.name)).toEqual(capture.tools.map((t) => t.name));
    for (const ref of capture.tools) {
      const ours = tools.find((t) => t.name === ref.name)!;
      expect(ours.title).toBe(ref.title);
      expect(ours.description, `${ref.name} has a description`).toMatch(/\w/);
      expect(ours.outputSchema).toEqual(ref.outputSchema);
      expect(ours.inputSchema.required).toEqual(ref.inputSchema.required);
      const props = ours.inputSchema.properties as Record<
        string,
        { type: string; enum?: string[] }
      >;
      expect(Object.keys(props).sort()).toEqual(
        [...Object.keys(ref.inputSchema.properties), ...EXTRA_PROPERTIES[ref.name]!].sort(),
      );
      for (const [name, refProp] of Object.entries(ref.inputSchema.properties)) {
        expect(props[name]!.type, `${ref.name}.${name} type`).toBe(refProp.type);
        // Every value Codex accepts is accepted here too (ours is a superset: untrusted, on-failure).
        for (const v of refProp.enum ?? []) expect(props[name]!.enum).toContain(v);
      }
      expect(ours.inputSchema.additionalProperties).toEqual(
        (ref.inputSchema as { additionalProperties?: unknown }).additionalProperties,
      );
    }
    expect(server.badStdoutLines).toEqual([]);
  });

  it("answers an unknown tool and a reply without a thread id with tool errors", async () => {
    server = await startMcpServer({ cwd: ws.work, home: ws.home });
    const unknown = await server.client.callTool({ name: "nope", arguments: {} });
    expect(unknown.isError).toBe(true);
    expect(JSON.stringify(unknown.content)).toContain("Unknown tool 'nope'");
    const noId = await server.client.callTool({ name: "codex-reply", arguments: { prompt: "hi" } });
    expect(noId.isError).toBe(true);
    expect(JSON.stringify(noId.content)).toContain("threadId");
    const missing = await server.client.callTool({
      name: "codex-reply",
      arguments: { prompt: "hi", threadId: "0199a0a0-0000-7000-8000-000000000000" },
    });
    expect(missing.isError).toBe(true);
    expect(JSON.stringify(missing.content)).toContain(
      "Unknown threadId 0199a0a0-0000-7000-8000-000000000000",
    );
    const noPrompt = await server.client.callTool({ name: "codex", arguments: {} });
    expect(noPrompt.isError).toBe(true);
    expect(JSON.stringify(noPrompt.content)).toContain("`prompt` is required");
  });

  it("exits 0 when the client closes stdin while idle", async () => {
    server = await startMcpServer({ cwd: ws.work, home: ws.home });
    const exit = await server.disconnect();
    server = undefined;
    expect(exit).toEqual({ code: 0, signal: null });
  });
});
