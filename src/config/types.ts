// The resolved configuration every module reads. Loading, merging and validation live in ./load.ts.
import type {
  AskForApproval,
  ReasoningEffort,
  ReasoningSummary,
  SandboxMode,
  SandboxPolicy,
  Verbosity,
  WireApi,
} from "../protocol/index.js";
import type { OtelConfig } from "./otel.js";

/** A model provider (`[model_providers.<id>]` or built in). */
export interface ModelProviderInfo {
  /** Display name. */
  name: string;
  /** Base URL, e.g. `https://api.openai.com/v1`; `/responses` or `/chat/completions` is appended. */
  baseUrl: string;
  /** Environment variable holding the API key; undefined means no key is needed. */
  envKey?: string;
  /** Extra text shown when the key is missing. */
  envKeyInstructions?: string;
  wireApi: WireApi;
  /** Appended to every request URL (e.g. Azure's `api-version`). */
  queryParams: Record<string, string>;
  /** Static headers. */
  httpHeaders: Record<string, string>;
  /** Headers whose values come from environment variables (header → env var). */
  envHttpHeaders: Record<string, string>;
  /** HTTP-level retries of one request (default 4). */
  requestMaxRetries: number;
  /** Stream-level reconnects of one turn (default 5). */
  streamMaxRetries: number;
  /** Idle time after which a silent stream counts as dropped (default 300 000 ms). */
  streamIdleTimeoutMs: number;
  /** Whether the provider needs OpenAI auth (key from auth.json / CODEX_API_KEY as fallback). */
  requiresOpenaiAuth: boolean;
}

/** What a model family supports. */
export interface ModelFamily {
  /** Family slug (prefix-matched against the model name). */
  slug: string;
  supportsReasoningSummaries: boolean;
  supportsParallelToolCalls: boolean;
  supportsVerbosity: boolean;
  /** Which shell tool set the model gets. */
  shellToolType: "unified_exec" | "shell";
  /** How apply_patch is offered: freeform custom tool, JSON function, or not at all. */
  applyPatchToolType: "freeform" | "function" | null;
  contextWindow: number | null;
  maxOutputTokens: number | null;
  defaultReasoningEffort: ReasoningEffort | null;
  defaultVerbosity: Verbosity | null;
}

/** `[shell_environment_policy]`. */
export interface ShellEnvironmentPolicy {
  inherit: "all" | "core" | "none";
  ignoreDefaultExcludes: boolean;
  exclude: string[];
  set: Record<string, string>;
  includeOnly: string[];
}

/** `[mcp_servers.<name>]`. */
export interface McpServerConfig {
  /** stdio transport */
  command?: string;
  args: string[];
  env: Record<string, string>;
  /** Names of variables copied from codex's environment into the server's. */
  envVars: string[];
  cwd?: string;
  /** streamable HTTP transport */
  url?: string;
  bearerTokenEnvVar?: string;
  httpHeaders: Record<string, string>;
  envHttpHeaders: Record<string, string>;
  enabled: boolean;
  required: boolean;
  startupTimeoutSec: number;
  toolTimeoutSec: number;
  enabledTools?: string[];
  disabledTools: string[];
  /** OAuth scopes `codex mcp login` asks for when `--scopes` is not given. */
  scopes?: string[];
  /** Answers to this server's forms when no user is attached (`codex exec`); codex-ts only. */
  elicitationAnswers?: Record<string, unknown>;
}

/** `[history]`. */
export interface HistoryConfig {
  persistence: "save-all" | "none";
  maxBytes?: number;
}

/** `[tui]`. */
export interface TuiConfig {
  notifications: boolean | string[];
}

/** The fully resolved configuration. */
export interface Config {
  codexHome: string;
  /** Absolute path of the config file read (even if it did not exist). */
  configPath: string;
  /** Absolute working directory of the session. */
  cwd: string;
  model: string;
  reviewModel: string;
  modelProviderId: string;
  modelProvider: ModelProviderInfo;
  modelProviders: Record<string, ModelProviderInfo>;
  modelFamily: ModelFamily;
  modelContextWindow: number | null;
  modelMaxOutputTokens: number | null;
  modelAutoCompactTokenLimit: number | null;
  modelReasoningEffort: ReasoningEffort | null;
  modelReasoningSummary: ReasoningSummary;
  modelVerbosity: Verbosity | null;
  approvalPolicy: AskForApproval;
  sandboxMode: SandboxMode;
  sandboxPolicy: SandboxPolicy;
  shellEnvironmentPolicy: ShellEnvironmentPolicy;
  /** Replaces the built-in base instructions. */
  baseInstructions?: string;
  /** Added as a developer message. */
  developerInstructions?: string;
  /** Contents of AGENTS.md files, joined; computed at session start. */
  userInstructions?: string;
  projectDocMaxBytes: number;
  projectDocFallbackFilenames: string[];
  notify?: string[];
  history: HistoryConfig;
  mcpServers: Record<string, McpServerConfig>;
  hideAgentReasoning: boolean;
  showRawAgentReasoning: boolean;
  /** `[features]` flags, and the legacy top-level switches mapped onto them. */
  features: Record<string, boolean>;
  /** Per-tool switches from `[tools]` (e.g. `update_plan`, `view_image`, `read_file`). */
  tools: Record<string, boolean>;
  tui: TuiConfig;
  /** `[projects."<path>"] trust_level`. */
  projects: Record<string, { trustLevel?: "trusted" | "untrusted" }>;
  activeProfile?: string;
  /** Path to the Linux sandbox helper, when built. */
  codexLinuxSandboxExe?: string;
  disableResponseStorage: boolean;
  /** Where MCP OAuth tokens live (`mcp_oauth_credentials_store`; default `auto`). */
  mcpOauthCredentialsStore?: "auto" | "file" | "keyring";
  /** Fixed loopback port for `codex mcp login` callbacks (`mcp_oauth_callback_port`). */
  mcpOauthCallbackPort?: number;
  /** `[otel]`; absent when the table is absent (telemetry off, nothing loaded). */
  otel?: OtelConfig;
}
