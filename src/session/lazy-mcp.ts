// Sessions without MCP servers must not pay for the MCP client at start-up: this stand-in knows
// from the config alone whether it is needed and loads the real provider when the session starts it.
import type { Config, McpServerConfig } from "../config/types.js";
import type { ExternalToolProvider } from "../core/index.js";
import type { ElicitationHost } from "../core/elicitations.js";

const hasEnabled = (servers: Record<string, McpServerConfig>) =>
  Object.values(servers).some((s) => s.enabled);

export function lazyMcpToolProvider(
  config: Config,
  log: (message: string) => void,
  /** `ask` when the front-end answers MCP elicitations (TUI, app-server); else declined. */
  elicitationPolicy: "ask" | "decline" = "decline",
  /**
   * A provider even without servers, so `[mcp_servers]` can be reloaded into the running
   * session (app-server `config/mcpServer/reload`).
   */
  reloadable = false,
): ExternalToolProvider | undefined {
  if (!reloadable && !hasEnabled(config.mcpServers)) return undefined;
  let servers = config.mcpServers;
  let real: ExternalToolProvider | undefined;
  let host: ElicitationHost | undefined;
  let started = false;
  const load = async (): Promise<ExternalToolProvider | undefined> => {
    if (!hasEnabled(servers)) return undefined;
    real ??= (await import("../mcp/index.js")).createMcpToolProvider(
      { ...config, mcpServers: servers },
      { log, elicitationPolicy },
    );
    return real;
  };
  return {
    blocksStartup: Object.values(config.mcpServers).some((s) => s.enabled && s.required),
    async start(onError, elicitationHost) {
      host = elicitationHost;
      started = true;
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
      started = false;
      await real?.shutdown();
    },
    async reconfigure(next, onError, onStarting) {
      servers = next;
      if (real?.reconfigure) return real.reconfigure(next, onError, onStarting);
      // No server ran so far: the new ones start as a session's would.
      const provider = started ? await load() : undefined;
      if (!provider) {
        onStarting?.([]);
        return { started: [], failures: [] };
      }
      const names = Object.keys(next)
        .filter((n) => next[n]?.enabled)
        .sort();
      onStarting?.(names);
      await provider.start(onError, host).catch((e: Error) => onError(e.message));
      const failures = [...(provider.direct?.()?.failures() ?? [])];
      return { started: names, failures };
    },
  };
}
