import { describe, expect, it } from "vitest";
import type { McpServerConfig } from "../../config/types.js";
import { mcpInitErrorDisplay } from "./startup-errors.js";

const base: McpServerConfig = {
  args: [],
  env: {},
  envVars: [],
  httpHeaders: {},
  envHttpHeaders: {},
  enabled: true,
  required: false,
  startupTimeoutSec: 10,
  toolTimeoutSec: 60,
  disabledTools: [],
};

describe("mcpInitErrorDisplay (seed-spec §9.2)", () => {
  it("GitHub without a token gets the PAT hint, whatever the error", () => {
    const github = { ...base, url: "https://api.githubcopilot.com/mcp/" };
    expect(mcpInitErrorDisplay("github", github, "Auth required")).toBe(
      "GitHub MCP does not support OAuth. Log in by adding a personal access token (https://github.com/settings/personal-access-tokens) to your environment and config.toml:\n[mcp_servers.github]\nbearer_token_env_var = CODEX_GITHUB_PERSONAL_ACCESS_TOKEN",
    );
    const withToken = { ...github, bearerTokenEnvVar: "T" };
    expect(mcpInitErrorDisplay("github", withToken, "boom")).toBe(
      "MCP client for `github` failed to start: boom",
    );
    const withHeaders = { ...github, httpHeaders: { Authorization: "x" } };
    expect(mcpInitErrorDisplay("github", withHeaders, "boom")).toBe(
      "MCP client for `github` failed to start: boom",
    );
  });

  it("Auth required gets the login hint", () => {
    expect(
      mcpInitErrorDisplay("remote", { ...base, url: "http://x/mcp" }, "x Auth required y"),
    ).toBe("The remote MCP server is not logged in. Run `codex mcp login remote`.");
  });

  it("timeouts name the configured seconds, or the default without an entry", () => {
    const msg = (secs: string, name = "slow") =>
      `MCP client for \`${name}\` timed out after ${secs} seconds. Add or adjust \`startup_timeout_sec\` in your config.toml:\n[mcp_servers.${name}]\nstartup_timeout_sec = XX`;
    expect(
      mcpInitErrorDisplay("slow", { ...base, startupTimeoutSec: 3 }, "request timed out"),
    ).toBe(msg("3"));
    expect(
      mcpInitErrorDisplay(
        "slow",
        { ...base, startupTimeoutSec: 2.5 },
        "timed out handshaking with MCP server",
      ),
    ).toBe(msg("2.5"));
    expect(mcpInitErrorDisplay("slow", undefined, "request timed out")).toBe(msg("30"));
  });

  it("anything else is the generic message", () => {
    expect(mcpInitErrorDisplay("custom", base, "boom")).toBe(
      "MCP client for `custom` failed to start: boom",
    );
  });
});
