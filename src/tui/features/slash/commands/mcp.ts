// `/mcp`: list the configured MCP servers and their tools.
import type { EventOf } from "../../../../protocol/index.js";
import type { FeatureCommand } from "../actions.js";
import { AUTH_STATUS_LABEL, type McpAuthStatus } from "../../../../mcp/client/auth-status.js";

export const mcpCommand: FeatureCommand = {
  name: "mcp",
  description: "list MCP servers and their tools",
  availableDuringTask: true,
  run() {
    // Listen first: the reply may arrive as soon as the op is submitted.
    return [{ type: "show_mcp_tools" }, { type: "op", op: { type: "list_mcp_tools" } }];
  },
};

interface ToolInfo {
  name?: unknown;
  description?: unknown;
}

/** The lines of the `/mcp` cell: one block per server with its tools. */
export function formatMcpTools(reply: Omit<EventOf<"mcp_list_tools_response">, "type">): string[] {
  const servers = Object.keys(reply.auth_statuses).sort();
  if (servers.length === 0 && Object.keys(reply.tools).length === 0) {
    return [
      "No MCP servers are configured.",
      "Add one with `codex mcp add <name> -- <command>` or an [mcp_servers.<name>] table in config.toml.",
    ];
  }
  // Longest server name first so "a_b" wins over "a" for the tool "a_b__x".
  const byLength = [...servers].sort((a, b) => b.length - a.length);
  const toolsOf = new Map<string, { name: string; description: string }[]>();
  for (const [qualified, raw] of Object.entries(reply.tools)) {
    const info = (raw ?? {}) as ToolInfo;
    const server = byLength.find((s) => qualified.startsWith(`${s}__`)) ?? "(unknown server)";
    const name =
      typeof info.name === "string" ? info.name : qualified.slice(server.length + 2) || qualified;
    const description =
      typeof info.description === "string" ? info.description.split("\n")[0]!.trim() : "";
    const list = toolsOf.get(server) ?? [];
    list.push({ name, description });
    toolsOf.set(server, list);
  }
  const lines: string[] = ["MCP servers:"];
  for (const server of [...new Set([...servers, ...toolsOf.keys()])]) {
    const tools = (toolsOf.get(server) ?? []).sort((a, b) => (a.name < b.name ? -1 : 1));
    const resources = reply.resources[server]?.length ?? 0;
    const templates = reply.resource_templates[server]?.length ?? 0;
    const extra =
      resources + templates > 0
        ? `, ${resources} resource${resources === 1 ? "" : "s"}, ${templates} template${templates === 1 ? "" : "s"}`
        : "";
    const auth = reply.auth_statuses[server];
    const authText =
      auth && auth !== "unsupported"
        ? ` · auth: ${AUTH_STATUS_LABEL[auth as McpAuthStatus] ?? auth}`
        : "";
    lines.push(
      `• ${server} — ${tools.length} tool${tools.length === 1 ? "" : "s"}${extra}${authText}`,
    );
    if (auth === "not_logged_in") lines.push(`    run \`codex mcp login ${server}\` to log in`);
    else if (tools.length === 0)
      lines.push("    (no tools: the server did not start or offers none)");
    for (const tool of tools) {
      lines.push(`    ${tool.name}${tool.description ? ` — ${tool.description}` : ""}`);
    }
  }
  return lines;
}
