// Wires the concrete tools and persistence into a session for a front-end.
import type { Config } from "../config/types.js";
import { BASE_INSTRUCTIONS, type SessionOptions } from "../core/index.js";
import { createRolloutPersistence } from "../rollout/session-persistence.js";
import { buildToolRegistry } from "../tools/index.js";
import { shellSnapshot } from "../tools/shell-snapshot.js";
import { getBashParser } from "../shell/bash-parser.js";
import { createMcpToolProvider } from "../mcp/index.js";
import { CLI_VERSION } from "../version.js";

export interface ServiceOptions {
  ephemeral: boolean;
  source: "exec" | "cli" | "mcp";
  originator: string;
}

/**
 * Work every session with shell tools will need, started early so it overlaps the first model
 * request: the login-shell snapshot and the bash parser (used for approvals and display).
 */
function warmUpTools(config: Config): void {
  void shellSnapshot(config);
  setImmediate(() => void getBashParser().catch(() => undefined));
}

export function createSessionServices(
  config: Config,
  opts: ServiceOptions,
): Pick<SessionOptions, "buildTools" | "createPersistence" | "externalTools"> {
  warmUpTools(config);
  return {
    buildTools: buildToolRegistry,
    // --- MCP client: one provider per session (its servers stop with the session) ---
    externalTools: createMcpToolProvider(config, {
      log: (m) => {
        if (process.env.CODEX_TS_LOG) process.stderr.write(`${m}\n`);
      },
    }),
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
