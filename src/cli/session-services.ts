// Wires the concrete tools and persistence into a session for a front-end.
import type { Config } from "../config/types.js";
import { BASE_INSTRUCTIONS, type SessionOptions } from "../core/index.js";
import { createRolloutPersistence } from "../rollout/session-persistence.js";
import { buildToolRegistry } from "../tools/index.js";
import { CLI_VERSION } from "../version.js";

export interface ServiceOptions {
  ephemeral: boolean;
  source: "exec" | "cli" | "mcp";
  originator: string;
}

export function createSessionServices(
  config: Config,
  opts: ServiceOptions,
): Pick<SessionOptions, "buildTools" | "createPersistence"> {
  return {
    buildTools: buildToolRegistry,
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
