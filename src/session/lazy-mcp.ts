// Sessions without MCP servers must not pay for the MCP client at start-up: this stand-in knows
// from the config alone whether it is needed and loads the real provider when the session starts it.
import type { Config } from "../config/types.js";
import type { ExternalToolProvider } from "../core/index.js";

export function lazyMcpToolProvider(
  config: Config,
  log: (message: string) => void,
): ExternalToolProvider | undefined {
  const servers = Object.values(config.mcpServers).filter((s) => s.enabled);
  if (servers.length === 0) return undefined;
  let real: ExternalToolProvider | undefined;
  const load = async (): Promise<ExternalToolProvider | undefined> => {
    real ??= (await import("../mcp/index.js")).createMcpToolProvider(config, { log });
    return real;
  };
  return {
    blocksStartup: servers.some((s) => s.required),
    async start(onError) {
      await (await load())?.start(onError);
    },
    handlers: () => real?.handlers() ?? [],
    async listTools() {
      const provider = await load();
      return provider
        ? provider.listTools()
        : { tools: {}, resources: {}, resource_templates: {}, auth_statuses: {} };
    },
    async shutdown() {
      await real?.shutdown();
    },
  };
}
