// The shape of config.toml (snake_case, as users write it). Resolution into `Config` is in
// ./resolve.ts; this file only says which keys exist and what values they take.
import {
  APPROVAL_POLICIES,
  REASONING_EFFORTS,
  REASONING_SUMMARIES,
  SANDBOX_MODES,
  VERBOSITIES,
} from "../protocol/index.js";
import {
  httpUrl,
  ConfigIssue,
  anything,
  arrayOf,
  bool,
  boolOrStrings,
  int,
  isTable,
  mapOf,
  nonEmptyStr,
  oneOf,
  seconds,
  str,
  table,
  type Check,
  type Out,
} from "./schema-check.js";
import { formatKeyPath } from "./toml-locate.js";
import { otelCheck } from "./otel.js";

/** `[tools] name = true` or the `[tools.name] enabled = true` form. */
const toolSwitch: Check<boolean> = (v, ctx, path) => {
  if (isTable(v)) return table({ enabled: bool })(v, ctx, path).enabled ?? true;
  return bool(v, ctx, path);
};

const noInlineBearerToken: Check<never> = (_v, _ctx, path) => {
  throw new ConfigIssue(
    path,
    `\`${formatKeyPath(path)}\` is not supported: put the token in an environment variable and name it with \`bearer_token_env_var\``,
  );
};

export const providerCheck = table({
  name: nonEmptyStr(),
  base_url: httpUrl,
  env_key: nonEmptyStr("a non-empty environment variable name"),
  env_key_instructions: str,
  wire_api: oneOf(["responses", "chat"] as const),
  query_params: mapOf(str),
  http_headers: mapOf(str),
  env_http_headers: mapOf(str),
  request_max_retries: int(0, 100),
  stream_max_retries: int(0, 100),
  stream_idle_timeout_ms: int(1),
  requires_openai_auth: bool,
});

export const mcpServerCheck = table(
  {
    command: nonEmptyStr(),
    args: arrayOf(str),
    env: mapOf(str),
    env_vars: arrayOf(str),
    cwd: str,
    url: httpUrl,
    bearer_token_env_var: nonEmptyStr("a non-empty environment variable name"),
    bearer_token: noInlineBearerToken,
    http_headers: mapOf(str),
    env_http_headers: mapOf(str),
    enabled: bool,
    required: bool,
    startup_timeout_sec: seconds,
    startup_timeout_ms: int(0),
    tool_timeout_sec: seconds,
    enabled_tools: arrayOf(str),
    disabled_tools: arrayOf(str),
    scopes: arrayOf(str),
    elicitation_answers: mapOf(anything),
  },
  ["type", "transport", "oauth", "oauth_resource", "oauth_client_id"],
);

const approvalPolicyCheck = oneOf(APPROVAL_POLICIES, {
  "unless-allow-listed": "untrusted",
  "unless-trusted": "untrusted",
  suggest: "untrusted",
  "auto-edit": "on-request",
});

/** Keys Codex knows that we accept without acting on them (no "unknown key" warning). */
const IGNORED_TOP_LEVEL = [
  "chatgpt_base_url",
  "preferred_auth_method",
  "forced_login_method",
  "forced_chatgpt_workspace_id",
  "cli_auth_credentials_store",
  "windows_wsl_setup_acknowledged",
  "check_for_update_on_startup",
  "model_reasoning_summary_format",
  "experimental_use_rmcp_client",
  "experimental_use_freeform_apply_patch",
  "experimental_use_exec_command_tool",
  "include_apply_patch_tool",
  "include_view_image_tool",
  "tools_web_search_request",
  "web_search",
  "disable_paste_burst",
  "model_family",
];

/** Keys allowed both at the top level and inside `[profiles.NAME]`. */
const sharedFields = {
  model: nonEmptyStr(),
  review_model: nonEmptyStr(),
  model_provider: nonEmptyStr(),
  model_providers: mapOf(providerCheck),
  /** Base URL of the built-in `openai` provider (the SDK's `baseUrl`); "" means the default. */
  openai_base_url: str,
  model_reasoning_effort: oneOf(REASONING_EFFORTS),
  model_reasoning_summary: oneOf(REASONING_SUMMARIES),
  model_verbosity: oneOf(VERBOSITIES),
  model_context_window: int(1),
  model_max_output_tokens: int(1),
  model_auto_compact_token_limit: int(0),
  model_supports_reasoning_summaries: bool,
  approval_policy: approvalPolicyCheck,
  sandbox_mode: oneOf(SANDBOX_MODES),
  sandbox_workspace_write: table({
    writable_roots: arrayOf(nonEmptyStr("a non-empty path")),
    network_access: bool,
    exclude_tmpdir_env_var: bool,
    exclude_slash_tmp: bool,
  }),
  sandbox_permissions: arrayOf(str),
  shell_environment_policy: table(
    {
      inherit: oneOf(["all", "core", "none"] as const),
      ignore_default_excludes: bool,
      exclude: arrayOf(str),
      set: mapOf(str),
      include_only: arrayOf(str),
    },
    ["experimental_use_profile"],
  ),
  notify: arrayOf(str),
  history: table({
    persistence: oneOf(["save-all", "none"] as const),
    max_bytes: int(0),
  }),
  mcp_servers: mapOf(mcpServerCheck),
  hide_agent_reasoning: bool,
  show_raw_agent_reasoning: bool,
  base_instructions: str,
  developer_instructions: str,
  experimental_instructions_file: nonEmptyStr("a non-empty path"),
  project_doc_max_bytes: int(0),
  project_doc_fallback_filenames: arrayOf(nonEmptyStr("a non-empty file name")),
  features: mapOf(bool),
  tools: mapOf(toolSwitch),
  tui: table({ notifications: boolOrStrings("a boolean or an array of strings") }, [
    "animations",
    "show_tooltips",
    "alternate_screen",
    "notification_method",
    "scroll_events_per_tick",
  ]),
  projects: mapOf(table({ trust_level: oneOf(["trusted", "untrusted"] as const) })),
  disable_response_storage: bool,
  mcp_oauth_credentials_store: oneOf(["auto", "file", "keyring"] as const),
  mcp_oauth_callback_port: int(0, 65535),
  file_opener: oneOf(["vscode", "vscode-insiders", "windsurf", "cursor", "none"] as const),
  otel: otelCheck,
  notice: anything,
  use_experimental_unified_exec_tool: bool,
  include_plan_tool: bool,
};

export const profileCheck = table(sharedFields, IGNORED_TOP_LEVEL);

export const configTomlCheck = table(
  {
    ...sharedFields,
    profile: nonEmptyStr(),
    profiles: mapOf(profileCheck),
  },
  IGNORED_TOP_LEVEL,
);

export type ConfigToml = Out<typeof configTomlCheck>;
export type ProfileToml = Out<typeof profileCheck>;
export type ProviderToml = Out<typeof providerCheck>;
export type McpServerToml = Out<typeof mcpServerCheck>;
