// The MCP servers of one session, as the core's ExternalToolProvider: started with the session,
// their tools (and the resource tools) offered from the first turn, stopped at shutdown.
import type { McpServerConfig } from "../../config/types.js";
import type { ExternalToolProvider } from "../../core/session-types.js";
import type { EventOf } from "../../protocol/index.js";
import { McpToolHandler } from "../../tools/handlers/mcp.js";
import { MCP_RESOURCE_TOOL_NAMES, McpResourceHandler } from "../../tools/handlers/mcp-resources.js";
import type { ToolHandler } from "../../tools/types.js";
import { McpConnectionManager, type ManagerOptions } from "./manager.js";

type ListToolsReply = Omit<EventOf<"mcp_list_tools_response">, "type">;

/** How `codex mcp list` and Op::ListMcpTools describe a server's authentication. */
export function authStatusOf(config: McpServerConfig): "unsupported" | "bearer_token" | "unknown" {
  if (config.url === undefined) return "unsupported";
  return config.bearerTokenEnvVar !== undefined ? "bearer_token" : "unknown";
}

export class McpToolProvider implements ExternalToolProvider {
  private readonly manager: McpConnectionManager;

  constructor(
    private readonly servers: Record<string, McpServerConfig>,
    opts: ManagerOptions,
  ) {
    this.manager = new McpConnectionManager(servers, {
      ...opts,
      reservedToolNames: [...(opts.reservedToolNames ?? []), ...MCP_RESOURCE_TOOL_NAMES],
    });
  }

  get blocksStartup(): boolean {
    return this.manager.hasRequired;
  }

  start(onError: (message: string) => void): Promise<void> {
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
    for (const [name, config] of Object.entries(this.servers))
      if (config.enabled) authStatuses[name] = authStatusOf(config);
    return { tools, resources, resource_templates: resourceTemplates, auth_statuses: authStatuses };
  }

  shutdown(): Promise<void> {
    return this.manager.shutdown();
  }
}
