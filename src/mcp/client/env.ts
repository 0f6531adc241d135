// The environment a stdio MCP server starts with: a short allowlist from codex's own environment
// (as Codex does), then the names in `env_vars`, then the `env` table. Nothing else leaks through,
// so API keys in codex's environment stay out of third-party servers unless configured.
import type { McpServerConfig } from "../../config/types.js";

/** Variables every stdio server inherits when codex has them. */
export const MCP_ENV_ALLOWLIST: readonly string[] = [
  "HOME",
  "LOGNAME",
  "USER",
  "PATH",
  "SHELL",
  "TERM",
  "TMPDIR",
  "LANG",
  "LC_ALL",
  "TZ",
  // Certificate bundles, so servers behind a corporate proxy can still make TLS connections.
  "CURL_CA_BUNDLE",
  "GIT_SSL_CAINFO",
  "NODE_EXTRA_CA_CERTS",
  "PIP_CERT",
  "REQUESTS_CA_BUNDLE",
  "SSL_CERT_FILE",
];

export function stdioServerEnv(
  server: Pick<McpServerConfig, "env" | "envVars">,
  parentEnv: NodeJS.ProcessEnv,
): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of [...MCP_ENV_ALLOWLIST, ...server.envVars]) {
    const value = parentEnv[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...server.env };
}
