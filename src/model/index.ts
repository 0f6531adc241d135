// Public surface of the model client. Everything else in src/model is internal.
export { ModelClient, preloadModelSdk } from "./client.js";
export {
  ModelError,
  type ModelErrorKind,
  CONTEXT_WINDOW_MESSAGE,
  HIGH_DEMAND_MESSAGE,
  QUOTA_MESSAGE,
  USAGE_LIMIT_MESSAGE,
} from "./errors.js";
export { effectiveOriginator, ORIGINATOR_OVERRIDE_ENV } from "./headers.js";
export { backoffMs, sleepUnlessAborted, DEFAULT_BACKOFF_BASE_MS } from "./backoff.js";
export type { ModelClientOptions, Prompt, ResponseEvent, ToolSpec } from "./types.js";
