// Wires the concrete tools and persistence into a session for a front-end.
import type { Config } from "../config/types.js";
import { BASE_INSTRUCTIONS, type SessionOptions } from "../core/index.js";
import { createRolloutPersistence } from "../rollout/session-persistence.js";
import { buildToolRegistry } from "../tools/index.js";
import { shellSnapshot } from "../tools/shell-snapshot.js";
import { lazyMcpToolProvider } from "./lazy-mcp.js";
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
  // The login-shell snapshot mostly waits on the shell, so it starts right away; the parser's
  // wasm compile is main-thread work and waits until the first model request is under way.
  // A tool call that arrives earlier starts either one itself.
  void shellSnapshot(config);
  setTimeout(() => {
    void import("../shell/bash-parser.js").then((m) => m.getBashParser()).catch(() => undefined);
  }, WARM_UP_DELAY_MS).unref();
}

const WARM_UP_DELAY_MS = 100;

export function createSessionServices(
  config: Config,
  opts: ServiceOptions,
): Pick<SessionOptions, "buildTools" | "createPersistence" | "externalTools"> {
  warmUpTools(config);
  return {
    buildTools: buildToolRegistry,
    // --- MCP client: one provider per session (its servers stop with the session) ---
    externalTools: lazyMcpToolProvider(config, (m) => {
      if (process.env.CODEX_TS_LOG) process.stderr.write(`${m}\n`);
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
