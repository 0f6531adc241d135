// Session start-up (config → auth → services → conversation), shared by every front-end:
// `codex exec`, the TUI, `codex mcp-server` and `codex app-server`.
export {
  apiKeyOutcome,
  loadConfigOutcome,
  startSession,
  stderrLog,
  type Outcome,
  type StartOptions,
} from "./start.js";
export { createSessionServices, type ServiceOptions } from "./services.js";
export { lazyMcpToolProvider } from "./lazy-mcp.js";
export { loadResumedHistory, ResumeError, type ResumeTarget } from "./resume.js";
