// Sessions without MCP servers must not pay for the MCP client at start-up: this stand-in knows
// from the config alone whether it is needed and loads the real provider when the session starts it.
import type { Config } from "../config/types.js";
import type { ExternalToolProvider } from "../core/index.js";

export function lazyMcpToolProvider(
  config: Config,
  log: (message: string) => void,
  /** `ask` when the front-end answers MCP elicitations (TUI, app-server); else declined. */
  elicitationPolicy: "ask" | "decline" = "decline",
): ExternalToolProvider | undefined {
  const servers = Object.values(config.mcpServers).filter((s) => s.enabled);
  if (servers.length === 0) return undefined;
  let real: ExternalToolProvider | undefined;
  const load = async (): Promise<ExternalToolProvider | undefined> => {
    real ??= (await import("../mcp/index.js")).createMcpToolProvider(config, {
      log,
      elicitationPolicy,
    });
    return real;
  };
  return {
    blocksStartup: servers.some((s) => s.required),
    async start(onError, host) {
      await (await load())?.start(onError, host);
    },
    handlers: () => real?.handlers() ?? [],
    direct: () => real?.direct?.(),
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
