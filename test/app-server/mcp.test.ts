// The app-server's MCP methods against real MCP servers started by a thread's session:
// mcpServer/startupStatus/updated, mcpServer/tool/call and mcpServer/resource/read
// (config/mcpServer/reload: mcp-reload.test.ts).
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer, type MockServer } from "../mock-server/index.js";
import {
  REPO_ROOT,
  mockConfig,
  useMockWorkspace,
  writeConfig,
  type Workspace,
} from "../harness.js";
import { AppServerClient, useAppServerClients } from "./client.js";

let mock: MockServer;
let ws: Workspace;

useMockWorkspace((m, w) => {
  mock = m;
  ws = w;
});

const spawnServer = useAppServerClients();

const RESOURCE_SERVER = path.join(REPO_ROOT, "test", "app-server", "mcp-resource-server.mjs");
const CRASHING = path.join(REPO_ROOT, "test", "mcp", "fixtures", "crash-at-start.mjs");

function server(name: string, script: string): string {
  return `[mcp_servers.${name}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${JSON.stringify(script)}]\n`;
}

async function threadWithServers(): Promise<{ c: AppServerClient; threadId: string }> {
  writeConfig(
    ws.home,
    `${mockConfig(mock.url)}\n${server("notes", RESOURCE_SERVER)}\n${server("broken", CRASHING)}`,
  );
  const c = spawnServer({ cwd: ws.work, home: ws.home });
  await c.initialize();
  const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
  return { c, threadId };
}

describe("MCP methods", () => {
  it("reports each server's start-up, ready or failed", async () => {
    const { c, threadId } = await threadWithServers();
    const status = (name: string, s: string) =>
      c.notification(
        "mcpServer/startupStatus/updated",
        (p) => p.name === name && p.status === s && p.threadId === threadId,
      );
    await status("notes", "starting");
    await status("broken", "starting");
    await status("notes", "ready");
    const failed = await status("broken", "failed");
    expect(failed.params!.error).toEqual(expect.any(String));

    // A thread resumed from its rollout starts its servers again, and says so.
    mock.enqueue(plainAnswer("saved"));
    await c.call("turn/start", { threadId, input: [{ type: "text", text: "keep me" }] });
    await c.notification("turn/completed", (p) => p.threadId === threadId);
    c.kill();
    await c.exited;
    expect(c.violations).toEqual([]);
    const again = spawnServer({ cwd: ws.work, home: ws.home });
    await again.initialize();
    await again.call("thread/resume", { threadId });
    await again.notification(
      "mcpServer/startupStatus/updated",
      (p) => p.name === "notes" && p.status === "ready" && p.threadId === threadId,
    );
  });

  it("calls a tool and reads a resource of a thread's server", async () => {
    const { c, threadId } = await threadWithServers();
    const r = await c.call("mcpServer/tool/call", {
      threadId,
      server: "notes",
      tool: "add",
      arguments: { a: 2, b: 40 },
    });
    expect(r).toMatchObject({
      content: [{ type: "text", text: "42" }],
      structuredContent: { sum: 42 },
    });
    const read = await c.call("mcpServer/resource/read", {
      threadId,
      server: "notes",
      uri: "memo://notes",
    });
    expect(read.contents).toEqual([
      { uri: "memo://notes", mimeType: "text/plain", text: "remember the milk" },
      { uri: "memo://notes", mimeType: "application/octet-stream", blob: "AAEC" },
    ]);
    // Without threadId the first loaded thread's servers answer.
    const again = await c.call("mcpServer/resource/read", { server: "notes", uri: "memo://notes" });
    expect(again.contents).toHaveLength(2);

    const missing = await c.request("mcpServer/resource/read", {
      threadId,
      server: "notes",
      uri: "memo://absent",
    });
    expect(missing.error).toMatchObject({ code: -32603 });
    expect(missing.error!.message).toContain("no resource memo://absent");
    const unknown = await c.request("mcpServer/tool/call", { threadId, server: "nope", tool: "x" });
    expect(unknown.error?.message).toContain("no MCP server `nope` is configured");
    const broken = await c.request("mcpServer/tool/call", {
      threadId,
      server: "broken",
      tool: "x",
    });
    expect(broken.error?.message).toContain("MCP server `broken` failed to start");
  });
});
