// The MCP servers of a thread's session as clients see them: mcpServerStatus/list (tools,
// resources, authentication, from the core's list_mcp_tools), mcpServer/tool/call and
// mcpServer/resource/read (straight to the session's servers, outside any turn),
// config/mcpServer/reload, and the mcpServer/startupStatus/updated notifications sent when a
// thread starts and when a reload starts servers.
import { z } from "zod";
import type { McpServerConfig } from "../config/types.js";
import type { McpDirectAccess } from "../core/session-types.js";
import { MCP_TOOL_NAME_DELIMITER } from "../mcp/client/tool-names.js";
import type { LoadedThread } from "./loaded-thread.js";
import type { Handler } from "./methods-threads.js";
import { INTERNAL_ERROR, RpcError, invalidRequest, parseParams } from "./rpc.js";
import type { ThreadRegistry } from "./thread-registry.js";

const StatusListSchema = z.object({
  threadId: z.string().nullable().optional(),
  serverName: z.string().nullable().optional(),
  cursor: z.string().nullable().optional(),
  limit: z.number().int().min(0).nullable().optional(),
  detail: z.enum(["full", "toolsAndAuthOnly"]).nullable().optional(),
});

const ToolCallSchema = z.object({
  threadId: z.string(),
  server: z.string(),
  tool: z.string(),
  arguments: z.record(z.string(), z.unknown()).nullable().optional(),
});
const ResourceReadSchema = z.object({
  threadId: z.string().nullable().optional(),
  server: z.string(),
  uri: z.string(),
});

/** Names of the MCP servers a thread's config enables, sorted. */
function enabledServers(thread: LoadedThread): string[] {
  return Object.entries(thread.config.mcpServers)
    .filter(([, c]) => c.enabled)
    .map(([name]) => name)
    .sort();
}

/**
 * The thread's MCP servers once `server` has finished starting (list_mcp_tools waits for the
 * session's start-up), or -32600 naming what is wrong.
 */
async function serversOf(thread: LoadedThread, server: string): Promise<McpDirectAccess> {
  if (!enabledServers(thread).includes(server)) {
    throw invalidRequest(`no MCP server \`${server}\` is configured for thread ${thread.id}`);
  }
  let mcp = thread.conversation.mcp;
  const settled = (m: McpDirectAccess | undefined) =>
    m && (m.connected().includes(server) || m.failures().some((f) => f.server === server));
  if (!settled(mcp)) {
    await thread.query({ type: "list_mcp_tools" }, "mcp_list_tools_response");
    mcp = thread.conversation.mcp;
  }
  const failed = mcp?.failures().find((f) => f.server === server);
  if (!mcp || failed) {
    throw invalidRequest(
      `MCP server \`${server}\` failed to start: ${failed?.message ?? "unknown"}`,
    );
  }
  return mcp;
}

/** A failing MCP call answers -32603 with the server's words (a tool's own error is a result). */
async function mcpCall<T>(what: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RpcError) throw e;
    throw new RpcError(INTERNAL_ERROR, `${what} failed: ${(e as Error).message}`);
  }
}

function sendStartupStatus(
  thread: LoadedThread,
  name: string,
  status: "starting" | "ready" | "failed",
  error: string | null,
): void {
  thread.broadcast("mcpServer/startupStatus/updated", { name, status, error, threadId: thread.id });
}

/**
 * `starting` for each enabled server of a newly opened thread, then `ready` or `failed` once the
 * session's start-up has settled. Runs in the background: thread/start does not wait for it.
 */
export function reportMcpStartup(thread: LoadedThread): void {
  const names = enabledServers(thread);
  if (names.length === 0) return;
  const send = (name: string, status: "starting" | "ready" | "failed", error: string | null) =>
    sendStartupStatus(thread, name, status, error);
  for (const name of names) send(name, "starting", null);
  void thread
    .query({ type: "list_mcp_tools" }, "mcp_list_tools_response")
    .then(() => {
      const failures = new Map(
        (thread.conversation.mcp?.failures() ?? []).map((f) => [f.server, f.message]),
      );
      for (const name of names) {
        const error = failures.get(name) ?? null;
        send(name, error === null ? "ready" : "failed", error);
      }
    })
    .catch(() => undefined);
}

/**
 * Hands a thread's session its new `[mcp_servers]` (applied now when idle, else when the running
 * turn ends), then reports the servers it starts: `starting`, then `ready` or `failed`.
 */
