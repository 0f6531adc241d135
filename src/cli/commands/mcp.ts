// Registers `codex mcp` (add, list, get, remove, login, logout). Keep this file light: the
// implementation is imported inside each action.
import { Command } from "commander";

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

const CONFIG_HELP = "Override a configuration value (`key.path=value`, value parsed as TOML)";

export function register(program: Command): void {
  const mcp = new Command("mcp").description("Manage external MCP servers for Codex");

  mcp
    .command("list")
    .description("List configured MCP servers (never starts them)")
    .option("--json", "Output the configured servers as JSON")
    .option("-c, --config <key=value>", CONFIG_HELP, collect)
    .action(async (flags: { json?: boolean; config?: string[] }) => {
      const { runMcpList } = await import("../mcp-command.js");
      process.exitCode = await runMcpList(flags);
    });

  mcp
    .command("get")
    .description("Show details for a configured MCP server")
    .argument("<NAME>", "Name of the MCP server to display")
    .option("--json", "Output the server configuration as JSON")
    .option("-c, --config <key=value>", CONFIG_HELP, collect)
    .action(async (name: string, flags: { json?: boolean; config?: string[] }) => {
      const { runMcpGet } = await import("../mcp-command.js");
      process.exitCode = await runMcpGet(name, flags);
    });

  mcp
    .command("add")
    .description("Add a global MCP server entry (replaces an entry of the same name)")
    .usage("[OPTIONS] <NAME> (--url <URL> | -- <COMMAND>...)")
    .argument("<NAME>", "Name for the MCP server configuration")
    .argument("[COMMAND...]", "Command to launch the MCP server (stdio), after --")
    .option(
      "--env <KEY=VALUE>",
      "Environment variables to set when launching the server (stdio only)",
      collect,
    )
    .option("--url <URL>", "URL for a streamable HTTP MCP server")
    .option(
      "--bearer-token-env-var <ENV_VAR>",
      "Environment variable holding a bearer token for the HTTP server",
    )
    .action(
      async (
        name: string,
        command: string[],
        flags: { env?: string[]; url?: string; bearerTokenEnvVar?: string },
      ) => {
        const { runMcpAdd } = await import("../mcp-command.js");
        process.exitCode = await runMcpAdd(name, command, flags);
      },
    );

  mcp
    .command("remove")
    .description("Remove a global MCP server entry")
    .argument("<NAME>", "Name of the MCP server configuration to remove")
    .action(async (name: string) => {
      const { runMcpRemove } = await import("../mcp-command.js");
      process.exitCode = runMcpRemove(name);
    });

  mcp
    .command("login")
    .description("Log in to a streamable HTTP MCP server with OAuth")
    .argument("<NAME>", "Name of the MCP server to authenticate with oauth")
    .option("-c, --config <key=value>", CONFIG_HELP, collect)
    .option(
      "--no-browser",
      "Print the authorization URL and accept the callback URL without opening a browser",
    )
    .option("--scopes <SCOPE,SCOPE>", "Comma-separated list of OAuth scopes to request")
    .action(
      async (name: string, flags: { config?: string[]; browser?: boolean; scopes?: string }) => {
        const { runMcpLogin } = await import("../mcp-command.js");
        process.exitCode = await runMcpLogin(name, {
          config: flags.config,
          noBrowser: flags.browser === false,
          scopes: flags.scopes,
        });
      },
    );

  mcp
    .command("logout")
    .description("Remove the stored OAuth credentials of an MCP server")
    .argument("<NAME>", "Name of the MCP server to deauthenticate")
    .option("-c, --config <key=value>", CONFIG_HELP, collect)
    .action(async (name: string, flags: { config?: string[] }) => {
      const { runMcpLogout } = await import("../mcp-command.js");
      process.exitCode = await runMcpLogout(name, flags);
    });

  program.addCommand(mcp);
}
