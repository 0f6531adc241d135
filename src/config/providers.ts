// Built-in model providers and the conversion of `[model_providers.ID]` tables.
import type { ModelProviderInfo } from "./types.js";
import type { ProviderToml } from "./schema.js";
import { ConfigIssue } from "./schema-check.js";

export const OPENAI_PROVIDER_ID = "openai";
export const OSS_PROVIDER_ID = "oss";

export const DEFAULT_OPENAI_BASE_URL = "https://api.openai.com/v1";
export const DEFAULT_OSS_PORT = 11434;

export const DEFAULT_REQUEST_MAX_RETRIES = 4;
export const DEFAULT_STREAM_MAX_RETRIES = 5;
export const DEFAULT_STREAM_IDLE_TIMEOUT_MS = 300_000;

function nonEmpty(value: string | undefined): string | undefined {
  return value !== undefined && value.trim() !== "" ? value.trim() : undefined;
}

function baseProvider(
  fields: Pick<ModelProviderInfo, "name" | "baseUrl" | "wireApi"> & Partial<ModelProviderInfo>,
): ModelProviderInfo {
  return {
    queryParams: {},
    httpHeaders: {},
    envHttpHeaders: {},
    requestMaxRetries: DEFAULT_REQUEST_MAX_RETRIES,
    streamMaxRetries: DEFAULT_STREAM_MAX_RETRIES,
    streamIdleTimeoutMs: DEFAULT_STREAM_IDLE_TIMEOUT_MS,
    requiresOpenaiAuth: false,
    ...fields,
  };
}

/** The providers that exist without any configuration. */
export function builtInProviders(env: NodeJS.ProcessEnv): Record<string, ModelProviderInfo> {
  const ossBaseUrl =
    nonEmpty(env["CODEX_OSS_BASE_URL"]) ??
    `http://localhost:${nonEmpty(env["CODEX_OSS_PORT"]) ?? DEFAULT_OSS_PORT}/v1`;
  return {
    [OPENAI_PROVIDER_ID]: baseProvider({
      name: "OpenAI",
      baseUrl: nonEmpty(env["OPENAI_BASE_URL"]) ?? DEFAULT_OPENAI_BASE_URL,
      envKey: "OPENAI_API_KEY",
      envKeyInstructions:
        "Create a key at https://platform.openai.com/api-keys and export it as OPENAI_API_KEY.",
      wireApi: "responses",
      envHttpHeaders: {
        "OpenAI-Organization": "OPENAI_ORGANIZATION",
        "OpenAI-Project": "OPENAI_PROJECT",
      },
      requiresOpenaiAuth: true,
    }),
    // Ollama speaks both wire APIs; Chat Completions works with every Ollama version and with
    // other local servers people point CODEX_OSS_BASE_URL at.
    [OSS_PROVIDER_ID]: baseProvider({
      name: "Open Source (Ollama)",
      baseUrl: ossBaseUrl,
      wireApi: "chat",
    }),
  };
}

/**
 * A provider from its TOML table. For a built-in id the table is laid over the built-in entry
 * (so `[model_providers.openai] request_max_retries = 2` works); other ids need `base_url`.
 */
export function providerFromToml(
  id: string,
  raw: ProviderToml,
  builtIn: ModelProviderInfo | undefined,
): ModelProviderInfo {
  const baseUrl = raw.base_url ?? builtIn?.baseUrl;
  if (baseUrl === undefined)
    throw new ConfigIssue(
      ["model_providers", id],
      `model provider \`${id}\` has no \`base_url\`; add e.g. base_url = "http://localhost:8000/v1" to [model_providers.${id}]`,
    );
  const base = builtIn ?? baseProvider({ name: id, baseUrl, wireApi: "responses" });
  return {
    ...base,
    name: raw.name ?? base.name,
    baseUrl: baseUrl.replace(/\/+$/, ""),
    envKey: raw.env_key ?? base.envKey,
    envKeyInstructions: raw.env_key_instructions ?? base.envKeyInstructions,
    wireApi: raw.wire_api ?? base.wireApi,
    queryParams: { ...base.queryParams, ...raw.query_params },
    httpHeaders: { ...base.httpHeaders, ...raw.http_headers },
    envHttpHeaders: { ...base.envHttpHeaders, ...raw.env_http_headers },
    requestMaxRetries: raw.request_max_retries ?? base.requestMaxRetries,
    streamMaxRetries: raw.stream_max_retries ?? base.streamMaxRetries,
    streamIdleTimeoutMs: raw.stream_idle_timeout_ms ?? base.streamIdleTimeoutMs,
    requiresOpenaiAuth: raw.requires_openai_auth ?? base.requiresOpenaiAuth,
  };
}
