// `codex mcp add|list|get|remove|login|logout`: manage `[mcp_servers.*]` in $CODEX_HOME/config.toml.
// Edits go through the comment-preserving TOML editor, so everything else in the file stays
// byte for byte. Listing reads the configuration only; it never starts a server.
import path from "node:path";
import { parse } from "smol-toml";
import { readFileSync } from "node:fs";
import {
  ConfigError,
  DEFAULT_MCP_STARTUP_TIMEOUT_SEC,
  DEFAULT_MCP_TOOL_TIMEOUT_SEC,
  loadConfig,
  resolveCodexHome,
  type McpServerConfig,
} from "../config/index.js";
import type { Config } from "../config/types.js";
import type { McpAuthStatus } from "../mcp/client/auth-status.js";
import { editTomlFile, TomlEditError, type TomlTable } from "../config/edit/index.js";
import { advertisesOAuth, authStatusOf, probeAuthStatus } from "../mcp/client/auth-status.js";
import { CredentialsStore } from "../mcp/client/oauth-store.js";
import {
  renderGet,
  renderGetJson,
  renderList,
  renderListJson,
  type McpServerView,
} from "./mcp-view.js";

export interface McpIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
}

const defaultIo = (): McpIo => ({ out: process.stdout, err: process.stderr, env: process.env });

export const ADD_USAGE = "Usage: codex mcp add [OPTIONS] <NAME> (--url <URL> | -- <COMMAND>...)";

const VALID_NAME = /^[A-Za-z0-9_\-:@/.]+$/;

function fail(io: McpIo, message: string): number {
  io.err.write(`Error: ${message}\n`);
  return 1;
}

/** A usage error, worded and numbered like the clap errors Codex prints. */
function usageError(io: McpIo, message: string, usage = ADD_USAGE): number {
  io.err.write(`error: ${message}\n\n${usage}\n\nFor more information, try '--help'.\n`);
  return 2;
}

function configPath(io: McpIo): string {
  return path.join(resolveCodexHome(io.env), "config.toml");
}

function checkName(io: McpIo, name: string): boolean {
  if (VALID_NAME.test(name)) return true;
  fail(io, `invalid server name '${name}' (use letters, numbers, '-', '_', ':', '@', '/', '.')`);
  return false;
}

function edit<T>(io: McpIo, run: Parameters<typeof editTomlFile<T>>[1]): T | undefined {
  try {
    return editTomlFile(configPath(io), run);
  } catch (e) {
    if (e instanceof TomlEditError) {
      fail(io, `cannot update ${configPath(io)}: ${e.message}`);
      return undefined;
    }
    throw e;
  }
}

export interface AddFlags {
  env?: string[];
  url?: string;
  bearerTokenEnvVar?: string;
}

export async function runMcpAdd(
  name: string,
  command: string[],
  flags: AddFlags,
  io: McpIo = defaultIo(),
): Promise<number> {
  const envEntries: [string, string][] = [];
  for (const entry of flags.env ?? []) {
    const eq = entry.indexOf("=");
    if (eq <= 0)
      return usageError(
        io,
        `invalid value '${entry}' for '--env <KEY=VALUE>': environment entries must be in KEY=VALUE form`,
      );
    envEntries.push([entry.slice(0, eq), entry.slice(eq + 1)]);
  }
  if (flags.url !== undefined && command.length > 0)
    return usageError(io, "the argument '--url <URL>' cannot be used with '[COMMAND]...'");
  if (flags.bearerTokenEnvVar !== undefined && flags.url === undefined)
    return usageError(io, "the following required argument was not provided: url");
  if (flags.url === undefined && command.length === 0)
    return usageError(
      io,
      "the following required arguments were not provided:\n  <COMMAND|--url <URL>>",
    );
  if (!checkName(io, name)) return 1;
  // Codex's wording: `--env` is for stdio servers, so an HTTP entry "needs a command".
  if (flags.url !== undefined && envEntries.length > 0) return fail(io, "command is required");

  let entry: TomlTable;
  if (flags.url !== undefined) {
    entry = { url: flags.url };
    if (flags.bearerTokenEnvVar !== undefined) entry.bearer_token_env_var = flags.bearerTokenEnvVar;
  } else {
    const [program, ...args] = command as [string, ...string[]];
    entry = { command: program };
    if (args.length > 0) entry.args = args;
    if (envEntries.length > 0) entry.env = Object.fromEntries(envEntries);
  }
  const done = edit(io, (doc) => {
    doc.setTable(["mcp_servers", name], entry);
    return true;
  });
  if (!done) return 1;
  io.out.write(`Added global MCP server '${name}'.\n`);
  if (flags.url !== undefined && flags.bearerTokenEnvVar === undefined) {
    // As Codex: look for OAuth at once, so the user learns whether a login is needed.
    const oauth = await advertisesOAuth(flags.url);
    if (oauth === undefined)
      io.out.write(
        `MCP server may or may not require login. Run \`codex mcp login ${name}\` to login.\n`,
      );
    else if (oauth)
      io.out.write(`MCP server supports login. Run \`codex mcp login ${name}\` to login.\n`);
  }
  return 0;
}

