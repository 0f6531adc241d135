// How `/mcp` in the TUI shows each server's authentication.
import { describe, expect, it } from "vitest";
import { formatMcpTools } from "../../src/tui/features/slash/commands/mcp.js";

describe("/mcp auth status", () => {
  it("names OAuth and bearer logins, and says how to log in when a server needs it", () => {
    const lines = formatMcpTools({
      tools: { linear__search: { name: "search", description: "Search issues" } },
      resources: {},
      resource_templates: {},
      auth_statuses: {
        linear: "o_auth",
        notion: "not_logged_in",
        gh: "bearer_token",
        local: "unsupported",
      },
    });
    expect(lines).toEqual([
      "MCP servers:",
      "• gh — 0 tools · auth: Bearer token",
      "    (no tools: the server did not start or offers none)",
      "• linear — 1 tool · auth: OAuth",
      "    search — Search issues",
      "• local — 0 tools",
      "    (no tools: the server did not start or offers none)",
      "• notion — 0 tools · auth: Not logged in",
      "    run `codex mcp login notion` to log in",
    ]);
  });
});
