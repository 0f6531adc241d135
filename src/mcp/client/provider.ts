// The MCP servers of one session, as the core's ExternalToolProvider: started with the session,
// their tools (and the resource tools) offered from the first turn, stopped at shutdown.
import type { McpServerConfig } from "../../config/types.js";
import type { ExternalToolProvider, McpDirectAccess } from "../../core/session-types.js";
import type { EventOf } from "../../protocol/index.js";
import { McpToolHandler } from "../../tools/handlers/mcp.js";
import { MCP_RESOURCE_TOOL_NAMES, McpResourceHandler } from "../../tools/handlers/mcp-resources.js";
import type { ToolHandler } from "../../tools/types.js";
import type { ElicitationHost } from "../../core/elicitations.js";
import { authStatusOf } from "./auth-status.js";
import type { ElicitationPolicy } from "./elicitation.js";
import { McpConnectionManager, type ManagerOptions, type McpReloadResult } from "./manager.js";

type ListToolsReply = Omit<EventOf<"mcp_list_tools_response">, "type">;

export { authStatusOf } from "./auth-status.js";

export interface ProviderOptions extends ManagerOptions {
  /** Who answers `elicitation/create`: the session's user (`ask`) or nobody (`decline`). */
  elicitationPolicy?: ElicitationPolicy;
}

export class McpToolProvider implements ExternalToolProvider {
  private readonly manager: McpConnectionManager;
  private host: ElicitationHost | undefined;

  constructor(
    private servers: Record<string, McpServerConfig>,
    private readonly opts: ProviderOptions,
  ) {
    this.manager = new McpConnectionManager(servers, {
      ...opts,
      reservedToolNames: [...(opts.reservedToolNames ?? []), ...MCP_RESOURCE_TOOL_NAMES],
      elicitation: () => ({
        policy: opts.elicitationPolicy ?? "decline",
        host: this.host,
        log: opts.log,
        answersFor: (server) => this.servers[server]?.elicitationAnswers,
      }),
    });
  }

  get blocksStartup(): boolean {
    return this.manager.hasRequired;
  }

  start(onError: (message: string) => void, host?: ElicitationHost): Promise<void> {
    this.host = host;
    return this.manager.start(onError);
  }

  handlers(): ToolHandler[] {
    const handlers: ToolHandler[] = this.manager
      .toolBindings()
      .map((binding) => new McpToolHandler(binding));
    const resources = this.manager.resourceBackend();
    if (resources.servers().length > 0)
      for (const name of MCP_RESOURCE_TOOL_NAMES)
        handlers.push(new McpResourceHandler(name, resources));
    return handlers;
  }

  async listTools(): Promise<ListToolsReply> {
    const tools: Record<string, unknown> = {};
    for (const b of this.manager.toolBindings()) {
      const conn = this.manager.connection(b.server);
      const info = conn?.tools.find((t) => t.name === b.tool);
      if (info) tools[b.qualifiedName] = info;
    }
    const resources: Record<string, unknown[]> = {};
    const resourceTemplates: Record<string, unknown[]> = {};
    const backend = this.manager.resourceBackend();
    await Promise.all(
      backend.servers().map(async (server) => {
        resources[server] = await backend
          .listResources(server)
          .then((r) => r.resources)
          .catch(() => []);
        resourceTemplates[server] = await backend
          .listResourceTemplates(server)
          .then((r) => r.resourceTemplates)
          .catch(() => []);
      }),
    );
    const authStatuses: Record<string, string> = {};
    const failed = new Set(
      this.manager
        .startupFailures()
        .filter((f) => f.message.includes("is not logged in"))
        .map((f) => f.server),
    );
    for (const [name, config] of Object.entries(this.servers))
      if (config.enabled)
        authStatuses[name] = failed.has(name)
          ? "not_logged_in"
          : authStatusOf(name, config, this.opts.oauthStore);
    return { tools, resources, resource_templates: resourceTemplates, auth_statuses: authStatuses };
  }

  shutdown(): Promise<void> {
    return this.manager.shutdown();
  }

  /** A new `[mcp_servers]` table (config/mcpServer/reload): see McpConnectionManager.reconfigure. */
  reconfigure(
    servers: Record<string, McpServerConfig>,
    onError: (message: string) => void,
    onStarting?: (names: string[]) => void,
  ): Promise<McpReloadResult> {
    this.servers = servers;
    return this.manager.reconfigure(servers, onError, onStarting);
  }

  /** For front-ends that call servers outside a turn (app-server `mcpServer/*`). */
  direct(): McpDirectAccess {
    const get = (server: string) => {
      const conn = this.manager.connection(server);
      if (!conn) throw new Error(`MCP server \`${server}\` is not connected`);
      return conn;
    };
    return {
      callTool: (server, tool, args) => get(server).callTool(tool, args),
      readResource: (server, uri) => get(server).readResource(uri),
      connected: () => this.manager.connectionNames(),
      failures: () => this.manager.startupFailures(),
    };
  }
}
