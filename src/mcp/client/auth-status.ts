// How a server authenticates, as `codex mcp list`, `/mcp` and Op::ListMcpTools show it (Codex's
// McpAuthStatus, snake_case on the wire): stdio servers are `unsupported`; a bearer token
// variable wins; then a stored `codex mcp login`; an HTTP server without either is probed for
// OAuth discovery metadata (`not_logged_in` when it advertises OAuth), `unknown` if unreachable.
import type { McpServerConfig } from "../../config/types.js";
import type { CredentialsStore } from "./oauth-store.js";

export type McpAuthStatus = "unsupported" | "not_logged_in" | "bearer_token" | "o_auth" | "unknown";

export const AUTH_STATUS_LABEL: Record<McpAuthStatus, string> = {
  unsupported: "Unsupported",
  not_logged_in: "Not logged in",
  bearer_token: "Bearer token",
  o_auth: "OAuth",
  unknown: "Unknown",
};

/** Without network: what the configuration and the credentials store say. */
export function authStatusOf(
  name: string,
  config: McpServerConfig,
  store?: CredentialsStore,
): McpAuthStatus {
  if (config.url === undefined) return "unsupported";
  if (config.bearerTokenEnvVar !== undefined) return "bearer_token";
  if (store !== undefined) {
    try {
      if (store.has(name, config.url)) return "o_auth";
    } catch {
      // An unusable store (bad permissions, keyring) is reported where tokens are used.
    }
  }
  return "unknown";
}

const PROBE_TIMEOUT_MS = 3000;

/** Whether the server's URL advertises an OAuth authorization server; undefined if unreachable. */
export async function advertisesOAuth(
  url: string,
  timeoutMs = PROBE_TIMEOUT_MS,
): Promise<boolean | undefined> {
  const { discoverOAuthServerInfo } = await import("@modelcontextprotocol/sdk/client/auth.js");
  const signal = AbortSignal.timeout(timeoutMs);
  // Discovery swallows network errors (they read as "no metadata"): count answers ourselves.
  let answered = 0;
  const fetchFn = async (input: string | URL, init?: RequestInit) => {
    const res = await fetch(input, { ...init, signal });
    answered += 1;
    return res;
  };
  try {
    const info = await discoverOAuthServerInfo(url, { fetchFn });
    const meta = info.authorizationServerMetadata;
    if (meta?.authorization_endpoint && meta.token_endpoint) return true;
  } catch {
    // An answer that is not metadata: no OAuth here.
  }
  return answered > 0 ? false : undefined;
}

/** `authStatusOf`, plus the discovery probe for HTTP servers with no credentials. */
export async function probeAuthStatus(
  name: string,
  config: McpServerConfig,
  store?: CredentialsStore,
): Promise<McpAuthStatus> {
  const status = authStatusOf(name, config, store);
  if (status !== "unknown" || config.url === undefined || !config.enabled) return status;
  const oauth = await advertisesOAuth(config.url);
  return oauth === undefined ? "unknown" : oauth ? "not_logged_in" : "unsupported";
}
