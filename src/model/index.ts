// Public surface of the model client. Everything else in src/model is internal.
export { ModelClient, preloadModelSdk } from "./client.js";
export { ModelError, type ModelErrorKind } from "./errors.js";
export { backoffMs, sleepUnlessAborted } from "./backoff.js";
export type { ModelClientOptions, Prompt, ResponseEvent, ToolSpec } from "./types.js";