export function runMcpRemove(name: string, io: McpIo = defaultIo()): number {
  if (!checkName(io, name)) return 1;
  const removed = edit(io, (doc) => doc.removeTable(["mcp_servers", name]));
  if (removed === undefined) return 1;
  io.out.write(
    removed ? `Removed global MCP server '${name}'.\n` : `No MCP server named '${name}' found.\n`,
  );
  return 0;
}

/** The configuration, or undefined (after printing why) when it is invalid. */
async function loadConfigFor(io: McpIo, overrides: string[]): Promise<Config | undefined> {
  try {
    return (await loadConfig({ cli: { rawOverrides: overrides }, env: io.env })).config;
  } catch (e) {
    if (e instanceof ConfigError) {
      fail(io, e.message);
      return undefined;
    }
    throw e;
  }
}

function storeOf(config: Config): CredentialsStore {
  return new CredentialsStore(config.codexHome, config.mcpOauthCredentialsStore ?? "auto");
}

/**
 * The configured servers (only `only` when given), sorted by name, with their auth status
 * (HTTP servers without credentials are probed for OAuth, all at once, each bounded).
 */
async function loadServers(
  io: McpIo,
  overrides: string[],
  only?: string,
  probe = true,
): Promise<McpServerView[] | undefined> {
  const config = await loadConfigFor(io, overrides);
  if (!config) return undefined;
  const servers = config.mcpServers;
  const store = storeOf(config);
  const raw = readRawServers(configPath(io));
  const names = Object.keys(servers)
    .filter((n) => only === undefined || n === only)
    .sort();
  return Promise.all(
    names.map(async (name) => {
      const s = servers[name] as McpServerConfig;
      const status = probe ? await probeAuthStatus(name, s, store) : authStatusOf(name, s, store);
      return toView(name, s, raw[name] ?? {}, status);
    }),
  );
}

/** The `[mcp_servers]` tables as written, to tell set keys from defaults. */
function readRawServers(file: string): Record<string, Record<string, unknown>> {
  try {
    const doc = parse(readFileSync(file, "utf8")) as { mcp_servers?: unknown };
    const servers = doc.mcp_servers;
    return typeof servers === "object" && servers !== null
      ? (servers as Record<string, Record<string, unknown>>)
      : {};
  } catch {
    return {};
  }
}

function toView(
  name: string,
  s: McpServerConfig,
  raw: Record<string, unknown>,
  authStatus: McpAuthStatus,
): McpServerView {
  const startupSet = raw.startup_timeout_sec !== undefined || raw.startup_timeout_ms !== undefined;
  const nonEmpty = (m: Record<string, string>) => (Object.keys(m).length > 0 ? m : null);
  return {
    name,
    enabled: s.enabled,
    transport:
      s.url !== undefined
        ? {
            type: "streamable_http",
            url: s.url,
            bearer_token_env_var: s.bearerTokenEnvVar ?? null,
            http_headers: nonEmpty(s.httpHeaders),
            env_http_headers: nonEmpty(s.envHttpHeaders),
            http_headers_helper: null,
          }
        : {
            type: "stdio",
            command: s.command ?? "",
            args: s.args,
            env: nonEmpty(s.env),
            env_vars: s.envVars,
            cwd: s.cwd ?? null,
          },
    startup_timeout_sec:
      startupSet || s.startupTimeoutSec !== DEFAULT_MCP_STARTUP_TIMEOUT_SEC
        ? s.startupTimeoutSec
        : null,
    tool_timeout_sec:
      raw.tool_timeout_sec !== undefined || s.toolTimeoutSec !== DEFAULT_MCP_TOOL_TIMEOUT_SEC
        ? s.toolTimeoutSec
        : null,
    enabled_tools: s.enabledTools ?? null,
    disabled_tools: raw.disabled_tools !== undefined ? s.disabledTools : null,
    auth_status: authStatus,
  };
}

