// Public API of the MCP client: the session's external tool provider for `[mcp_servers.*]`.
// Light to import: the SDK itself loads only when a server is started.
import type { Config } from "../config/types.js";
import type { ExternalToolProvider } from "../core/session-types.js";
import { CLI_VERSION } from "../version.js";
import { McpToolProvider } from "./client/provider.js";
import type { ElicitationPolicy } from "./client/elicitation.js";
import { CredentialsStore } from "./client/oauth-store.js";

export { McpToolProvider, authStatusOf } from "./client/provider.js";
export {
  McpConnectionManager,
  McpStartupError,
  type McpReloadResult,
  type StartupFailure,
} from "./client/manager.js";
export { mcpInitErrorDisplay } from "./client/startup-errors.js";
export { MCP_ENV_ALLOWLIST, stdioServerEnv } from "./client/env.js";
export { qualifyToolNames } from "./client/tool-names.js";

export interface McpProviderOptions {
  /** codex's environment (default process.env): allowlisted variables, tokens. */
  env?: NodeJS.ProcessEnv;
  /** Diagnostics (server stderr, failures); never stdout. */
  log?: (message: string) => void;
  /** `ask` when a user is attached who can answer servers' questions (TUI, app-server). */
  elicitationPolicy?: ElicitationPolicy;
}

/**
 * The provider for a session's MCP servers, or undefined when none is enabled. Create one per
 * session: shutting a session down stops its servers.
 */
export function createMcpToolProvider(
  config: Config,
  opts: McpProviderOptions = {},
): ExternalToolProvider | undefined {
  const enabled = Object.values(config.mcpServers).some((s) => s.enabled);
  if (!enabled) return undefined;
  return new McpToolProvider(config.mcpServers, {
    env: opts.env ?? process.env,
    cwd: config.cwd,
    clientVersion: CLI_VERSION,
    log: opts.log ?? (() => {}),
    oauthStore: new CredentialsStore(config.codexHome, config.mcpOauthCredentialsStore ?? "auto"),
    elicitationPolicy: opts.elicitationPolicy ?? "decline",
  });
}
