// Wires the concrete tools and persistence into a session for a front-end.
import type { Config } from "../config/types.js";
import type { SessionOptions } from "../core/index.js";
import { buildToolRegistry } from "../tools/index.js";

export interface ServiceOptions {
  ephemeral: boolean;
  source: "exec" | "cli" | "mcp";
}

export async function createSessionServices(
  _config: Config,
  _opts: ServiceOptions,
): Promise<Pick<SessionOptions, "buildTools" | "createPersistence">> {
  return { buildTools: buildToolRegistry };
}
