// Registers `codex mcp-server`. Keep this file light: the server and the MCP SDK load only when
// the command runs.
import { Command } from "commander";
import { addConfigOverrideOptions } from "../shared-options.js";

interface McpServerFlags {
  config?: string[];
  enable?: string[];
  disable?: string[];
}

export function register(program: Command): void {
  const cmd = addConfigOverrideOptions(
    new Command("mcp-server").description(
      "Run codex-ts as an MCP server on stdio (tools: codex, codex-reply)",
    ),
  ).action(async (flags: McpServerFlags) => {
    const { runMcpServer } = await import("../../mcp/server/server.js");
    const overrides = [
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
