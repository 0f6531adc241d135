// The app-server's method table and thread registry: loaded by ./server.ts right after it has
// answered `initialize`, so that answer does not wait for zod, the schemas and the session code.
import { accountConfigMethods } from "./methods-account-config.js";
import { commandMethods } from "./methods-command.js";
import { fileMethods } from "./methods-files.js";
import { fsMethods } from "./methods-fs.js";
import { legacyMethods } from "./methods-legacy.js";
import { mcpMethods } from "./methods-mcp.js";
import { miscMethods } from "./methods-misc.js";
import { threadExtraMethods } from "./methods-thread-extra.js";
import { threadMethods, type Handler } from "./methods-threads.js";
import type { AppServerOptions } from "./server.js";
import { ThreadRegistry } from "./thread-registry.js";

export interface ServerMethods {
  threads: ThreadRegistry;
  methods: Record<string, Handler>;
}

export function createServerMethods(opts: AppServerOptions): ServerMethods {
  const threads = new ThreadRegistry(opts);
  const methods = {
    ...threadMethods(threads, opts),
    ...threadExtraMethods(threads),
    ...miscMethods(threads),
    ...fsMethods(),
    ...fileMethods(),
    ...accountConfigMethods(threads),
    ...legacyMethods(threads, opts),
    ...commandMethods(threads, opts),
    ...mcpMethods(threads),
  };
  return { threads, methods };
}
