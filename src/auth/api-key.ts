// Which API key a provider's requests carry, and the one-line error when there is none.
import type { ModelProviderInfo } from "../config/types.js";
import { OPENAI_PROVIDER_ID } from "../config/providers.js";
import { storedApiKey, authFilePath } from "./auth-file.js";

/** Read by codex-ts and Codex alike as a fallback key for OpenAI-authenticated providers. */
export const CODEX_API_KEY_ENV = "CODEX_API_KEY";

export interface ResolvedApiKey {
  /** Undefined when the provider needs no key (e.g. a local server). */
  key: string | undefined;
  /** Where the key came from: an env var name, `auth.json` (its path) or `none`. */
  source: string;
}

export class MissingApiKeyError extends Error {
  constructor(
    message: string,
    readonly envKey: string | undefined,
  ) {
    super(message);
    this.name = "MissingApiKeyError";
  }
}

function fromEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

/**
 * Order: the provider's `env_key`, then — for OpenAI and providers with `requires_openai_auth` —
 * `CODEX_API_KEY` and the key saved by `codex login --with-api-key`.
 */
export function resolveApiKey(
  provider: ModelProviderInfo,
  providerId: string,
  env: NodeJS.ProcessEnv,
  codexHome: string,
): ResolvedApiKey {
  if (provider.envKey !== undefined) {
    const key = fromEnv(env, provider.envKey);
    if (key) return { key, source: provider.envKey };
  }
  const openaiAuth = providerId === OPENAI_PROVIDER_ID || provider.requiresOpenaiAuth;
  if (openaiAuth) {
    const key = fromEnv(env, CODEX_API_KEY_ENV);
    if (key) return { key, source: CODEX_API_KEY_ENV };
    const stored = storedApiKey(codexHome);
    if (stored) return { key: stored, source: authFilePath(codexHome) };
  }
  if (provider.envKey === undefined && !openaiAuth) return { key: undefined, source: "none" };

  const variable = provider.envKey ?? CODEX_API_KEY_ENV;
  const extra = provider.envKeyInstructions ? ` ${provider.envKeyInstructions.trim()}` : "";
  const message = openaiAuth
    ? `Missing API key: set ${variable} or run \`codex login --with-api-key\`.${extra}`
    : `Missing API key for model provider \`${providerId}\`: set ${variable} (\`codex login\` stores a key for the OpenAI provider only).${extra}`;
  throw new MissingApiKeyError(message.replace(/\s*\n\s*/g, " "), provider.envKey);
}
