// Session start-up shared by every front-end: config → API key → services → conversation. Each
// step turns its expected failures into a message for the user (never a stack trace).
import { MissingApiKeyError, resolveApiKey } from "../auth/index.js";
import { ConfigError, loadConfig, type LoadOptions, type LoadedConfig } from "../config/index.js";
import type { Config } from "../config/types.js";
import { ConversationManager, type InitialHistory, type NewConversation } from "../core/index.js";
import { effectiveOriginator, preloadModelSdk } from "../model/index.js";
import { createSessionServices, type ServiceOptions } from "./services.js";

/** A value, or a message for the user explaining why there is none. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; message: string };

export async function loadConfigOutcome(opts: LoadOptions): Promise<Outcome<LoadedConfig>> {
  try {
    return { ok: true, value: await loadConfig(opts) };
  } catch (e) {
    if (e instanceof ConfigError) return { ok: false, message: e.message };
    throw e;
  }
}

export function apiKeyOutcome(config: Config): Outcome<string | undefined> {
  try {
    const resolved = resolveApiKey(
      config.modelProvider,
      config.modelProviderId,
      process.env,
      config.codexHome,
    );
    return { ok: true, value: resolved?.key };
  } catch (e) {
    if (e instanceof MissingApiKeyError) return { ok: false, message: e.message };
    throw e;
  }
}

export interface StartOptions extends ServiceOptions {
  apiKey: string | undefined;
  initialHistory?: InitialHistory;
  manager?: ConversationManager;
  log: (message: string) => void;
}

/** A conversation with tools, persistence and MCP servers; start-up failures become messages. */
export async function startSession(
  config: Config,
  opts: StartOptions,
): Promise<Outcome<NewConversation>> {
  // Chat Completions go through the openai SDK: start loading it while the session starts. The
  // Responses API needs neither the SDK nor Node's fetch (src/model/http-transport.ts).
  if (config.modelProvider.wireApi === "chat") void preloadModelSdk().catch(() => undefined);
  try {
    const manager = opts.manager ?? new ConversationManager();
    // CODEX_INTERNAL_ORIGINATOR_OVERRIDE (set by the SDK) names us in headers and the rollout.
    const originator = effectiveOriginator(opts.originator, process.env);
    const started = await manager.newConversation({
      config,
      apiKey: opts.apiKey,
      originator,
      initialHistory: opts.initialHistory,
      ...createSessionServices(config, { ...opts, originator }),
      log: opts.log,
    });
    return { ok: true, value: started };
  } catch (e) {
    // A required MCP server that failed, an unreadable rollout: the user's to fix.
    return { ok: false, message: (e as Error).message };
  }
}

export { stderrLog } from "./log.js";
