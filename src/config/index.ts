// Public API of the config module.
export type * from "./types.js";
export { loadConfig, type CliOverrides, type LoadOptions, type LoadedConfig } from "./load.js";
export { ConfigError } from "./errors.js";
export { resolveCodexHome, ensureCodexHome } from "./home.js";
export {
  DEFAULT_MODEL,
  DEFAULT_OSS_MODEL,
  findModelFamily,
  isKnownModel,
  type ModelFamilyInfo,
} from "./model-family.js";
export {
  builtInProviders,
  OPENAI_PROVIDER_ID,
  OSS_PROVIDER_ID,
  DEFAULT_OPENAI_BASE_URL,
} from "./providers.js";
export {
  loadUserInstructions,
  formatUserInstructions,
  type UserInstructions,
  type UserInstructionsOptions,
} from "./project-doc.js";
export { parseOverride, parseOverrideValue } from "./overrides.js";
export {
  DEFAULT_PROJECT_DOC_MAX_BYTES,
  DEFAULT_MCP_STARTUP_TIMEOUT_SEC,
  DEFAULT_MCP_TOOL_TIMEOUT_SEC,
} from "./resolve.js";
