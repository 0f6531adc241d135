// Starts every enabled MCP server of a session at once, each bounded by its own startup timeout,
// and keeps the live connections: their tools (filtered and named for the model), resources and
// calls. A failed optional server is reported and skipped; a failed required one fails startup.
import type { McpServerConfig } from "../../config/types.js";
import type { McpReloadResult } from "../../core/session-types.js";
import type { McpToolBinding } from "../../tools/handlers/mcp.js";
import type { McpResourceBackend } from "../../tools/handlers/mcp-resources.js";
import { McpCallError, McpConnection, type ConnectDeps } from "./connection.js";
import { mcpInitErrorDisplay } from "./startup-errors.js";
import { qualifyToolNames } from "./tool-names.js";

export interface ManagerOptions extends ConnectDeps {
  /** Names of the built-in tools, which MCP tool names must not take. */
  reservedToolNames?: readonly string[];
}

/** Startup failed because a `required = true` server did not start; the message says which. */
export class McpStartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "McpStartupError";
  }
}

/** A server that failed to start, with the message shown to the user. */
export interface StartupFailure {
  server: string;
  message: string;
}

export type { McpReloadResult };

function enabledSorted(servers: Record<string, McpServerConfig>): [string, McpServerConfig][] {
  return Object.entries(servers)
    .filter(([, s]) => s.enabled)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

export class McpConnectionManager {
  private readonly connections = new Map<string, McpConnection>();
  private failures: StartupFailure[] = [];
  private servers: [string, McpServerConfig][];
  private bindings: McpToolBinding[] = [];
  private started: Promise<void> | null = null;
  private stopped = false;

  constructor(
    servers: Record<string, McpServerConfig>,
    private readonly opts: ManagerOptions,
  ) {
    this.servers = enabledSorted(servers);
  }

  get isEmpty(): boolean {
    return this.servers.length === 0;
  }

  /** Some enabled server has `required = true`. */
  get hasRequired(): boolean {
    return this.servers.some(([, s]) => s.required);
  }

  /**
   * Connect every enabled server concurrently. Each optional failure is passed to `onError` as it
   * happens; if a required server fails, rejects (after all attempts settle) with its message.
   */
  start(onError: (message: string) => void): Promise<void> {
    this.started ??= this.startAll(onError);
    return this.started;
  }

  private async startAll(onError: (message: string) => void): Promise<void> {
    const requiredFailures: string[] = [];
    await Promise.all(
      this.servers.map(([name, config]) =>
        this.connectOne(name, config, (message) => {
          if (config.required) requiredFailures.push(message);
          else onError(message);
        }),
      ),
    );
    this.rebuildBindings();
    if (requiredFailures.length > 0) {
      await this.shutdown();
      throw new McpStartupError(requiredFailures.join("\n"));
    }
  }

  /** Open one server and keep it, or record why it failed (`onFailure` gets the message). */
  private async connectOne(
    name: string,
    config: McpServerConfig,
    onFailure: (message: string) => void,
  ): Promise<void> {
    try {
      const conn = await this.openOne(name, config);
      // Stopped, or reconfigured away, while it was starting.
      if (this.stopped || this.configOf(name) !== config) {
        await conn.close();
        return;
      }
      this.connections.set(name, conn);
      conn.onToolsChanged(() => {
        conn
          .refreshTools()
          .then(() => this.rebuildBindings())
          .catch((e: Error) => this.opts.log(`MCP server \`${name}\`: ${e.message}`));
      });
    } catch (e) {
      const message = mcpInitErrorDisplay(name, config, (e as Error).message);
      this.failures.push({ server: name, message });
      this.opts.log(`MCP client for \`${name}\` failed to start: ${(e as Error).message}`);
      onFailure(message);
    }
  }

  /**
   * Apply a new `[mcp_servers]` table to a started manager: servers removed or changed are
   * closed, new and changed ones started (each bounded by its timeout); unchanged ones keep
   * their connection. A failure is reported through `onError`, even for a required server: the
   * session is already running. `onStarting` gets the names about to start before they do.
   */
  async reconfigure(
    servers: Record<string, McpServerConfig>,
    onError: (message: string) => void,
    onStarting?: (names: string[]) => void,
  ): Promise<McpReloadResult> {
    const before = new Map(this.servers);
    const same = (name: string, config: McpServerConfig) =>
      before.has(name) && JSON.stringify(before.get(name)) === JSON.stringify(config);
    const next = enabledSorted(servers).map(([name, config]): [string, McpServerConfig] => [
      name,
      same(name, config) ? (before.get(name) as McpServerConfig) : config,
    ]);
    const kept = new Set(next.filter(([n, c]) => before.get(n) === c).map(([n]) => n));
    const toStart = next.filter(([n]) => !kept.has(n));
    const toStop = [...before.keys()].filter((n) => !kept.has(n));
    this.servers = next;
    this.failures = this.failures.filter((f) => kept.has(f.server));
    onStarting?.(toStart.map(([n]) => n));
    const closing = toStop.map((name) => {
      const conn = this.connections.get(name);
      this.connections.delete(name);
      return conn?.close();
    });
    this.rebuildBindings();
    await Promise.all(closing);
    await Promise.all(toStart.map(([name, config]) => this.connectOne(name, config, onError)));
    this.rebuildBindings();
    const started = toStart.map(([n]) => n);
    return { started, failures: this.failures.filter((f) => started.includes(f.server)) };
  }

  private async openOne(name: string, config: McpServerConfig): Promise<McpConnection> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), config.startupTimeoutSec * 1000);
    try {
      return await McpConnection.open(name, config, this.opts, controller.signal);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Servers that failed to start, with their messages. */
  startupFailures(): readonly StartupFailure[] {
    return this.failures;
  }

  connection(name: string): McpConnection | undefined {
    return this.connections.get(name);
  }

  connectionNames(): string[] {
    return [...this.connections.keys()].sort();
  }

  /** The tools of connected servers, after `enabled_tools`/`disabled_tools`, named for the model. */
  toolBindings(): readonly McpToolBinding[] {
    return this.bindings;
  }

  private rebuildBindings(): void {
    const pairs: { server: string; tool: string }[] = [];
    for (const [server, conn] of this.connections) {
      const config = this.configOf(server);
      for (const t of conn.tools) {
        if (config?.enabledTools && !config.enabledTools.includes(t.name)) continue;
        if (config?.disabledTools.includes(t.name)) continue;
        pairs.push({ server, tool: t.name });
      }
    }
    const names = qualifyToolNames(pairs, this.opts.reservedToolNames ?? []);
    this.bindings = [...names].map(([qualifiedName, { server, tool }]) => {
      const conn = this.connections.get(server) as McpConnection;
      const info = conn.tools.find((t) => t.name === tool);
      return {
        qualifiedName,
        server,
        tool,
        description: info?.description ?? info?.title ?? "",
        inputSchema: info?.inputSchema ?? {},
        readOnly: info?.annotations?.readOnlyHint === true,
        available: () => conn.alive,
        call: (args, opts) => conn.callTool(tool, args, opts),
      };
    });
  }

  private configOf(server: string): McpServerConfig | undefined {
    return this.servers.find(([n]) => n === server)?.[1];
  }

  /** The resource operations of connected servers that support resources. */
  resourceBackend(): McpResourceBackend {
    const get = (server: string): McpConnection => {
      const conn = this.connections.get(server);
      if (!conn) throw new McpCallError(`unknown MCP server \`${server}\``, "failed");
      return conn;
    };
    return {
      servers: () =>
        this.connectionNames().filter((n) => this.connections.get(n)?.supportsResources),
      listResources: (server, cursor) => get(server).listResources(cursor),
      listResourceTemplates: (server, cursor) => get(server).listResourceTemplates(cursor),
      readResource: async (server, uri) => ({ ...(await get(server).readResource(uri)) }),
    };
  }

  /** Close every connection (stdio servers are stopped). */
  async shutdown(): Promise<void> {
    this.stopped = true;
    const all = [...this.connections.values()];
    this.connections.clear();
    this.bindings = [];
    await Promise.all(all.map((c) => c.close()));
  }
}
