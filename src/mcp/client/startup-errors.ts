// The messages shown when an MCP server fails to start (seed-spec §9.2: exact strings, in this
// priority order).
import type { McpServerConfig } from "../../config/types.js";
import { DEFAULT_MCP_STARTUP_TIMEOUT_SEC } from "../../config/index.js";

const GITHUB_MCP_URL = "https://api.githubcopilot.com/mcp/";

/** What a failed start is reported as; `error` is the underlying failure's text. */
export function mcpInitErrorDisplay(
  serverName: string,
  entry: McpServerConfig | undefined,
  error: string,
): string {
  if (
    entry?.url === GITHUB_MCP_URL &&
    entry.bearerTokenEnvVar === undefined &&
    Object.keys(entry.httpHeaders).length === 0
  ) {
    return `GitHub MCP does not support OAuth. Log in by adding a personal access token (https://github.com/settings/personal-access-tokens) to your environment and config.toml:\n[mcp_servers.${serverName}]\nbearer_token_env_var = CODEX_GITHUB_PERSONAL_ACCESS_TOKEN`;
  }
  if (error.includes("Auth required")) {
    return `The ${serverName} MCP server is not logged in. Run \`codex mcp login ${serverName}\`.`;
  }
  if (
    error.includes("request timed out") ||
    error.includes("timed out handshaking with MCP server")
  ) {
    const secs = entry?.startupTimeoutSec ?? DEFAULT_MCP_STARTUP_TIMEOUT_SEC;
    return `MCP client for \`${serverName}\` timed out after ${formatSeconds(secs)} seconds. Add or adjust \`startup_timeout_sec\` in your config.toml:\n[mcp_servers.${serverName}]\nstartup_timeout_sec = XX`;
  }
  return `MCP client for \`${serverName}\` failed to start: ${error}`;
}

/** `10` for whole seconds, `2.5` otherwise. */
export function formatSeconds(secs: number): string {
  return Number.isInteger(secs) ? String(secs) : String(Math.round(secs * 1000) / 1000);
}
