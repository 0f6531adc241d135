// Registers `codex mcp-server`. Keep this file light: the server and the MCP SDK load only when
// the command runs.
import { Command } from "commander";
import { addConfigOverrideOptions, effectiveFlags } from "../shared-options.js";

interface McpServerFlags {
  config?: string[];
  enable?: string[];
  disable?: string[];
  model?: string;
  profile?: string;
  sandbox?: string;
  askForApproval?: string;
}

/** `-m/-p/-s/-a` given before `mcp-server`, as `-c` overrides (which come after them win). */
function rootFlagOverrides(flags: McpServerFlags): string[] {
  const out: string[] = [];
  if (flags.model !== undefined) out.push(`model=${JSON.stringify(flags.model)}`);
  if (flags.profile !== undefined) out.push(`profile=${JSON.stringify(flags.profile)}`);
  if (flags.sandbox !== undefined) out.push(`sandbox_mode=${JSON.stringify(flags.sandbox)}`);
  if (flags.askForApproval !== undefined)
    out.push(`approval_policy=${JSON.stringify(flags.askForApproval)}`);
  return out;
}

export function register(program: Command): void {
  const cmd = addConfigOverrideOptions(
    new Command("mcp-server").description(
      "Run codex-ts as an MCP server on stdio (tools: codex, codex-reply)",
    ),
  ).action(async (_flags: unknown, self: Command) => {
    const { runMcpServer } = await import("../../mcp/server/server.js");
    // Root options (`codex -m x -s read-only mcp-server`) become overrides for every session.
    const flags = effectiveFlags<McpServerFlags>(self);
    const overrides = [
      ...rootFlagOverrides(flags),
      ...(flags.config ?? []),
      ...(flags.enable ?? []).map((f) => `features.${f}=true`),
      ...(flags.disable ?? []).map((f) => `features.${f}=false`),
    ];
    const code = await runMcpServer({ configOverrides: overrides });
    // Sessions are shut down and flushed; leftover handles (model sockets) must not keep us alive.
    process.exit(code);
  });
  program.addCommand(cmd);
}
