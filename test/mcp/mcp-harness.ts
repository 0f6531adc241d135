// In-process sessions with MCP servers configured, against the mock model. The MCP provider is
// the real one (createMcpToolProvider), talking to real server processes.
import path from "node:path";
import { loadConfig } from "../../src/config/index.js";
import { ConversationManager, type NewConversation } from "../../src/core/index.js";
import { createMcpToolProvider } from "../../src/mcp/index.js";
import type { EventMsg } from "../../src/protocol/index.js";
import { buildToolRegistry } from "../../src/tools/index.js";
import { afterEach } from "vitest";
import {
  mockConfig,
  REPO_ROOT,
  useMockWorkspace,
  writeConfig,
  type Workspace,
} from "../harness.js";
import type { MockServer } from "../mock-server/index.js";

export const FIXTURES = path.join(REPO_ROOT, "test", "mcp", "fixtures");
export const EVERYTHING_SERVER = path.join(
  REPO_ROOT,
  "node_modules/@modelcontextprotocol/server-everything/dist/index.js",
);
export const FILESYSTEM_SERVER = path.join(
  REPO_ROOT,
  "node_modules/@modelcontextprotocol/server-filesystem/dist/index.js",
);

/** A `[mcp_servers.NAME]` table running `node SCRIPT ARGS...`, plus extra lines. */
export function nodeServer(name: string, script: string, args: string[] = [], extra = ""): string {
  return `
[mcp_servers.${JSON.stringify(name)}]
command = ${JSON.stringify(process.execPath)}
args = ${JSON.stringify([script, ...args])}
${extra}
`;
}

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export interface McpSession extends NewConversation {
  logs: string[];
}

export async function startMcpConversation(
  ws: Workspace,
  mockUrl: string,
  mcpToml: string,
  opts: {
    cli?: Parameters<typeof loadConfig>[0]["cli"];
    env?: NodeJS.ProcessEnv;
    /** `ask`: elicitations reach the test as events (as in the TUI); default `decline`. */
    elicitationPolicy?: "ask" | "decline";
  } = {},
): Promise<McpSession> {
  writeConfig(ws.home, mockConfig(mockUrl, "") + mcpToml);
  const env = { ...process.env, CODEX_HOME: ws.home, ...opts.env };
  const { config } = await loadConfig({ cli: { cwd: ws.work, ...opts.cli }, env });
  const logs: string[] = [];
  const log = (m: string) => logs.push(m);
  const started = await new ConversationManager().newConversation({
    config,
    apiKey: "sk-test",
    originator: "codex_exec",
    buildTools: buildToolRegistry,
    externalTools: createMcpToolProvider(config, {
      env,
      log,
      elicitationPolicy: opts.elicitationPolicy,
    }),
    log,
  });
  const session = { ...started, logs };
  openSessions.add(session);
  return session;
}

const openSessions = new Set<McpSession>();

/** Shut down every session started since the last call (stopping their MCP servers). */
async function closeMcpSessions(): Promise<void> {
  for (const session of [...openSessions]) {
    openSessions.delete(session);
    try {
      session.conversation.submit({ type: "shutdown" });
    } catch {
      continue; // the test already shut it down
    }
    for (
      let ev = await session.conversation.nextEvent();
      ev;
      ev = await session.conversation.nextEvent()
    ) {
      if (ev.msg.type === "shutdown_complete") break;
    }
  }
}

/**
 * A fresh mock model and workspace per test (see `useMockWorkspace`); every MCP session started
 * in the test is shut down before the mock goes away, so no server process outlives its test.
 */
export function useMcpWorkspace(assign: (mock: MockServer, ws: Workspace) => void): void {
  useMockWorkspace(assign, { config: null });
  // After-hooks run in reverse order: sessions close before the mock workspace is torn down.
  afterEach(closeMcpSessions);
}

/** The function_call_output the model got for `callId` in request `index` (0-based). */
export function outputFor(mock: MockServer, index: number, callId: string): unknown {
  const input = (mock.requests[index]?.body?.input ?? []) as Array<{
    type: string;
    call_id?: string;
    output?: unknown;
  }>;
  const item = input.find((i) => i.type === "function_call_output" && i.call_id === callId);
  if (!item) throw new Error(`no output for ${callId} in request ${index}`);
  return item.output;
}

/** The tool names offered in request `index`. */
export function toolNames(mock: MockServer, index: number): string[] {
  const tools = (mock.requests[index]?.body?.tools ?? []) as Array<{ name?: string }>;
  return tools.map((t) => t.name ?? "");
}

export function toolSpec(
  mock: MockServer,
  index: number,
  name: string,
): Record<string, unknown> | undefined {
  const tools = (mock.requests[index]?.body?.tools ?? []) as Array<Record<string, unknown>>;
  return tools.find((t) => t.name === name);
}

export type McpEnd = Extract<EventMsg, { type: "mcp_tool_call_end" }>;
