// Transports to MCP servers on the official SDK: a spawned stdio process (with its allowlisted
// environment and a tail of its stderr kept for error messages) or a streamable HTTP endpoint
// (with its configured headers and bearer token).
import type { Transport } from "@modelcontextprotocol/sdk/shared/transport.js";
import type { OAuthClientProvider } from "@modelcontextprotocol/sdk/client/auth.js";
import type { McpServerConfig } from "../../config/types.js";
import type { ConnectDeps } from "./connection.js";
import { stdioServerEnv } from "./env.js";
import { traceparentFetch } from "../../telemetry/hooks.js";

const STDERR_TAIL_CHARS = 2000;

/** Keeps the last lines a stdio server wrote to stderr, for error messages. */
export class StderrTail {
  private text = "";

  constructor(
    stream: { on(event: "data", cb: (chunk: Buffer | string) => void): unknown } | null,
    private readonly onLine: (line: string) => void,
  ) {
    stream?.on("data", (chunk: Buffer | string) => {
      const s = chunk.toString();
      this.text = (this.text + s).slice(-STDERR_TAIL_CHARS);
      for (const line of s.split("\n")) if (line.trim() !== "") this.onLine(line.trimEnd());
    });
  }

  /** The last non-empty line, or "". */
  lastLine(): string {
    const lines = this.text.split("\n").filter((l) => l.trim() !== "");
    return (lines.at(-1) ?? "").trim();
  }
}

export interface OpenedTransport {
  transport: Transport;
  stderr: StderrTail | null;
  pid: () => number | null;
}

export async function createTransport(
  name: string,
  config: McpServerConfig,
  deps: ConnectDeps,
): Promise<OpenedTransport> {
  if (config.command !== undefined) {
    const { StdioClientTransport } = await import("@modelcontextprotocol/sdk/client/stdio.js");
    const transport = new StdioClientTransport({
      command: config.command,
      args: config.args,
      env: stdioServerEnv(config, deps.env),
      cwd: config.cwd ?? deps.cwd,
      stderr: "pipe",
    });
    const stderr = new StderrTail(transport.stderr, (line) =>
      deps.log(`MCP server \`${name}\` stderr: ${line}`),
    );
    return { transport, stderr, pid: () => transport.pid };
  }
  const { StreamableHTTPClientTransport } =
    await import("@modelcontextprotocol/sdk/client/streamableHttp.js");
  const headers = httpHeaders(name, config, deps.env);
  const transport = new StreamableHTTPClientTransport(new URL(config.url ?? ""), {
    requestInit: { headers },
    authProvider: await storedLogin(name, config, headers, deps),
    // A tool call's span continues in the server (W3C trace context), when tracing is on.
    fetch: traceparentFetch,
  });
  return { transport, stderr: null, pid: () => null };
}

/** `http_headers`, `env_http_headers` (from codex's environment) and the bearer token. */
export function httpHeaders(
  name: string,
  config: McpServerConfig,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const headers: Record<string, string> = { ...config.httpHeaders };
  for (const [header, variable] of Object.entries(config.envHttpHeaders)) {
    const value = env[variable];
    if (value !== undefined && value !== "") headers[header] = value;
  }
  if (config.bearerTokenEnvVar !== undefined) {
    const token = env[config.bearerTokenEnvVar];
    if (token === undefined || token === "")
      throw new Error(
        `MCP startup failed: the environment variable \`${config.bearerTokenEnvVar}\` (bearer_token_env_var of MCP server \`${name}\`) is not set`,
      );
    headers.Authorization = `Bearer ${token}`;
  }
  return headers;
}

/**
 * The OAuth provider for a server with a stored `codex mcp login` (none when a bearer token or an
 * Authorization header is configured, or nobody logged in: a 401 then reads "not logged in").
 */
async function storedLogin(
  name: string,
  config: McpServerConfig,
  headers: Record<string, string>,
  deps: ConnectDeps,
): Promise<OAuthClientProvider | undefined> {
  if (deps.oauthStore === undefined || config.url === undefined) return undefined;
  if (Object.keys(headers).some((h) => h.toLowerCase() === "authorization")) return undefined;
  const { CodexOAuthProvider } = await import("./oauth-provider.js");
  const provider = new CodexOAuthProvider({
    serverName: name,
    serverUrl: config.url,
    store: deps.oauthStore,
  });
  return provider.hasStoredLogin ? provider : undefined;
}
