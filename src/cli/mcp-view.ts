// What `codex mcp list` and `codex mcp get` print, in Codex's shapes: aligned tables (stdio
// servers, then HTTP ones), `--json` records, and the per-server detail listing. Pure functions
// of the configured entries; nothing here starts a server.
import { AUTH_STATUS_LABEL, type McpAuthStatus } from "../mcp/client/auth-status.js";

export type McpTransportView =
  | {
      type: "stdio";
      command: string;
      args: string[];
      env: Record<string, string> | null;
      env_vars: string[];
      cwd: string | null;
    }
  | {
      type: "streamable_http";
      url: string;
      bearer_token_env_var: string | null;
      http_headers: Record<string, string> | null;
      env_http_headers: Record<string, string> | null;
      http_headers_helper: null;
    };

export interface McpServerView {
  name: string;
  enabled: boolean;
  transport: McpTransportView;
  startup_timeout_sec: number | null;
  tool_timeout_sec: number | null;
  enabled_tools: string[] | null;
  disabled_tools: string[] | null;
  auth_status: McpAuthStatus;
}

const MASK = "*****";
const AUTH_LABEL = AUTH_STATUS_LABEL;

function sortedEntries(map: Record<string, string> | null): [string, string][] {
  return Object.entries(map ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `KEY=*****, …` for env tables and the names in env_vars; `-` when empty. */
function maskedEnv(t: Extract<McpTransportView, { type: "stdio" }>): string {
  const parts = [
    ...sortedEntries(t.env).map(([k]) => `${k}=${MASK}`),
    ...t.env_vars.map((k) => `${k}=${MASK}`),
  ];
  return parts.length > 0 ? parts.join(", ") : "-";
}

function joinedMap(map: Record<string, string> | null, mask: boolean): string {
  const parts = sortedEntries(map).map(([k, v]) => `${k}=${mask ? MASK : v}`);
  return parts.length > 0 ? parts.join(", ") : "-";
}

/** Columns padded to their widest cell, two spaces apart (the last column padded too). */
function table(rows: string[][]): string {
  const widths: number[] = [];
  for (const row of rows)
    row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map((row) => row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

export const NO_SERVERS_MESSAGE =
  "No MCP servers configured yet. Try `codex mcp add my-tool -- my-command`.";

/** The text of `codex mcp list` (without a trailing newline). */
export function renderList(servers: McpServerView[]): string {
  if (servers.length === 0) return NO_SERVERS_MESSAGE;
  const status = (s: McpServerView) => (s.enabled ? "enabled" : "disabled");
  const stdio: string[][] = [];
  const http: string[][] = [];
  for (const s of servers) {
    const t = s.transport;
    if (t.type === "stdio")
      stdio.push([
        s.name,
        t.command,
        t.args.length > 0 ? t.args.join(" ") : "-",
        maskedEnv(t),
        t.cwd ?? "-",
        status(s),
        AUTH_LABEL[s.auth_status],
      ]);
    else
      http.push([
        s.name,
        t.url,
        t.bearer_token_env_var ?? "-",
        status(s),
        AUTH_LABEL[s.auth_status],
      ]);
  }
  const sections: string[] = [];
  if (stdio.length > 0)
    sections.push(table([["Name", "Command", "Args", "Env", "Cwd", "Status", "Auth"], ...stdio]));
  if (http.length > 0)
    sections.push(table([["Name", "Url", "Bearer Token Env Var", "Status", "Auth"], ...http]));
  return sections.join("\n\n");
}

/** serde_json prints the timeouts (f64 seconds) with a decimal point: `5.0`, `2.5`. */
function stringifyWithFloatTimeouts(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    /("(?:startup|tool)_timeout_sec": )(-?\d+)(,?)$/gm,
    "$1$2.0$3",
  );
}

/** `codex mcp list --json`. */
export function renderListJson(servers: McpServerView[]): string {
  return stringifyWithFloatTimeouts(
    servers.map((s) => ({
      name: s.name,
      enabled: s.enabled,
      disabled_reason: null,
      transport: s.transport,
      startup_timeout_sec: s.startup_timeout_sec,
      tool_timeout_sec: s.tool_timeout_sec,
      auth_status: s.auth_status,
    })),
  );
}

/** `codex mcp get NAME --json`. */
export function renderGetJson(s: McpServerView): string {
  return stringifyWithFloatTimeouts({
    name: s.name,
    enabled: s.enabled,
    disabled_reason: null,
    transport: s.transport,
    enabled_tools: s.enabled_tools,
    disabled_tools: s.disabled_tools,
    startup_timeout_sec: s.startup_timeout_sec,
    tool_timeout_sec: s.tool_timeout_sec,
  });
}

/** `codex mcp get NAME`. */
export function renderGet(s: McpServerView): string {
  if (!s.enabled) return `${s.name} (disabled)`;
  const lines = [s.name, "  enabled: true", `  transport: ${s.transport.type}`];
  const t = s.transport;
  if (t.type === "stdio") {
    lines.push(
      `  command: ${t.command}`,
      `  args: ${t.args.length > 0 ? t.args.join(" ") : "-"}`,
      `  cwd: ${t.cwd ?? "-"}`,
      `  env: ${maskedEnv(t)}`,
    );
  } else {
    lines.push(
      `  url: ${t.url}`,
      `  bearer_token_env_var: ${t.bearer_token_env_var ?? "-"}`,
      `  http_headers: ${joinedMap(t.http_headers, true)}`,
      `  env_http_headers: ${joinedMap(t.env_http_headers, false)}`,
      "  http_headers_helper: -",
    );
  }
  if (s.startup_timeout_sec !== null) lines.push(`  startup_timeout_sec: ${s.startup_timeout_sec}`);
  if (s.tool_timeout_sec !== null) lines.push(`  tool_timeout_sec: ${s.tool_timeout_sec}`);
  lines.push(`  remove: codex mcp remove ${s.name}`);
  return lines.join("\n");
}
