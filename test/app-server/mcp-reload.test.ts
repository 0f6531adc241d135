// config/mcpServer/reload against real MCP servers: every loaded thread reads `[mcp_servers]`
// anew, removed servers go, new ones start (and say so with mcpServer/startupStatus/updated),
// the next turn offers the new tools, and a reload asked for during a turn waits for its end.
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
import { processesWithMarker, sleepMarker } from "../proc-scan.js";
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

/** A server table; `marker` (an ignored extra argument) finds its process in /proc. */
function server(name: string, script: string, marker?: string): string {
  const args = [script, ...(marker ? [marker] : [])].map((a) => JSON.stringify(a)).join(", ");
  return `[mcp_servers.${name}]\ncommand = ${JSON.stringify(process.execPath)}\nargs = [${args}]\n`;
}

/** Waits (bounded) until no live process carries `marker`; false if one still does. */
async function processGone(marker: string): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (processesWithMarker(marker).length === 0) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function configWith(...servers: string[]): void {
  writeConfig(ws.home, `${mockConfig(mock.url)}\n${servers.join("\n")}`);
}

async function serverNames(c: AppServerClient, threadId: string): Promise<string[]> {
  const r = await c.call("mcpServerStatus/list", { threadId });
  return (r.data as Array<{ name: string }>).map((s) => s.name);
}

/** Names of the function tools the model was offered in request `n` (0-based). */
function offeredTools(n: number): string[] {
  const tools = (mock.requests[n]?.body?.tools ?? []) as Array<{ name?: string }>;
  return tools.map((t) => t.name ?? "").filter((name) => name.includes("__"));
}

describe("config/mcpServer/reload", () => {
  it("applies a changed [mcp_servers] to a loaded thread and reports the servers it starts", async () => {
    const notesMarker = `notes-${sleepMarker()}`;
    configWith(server("notes", RESOURCE_SERVER, notesMarker));
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    await c.notification("mcpServer/startupStatus/updated", (p) => p.status === "ready");
    expect(processesWithMarker(notesMarker)).toHaveLength(1);
    mock.enqueue(plainAnswer("first"));
    await c.call("turn/start", { threadId, input: [{ type: "text", text: "one" }] });
    await c.notification("turn/completed", (p) => p.threadId === threadId);
    expect(offeredTools(0)).toEqual(["notes__add"]);

    // `notes` goes, `calc` (a working server) and `broken` (one that crashes) come.
    configWith(server("calc", RESOURCE_SERVER), server("broken", CRASHING));
    const before = c.notifications("mcpServer/startupStatus/updated").length;
    expect(await c.call("config/mcpServer/reload")).toEqual({});
    const status = (name: string, s: string) =>
      c.notification(
        "mcpServer/startupStatus/updated",
        (p) => p.name === name && p.status === s && p.threadId === threadId,
      );
    await status("calc", "ready");
    const failed = await status("broken", "failed");
    expect(failed.params!.error).toEqual(expect.any(String));
    const reported = c
      .notifications("mcpServer/startupStatus/updated")
      .slice(before)
      .map((m) => `${m.params!.name as string}:${m.params!.status as string}`);
    expect([...reported].sort()).toEqual(
      ["broken:starting", "calc:starting", "calc:ready", "broken:failed"].sort(),
    );
    expect(reported.indexOf("calc:starting")).toBeLessThan(reported.indexOf("calc:ready"));

    expect(await serverNames(c, threadId)).toEqual(["broken", "calc"]);
    // The removed server's process has ended.
    expect(await processGone(notesMarker)).toBe(true);
    const sum = await c.call("mcpServer/tool/call", {
      threadId,
      server: "calc",
      tool: "add",
      arguments: { a: 1, b: 2 },
    });
    expect(sum).toMatchObject({ structuredContent: { sum: 3 } });
    const gone = await c.request("mcpServer/tool/call", { threadId, server: "notes", tool: "add" });
    expect(gone.error?.message).toContain("no MCP server `notes` is configured");

    // The next turn offers the new tools only.
    mock.enqueue(plainAnswer("second"));
    await c.call("turn/start", { threadId, input: [{ type: "text", text: "two" }] });
    await c.notification(
      "turn/completed",
      (p) => p.threadId === threadId && c.notifications("turn/completed").length === 2,
    );
    expect(offeredTools(1)).toEqual(["calc__add"]);
  });

  it("gives a thread started without MCP servers the ones config.toml names now", async () => {
    configWith();
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    expect(await serverNames(c, threadId)).toEqual([]);
    configWith(server("notes", RESOURCE_SERVER));
    await c.call("config/mcpServer/reload");
    await c.notification(
      "mcpServer/startupStatus/updated",
      (p) => p.name === "notes" && p.status === "ready" && p.threadId === threadId,
    );
    expect(await serverNames(c, threadId)).toEqual(["notes"]);
  });

  it("a reload asked for during a turn waits for the turn to end; a broken config.toml changes nothing", async () => {
    configWith(server("notes", RESOURCE_SERVER));
    const c = spawnServer({ cwd: ws.work, home: ws.home });
    await c.initialize();
    const threadId = ((await c.call("thread/start", { cwd: ws.work })).thread as { id: string }).id;
    await c.notification("mcpServer/startupStatus/updated", (p) => p.status === "ready");

    mock.enqueue({ hang: true });
    const turn = await c.call("turn/start", { threadId, input: [{ type: "text", text: "wait" }] });
    const turnId = (turn.turn as { id: string }).id;
    await mock.waitForRequests(1);
    configWith(server("notes", RESOURCE_SERVER), server("calc", RESOURCE_SERVER));
    expect(await c.call("config/mcpServer/reload")).toEqual({});
    // The running turn keeps its servers.
    expect(await serverNames(c, threadId)).toEqual(["notes"]);
    await c.call("turn/interrupt", { threadId, turnId });
    await c.notification(
      "mcpServer/startupStatus/updated",
      (p) => p.name === "calc" && p.status === "ready",
    );
    expect(await serverNames(c, threadId)).toEqual(["calc", "notes"]);
    // `notes` did not change: it kept running, and no status was sent for it again.
    const notes = c
      .notifications("mcpServer/startupStatus/updated")
      .filter((m) => m.params!.name === "notes");
    expect(notes.map((m) => m.params!.status)).toEqual(["starting", "ready"]);

    writeConfig(ws.home, `${mockConfig(mock.url)}\n[mcp_servers.calc\n`);
    const broken = await c.request("config/mcpServer/reload");
    expect(broken.error?.code).toBe(-32603);
    expect(broken.error?.message).toContain("config.toml");
    expect(await serverNames(c, threadId)).toEqual(["calc", "notes"]);
  });
});