export async function runMcpList(
  flags: { json?: boolean; config?: string[] },
  io: McpIo = defaultIo(),
): Promise<number> {
  const servers = await loadServers(io, flags.config ?? []);
  if (!servers) return 1;
  io.out.write(`${flags.json ? renderListJson(servers) : renderList(servers)}\n`);
  return 0;
}

export async function runMcpGet(
  name: string,
  flags: { json?: boolean; config?: string[] },
  io: McpIo = defaultIo(),
): Promise<number> {
  // `get` shows no auth status (as Codex), so it never probes.
  const servers = await loadServers(io, flags.config ?? [], name, false);
  if (!servers) return 1;
  const server = servers.find((s) => s.name === name);
  if (!server) return fail(io, `No MCP server named '${name}' found.`);
  io.out.write(`${flags.json ? renderGetJson(server) : renderGet(server)}\n`);
  return 0;
}

/** The streamable-HTTP server `name`, or undefined after saying why it cannot log in. */
function oauthTarget(io: McpIo, config: Config, name: string): McpServerConfig | undefined {
  const server = config.mcpServers[name];
  if (!server) {
    fail(io, `No MCP server named '${name}' found.`);
    return undefined;
  }
  if (server.url === undefined) {
    fail(io, "OAuth login is only supported for streamable HTTP servers.");
    return undefined;
  }
  return server;
}

export interface LoginFlags {
  config?: string[];
  noBrowser?: boolean;
  scopes?: string;
}

/** `codex mcp login NAME`: the OAuth flow, tokens into the credentials store. */
export async function runMcpLogin(
  name: string,
  flags: LoginFlags = {},
  io: McpIo = defaultIo(),
  pasted?: AsyncIterable<string>,
): Promise<number> {
  const config = await loadConfigFor(io, flags.config ?? []);
  if (!config) return 1;
  const server = oauthTarget(io, config, name);
  if (!server?.url) return 1;
  const { LoginError, performOAuthLogin } = await import("../mcp/client/oauth-login.js");
  const { CredentialsStoreError } = await import("../mcp/client/oauth-store.js");
  if ((await advertisesOAuth(server.url)) === false)
    return fail(
      io,
      `MCP server '${name}' does not advertise OAuth (no authorization server metadata at ${server.url}). If it accepts a token, name the environment variable that holds it in config.toml:\n[mcp_servers.${name}]\nbearer_token_env_var = "MY_TOKEN_VAR"`,
    );
  const scopes = flags.scopes
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  try {
    await performOAuthLogin({
      name,
      url: server.url,
      store: storeOf(config),
      scopes: scopes && scopes.length > 0 ? scopes : server.scopes,
      callbackPort: config.mcpOauthCallbackPort,
      noBrowser: flags.noBrowser,
      env: io.env,
      out: io.out,
      pasted: pasted ?? (flags.noBrowser ? stdinLines() : undefined),
    });
  } catch (e) {
    if (e instanceof LoginError || e instanceof CredentialsStoreError) return fail(io, e.message);
    throw e;
  }
  io.out.write(`Successfully logged in to MCP server '${name}'.\n`);
  return 0;
}

async function* stdinLines(): AsyncIterable<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin });
  try {
    for await (const line of rl) yield line;
  } finally {
    rl.close();
  }
}

/** `codex mcp logout NAME`: forget the stored OAuth tokens. */
export async function runMcpLogout(
  name: string,
  flags: { config?: string[] } = {},
  io: McpIo = defaultIo(),
): Promise<number> {
  const config = await loadConfigFor(io, flags.config ?? []);
  if (!config) return 1;
  const server = oauthTarget(io, config, name);
  if (!server?.url) return 1;
  const { CredentialsStoreError } = await import("../mcp/client/oauth-store.js");
  try {
    const removed = storeOf(config).delete(name, server.url);
    io.out.write(
      removed
        ? `Removed OAuth credentials for '${name}'.\n`
        : `No OAuth credentials stored for '${name}'.\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof CredentialsStoreError) return fail(io, e.message);
    throw e;
  }
}