function reloadThread(thread: LoadedThread, servers: Record<string, McpServerConfig>): void {
  void thread.conversation
    .reloadMcpServers(servers, (names) => {
      thread.config.mcpServers = servers;
      for (const name of names) sendStartupStatus(thread, name, "starting", null);
    })
    .then((result) => {
      const failed = new Map(result.failures.map((f) => [f.server, f.message]));
      for (const name of result.started) {
        const error = failed.get(name) ?? null;
        sendStartupStatus(thread, name, error === null ? "ready" : "failed", error);
      }
    })
    .catch(() => undefined);
}

const AUTH: Record<string, string> = {
  unsupported: "unsupported",
  not_logged_in: "notLoggedIn",
  bearer_token: "bearerToken",
  o_auth: "oAuth",
  oauth: "oAuth",
};

export function mcpMethods(reg: ThreadRegistry): Record<string, Handler> {
  return {
    // As in Codex: every loaded thread reads `[mcp_servers]` anew from all config layers (its
    // cwd's project config, the server's and the thread's overrides); the answer comes at once.
    // Every config is read before any thread changes, so a broken config.toml changes nothing.
    "config/mcpServer/reload": async () => {
      const plans = await Promise.all(
        reg.list().map(async (thread) => {
          const config = await reg.loadConfig({
            cwd: thread.config.cwd,
            config: thread.configOverrides,
          });
          return [thread, config.mcpServers] as const;
        }),
      );
      for (const [thread, servers] of plans) reloadThread(thread, servers);
      return {};
    },
    "mcpServer/tool/call": async (_conn, params) => {
      const p = parseParams(ToolCallSchema, params);
      const mcp = await serversOf(reg.loaded(p.threadId), p.server);
      const r = (await mcpCall(`tool \`${p.tool}\` on MCP server \`${p.server}\``, () =>
        mcp.callTool(p.server, p.tool, p.arguments ?? undefined),
      )) as Record<string, unknown>;
      return {
        content: Array.isArray(r.content) ? r.content : [],
        isError: typeof r.isError === "boolean" ? r.isError : null,
        ...(r.structuredContent !== undefined ? { structuredContent: r.structuredContent } : {}),
        ...(r._meta !== undefined ? { _meta: r._meta } : {}),
      };
    },
    "mcpServer/resource/read": async (_conn, params) => {
      const p = parseParams(ResourceReadSchema, params);
      const thread = p.threadId ? reg.loaded(p.threadId) : reg.list()[0];
      if (!thread) {
        throw invalidRequest(
          "mcpServer/resource/read needs a loaded thread in codex-ts (MCP servers run per session); start or resume one, or pass its threadId",
        );
      }
      const mcp = await serversOf(thread, p.server);
      const r = (await mcpCall(`reading ${p.uri} from MCP server \`${p.server}\``, () =>
        mcp.readResource(p.server, p.uri),
      )) as { contents?: unknown[] };
      return { contents: r.contents ?? [] };
    },
    "mcpServerStatus/list": async (_conn, params) => {
      const p = parseParams(StatusListSchema, params);
      const thread = p.threadId ? reg.loaded(p.threadId) : reg.list()[0];
      if (!thread) {
        throw invalidRequest(
          "mcpServerStatus/list needs a loaded thread in codex-ts (MCP servers run per session); start or resume one, or pass its threadId",
        );
      }
      const listed = await thread.query({ type: "list_mcp_tools" }, "mcp_list_tools_response");
      const names = Object.keys(listed.auth_statuses).filter(
        (n) => !p.serverName || n === p.serverName,
      );
      const full = p.detail !== "toolsAndAuthOnly";
      const data = names.sort().map((name) => {
        // The session names MCP tools `<server>__<tool>`.
        const prefix = `${name}${MCP_TOOL_NAME_DELIMITER}`;
        const tools = Object.fromEntries(
          Object.entries(listed.tools)
            .filter(([qualified]) => qualified.startsWith(prefix))
            .map(([qualified, tool]) => {
              const t = tool as { name?: string };
              return [t.name ?? qualified.slice(prefix.length), tool];
            }),
        );
        return {
          name,
          tools,
          resources: full ? (listed.resources[name] ?? []) : [],
          resourceTemplates: full ? (listed.resource_templates[name] ?? []) : [],
          authStatus: AUTH[listed.auth_statuses[name] ?? ""] ?? "unknown",
        };
      });
      const start = p.cursor ? Number(p.cursor) : 0;
      const n = p.limit ?? data.length;
      return {
        data: data.slice(start, start + n),
        nextCursor: start + n < data.length ? String(start + n) : null,
      };
    },
  };
}
