// The services a session runs with: concrete tools, rollout persistence and MCP servers.
import type { Config } from "../config/types.js";
import { BASE_INSTRUCTIONS, type SessionOptions } from "../core/index.js";
import { createRolloutPersistence } from "../rollout/session-persistence.js";
import { buildToolRegistry } from "../tools/index.js";
import { lazyMcpToolProvider } from "./lazy-mcp.js";
import { sessionEnvironment } from "./environment.js";
import { createSessionTelemetry, logLine, telemetryWarning } from "../telemetry/index.js";
import { CLI_VERSION } from "../version.js";

export interface ServiceOptions {
  ephemeral: boolean;
  source: "exec" | "cli" | "mcp" | "vscode";
  originator: string;
}

export function createSessionServices(
  config: Config,
  opts: ServiceOptions,
): Pick<
  SessionOptions,
  "buildTools" | "createPersistence" | "externalTools" | "telemetry" | "environment"
> {
  // The shell snapshot and bash parser start when the stream announces a shell call
  // (src/tools/shell-warm-up.ts), not here: a plain answer never pays for them.
  return {
    buildTools: buildToolRegistry,
    // Where commands run: this machine, or the exec-server in CODEX_EXEC_SERVER_URL.
    environment: sessionEnvironment(),
    // --- OpenTelemetry: undefined (nothing loaded) unless `[otel]` names an exporter ---
    telemetry: createSessionTelemetry(config, {
      originator: opts.originator,
      warn: telemetryWarning(opts.source),
    }),
    // --- MCP client: one provider per session (its servers stop with the session) ---
    // Elicitations reach a user in the TUI ("cli") and through app-server clients ("vscode");
    // `codex exec` and `codex mcp-server` have nobody to ask, so servers are declined at once.
    externalTools: lazyMcpToolProvider(
      config,
      (m) => logLine("codex_mcp", "debug", m),
      opts.source === "cli" || opts.source === "vscode" ? "ask" : "decline",
      // App-server threads take `config/mcpServer/reload`.
      opts.source === "vscode",
    ),
    // --- end MCP client ---
    createPersistence: opts.ephemeral
      ? undefined
      : (conversationId, initial) =>
          createRolloutPersistence(
            {
              config,
              originator: opts.originator,
              source: opts.source,
              cliVersion: CLI_VERSION,
              baseInstructions: config.baseInstructions ?? BASE_INSTRUCTIONS,
            },
            conversationId,
            initial,
          ),
  };
}
