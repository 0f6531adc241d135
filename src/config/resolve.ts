// Turns the merged, validated TOML plus command-line flags into the resolved `Config`.
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, resolve } from "node:path";
import type { AskForApproval, SandboxMode, SandboxPolicy } from "../protocol/index.js";
import { ConfigError, configErrorAt, describeOrigin } from "./errors.js";
import type { Provenance } from "./layers.js";
import { sandboxPolicyFromLegacyPermissions } from "../sandbox/policy.js";
import type { CliOverrides } from "./load.js";
import { resolveOtel } from "./otel.js";
import { DEFAULT_MODEL, DEFAULT_OSS_MODEL, findModelFamily } from "./model-family.js";
import {
  OPENAI_PROVIDER_ID,
  OSS_PROVIDER_ID,
  builtInProviders,
  providerFromToml,
} from "./providers.js";
import type { ConfigToml, McpServerToml } from "./schema.js";
import { ConfigIssue } from "./schema-check.js";
import type { Config, McpServerConfig, ModelFamily, ModelProviderInfo } from "./types.js";

export const DEFAULT_PROJECT_DOC_MAX_BYTES = 32 * 1024;
export const DEFAULT_MCP_STARTUP_TIMEOUT_SEC = 30;
export const DEFAULT_MCP_TOOL_TIMEOUT_SEC = 60;

export interface ResolveInput {
  merged: ConfigToml;
  provenance: Provenance;
  cli: CliOverrides;
  env: NodeJS.ProcessEnv;
  codexHome: string;
  configPath: string;
  processCwd: string;
  defaultApprovalPolicy?: AskForApproval;
  forceApprovalPolicy?: AskForApproval;
  activeProfile?: string;
  warnings: string[];
}

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? homedir() + p.slice(1) : p;
}

function resolveCwd(processCwd: string, requested: string | undefined): string {
  const cwd = resolve(processCwd, requested ?? ".");
  let isDir: boolean;
  try {
    isDir = statSync(cwd).isDirectory();
  } catch {
    throw configErrorAt({ flag: "--cd" }, `directory ${cwd} does not exist`);
  }
  if (!isDir) throw configErrorAt({ flag: "--cd" }, `${cwd} is not a directory`);
  return cwd;
}

function resolveProviders(input: ResolveInput): Record<string, ModelProviderInfo> {
  const providers = builtInProviders(input.env);
  // `openai_base_url` (what the SDK's `baseUrl` sets) beats OPENAI_BASE_URL; a
  // `[model_providers.openai] base_url` table still beats both.
  const openaiBase = input.merged.openai_base_url?.trim();
  if (openaiBase) {
    if (!/^https?:\/\/[^/]/.test(openaiBase))
      input.provenance.fail(
        ["openai_base_url"],
        `\`openai_base_url\` must be an http(s) URL, got ${JSON.stringify(openaiBase)}`,
      );
    const builtIn = providers[OPENAI_PROVIDER_ID] as ModelProviderInfo;
    providers[OPENAI_PROVIDER_ID] = { ...builtIn, baseUrl: openaiBase.replace(/\/+$/, "") };
  }
  for (const [id, raw] of Object.entries(input.merged.model_providers ?? {})) {
    try {
      providers[id] = providerFromToml(id, raw, providers[id]);
    } catch (err) {
      if (err instanceof ConfigIssue) input.provenance.fail(err.path, err.detail);
      throw err;
    }
  }
  return providers;
}

function resolveProviderId(input: ResolveInput, known: Record<string, ModelProviderInfo>): string {
  const { cli, merged } = input;
  const id = cli.modelProvider ?? (cli.oss ? OSS_PROVIDER_ID : undefined) ?? merged.model_provider;
  if (id === undefined) return OPENAI_PROVIDER_ID;
  if (Object.hasOwn(known, id)) return id;
  const detail = `unknown model provider \`${id}\`; known providers: ${Object.keys(known).sort().join(", ")}. Define it in a [model_providers.${id}] table in ${input.configPath}`;
  if (cli.modelProvider !== undefined) throw configErrorAt({ flag: "model provider" }, detail);
  input.provenance.fail(["model_provider"], detail);
}

function legacySandboxPolicy(input: ResolveInput, cwd: string): SandboxPolicy | undefined {
  const { merged, provenance } = input;
  if (merged.sandbox_mode !== undefined || merged.sandbox_permissions === undefined)
    return undefined;
  let policy: SandboxPolicy;
  try {
    policy = sandboxPolicyFromLegacyPermissions(merged.sandbox_permissions, cwd);
  } catch (err) {
    input.provenance.fail(
      ["sandbox_permissions"],
      `invalid value for \`sandbox_permissions\`: ${(err as Error).message.replace(/^sandbox_permissions: /, "")}`,
    );
  }
  const where = describeOrigin(provenance.origin(["sandbox_permissions"]));
  input.warnings.push(
    `${where}: \`sandbox_permissions\` is deprecated; treating it as sandbox_mode = "${policy.type}" (use sandbox_mode and [sandbox_workspace_write] instead)`,
  );
  return policy;
}

function resolveSandbox(
  input: ResolveInput,
  cwd: string,
): { mode: SandboxMode; policy: SandboxPolicy } {
  const { cli, merged } = input;
  const legacy = legacySandboxPolicy(input, cwd);
  const mode: SandboxMode = cli.dangerouslyBypassApprovalsAndSandbox
    ? "danger-full-access"
    : (cli.sandboxMode ??
      (cli.fullAuto ? "workspace-write" : undefined) ??
      merged.sandbox_mode ??
      legacy?.type ??
      "read-only");
  const extraRoots = (cli.additionalWritableRoots ?? []).map((p) => resolve(cwd, expandHome(p)));
  if (mode === "read-only" && extraRoots.length > 0)
    // As Codex 0.169: an extra writable root under a read-only sandbox is a contradiction.
    throw new ConfigError(
      `Error adding directories: Ignoring --add-dir (${(cli.additionalWritableRoots ?? []).join(", ")}) because the effective permissions do not allow additional writable roots. Switch to workspace-write or danger-full-access to allow them.`,
    );
  if (mode === "read-only") return { mode, policy: { type: "read-only" } };
  if (mode === "danger-full-access") return { mode, policy: { type: "danger-full-access" } };
  const ww = merged.sandbox_workspace_write ?? {};
  const fromLegacy = legacy?.type === "workspace-write" ? legacy : undefined;
  return {
    mode,
    policy: {
      type: "workspace-write",
      // Relative roots are relative to the session cwd, not to where codex was started.
      writable_roots: [
        ...(ww.writable_roots?.map((p) => resolve(cwd, expandHome(p))) ??
          fromLegacy?.writable_roots ??
          []),
        ...extraRoots,
      ],
      network_access: ww.network_access ?? fromLegacy?.network_access ?? false,
      exclude_tmpdir_env_var:
        ww.exclude_tmpdir_env_var ?? fromLegacy?.exclude_tmpdir_env_var ?? false,
      exclude_slash_tmp: ww.exclude_slash_tmp ?? fromLegacy?.exclude_slash_tmp ?? false,
    },
  };
}

function readInstructionsFile(input: ResolveInput, file: string): string {
  const origin = input.provenance.origin(["experimental_instructions_file"]);
  const base = origin.file !== undefined ? dirname(origin.file) : input.processCwd;
  const abs = resolve(base, expandHome(file));
  let text: string;
  try {
    text = readFileSync(abs, "utf8");
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    input.provenance.fail(
      ["experimental_instructions_file"],
      `cannot read instructions file ${abs} (${why})`,
    );
  }
  if (text.trim() === "")
    input.provenance.fail(["experimental_instructions_file"], `instructions file ${abs} is empty`);
  return text;
}

const STDIO_ONLY = ["args", "env", "env_vars", "cwd"] as const;
const HTTP_ONLY = ["bearer_token_env_var", "http_headers", "env_http_headers"] as const;

function resolveMcpServer(input: ResolveInput, name: string, raw: McpServerToml): McpServerConfig {
  const path = ["mcp_servers", name];
  if ((raw.command === undefined) === (raw.url === undefined))
    input.provenance.fail(
      path,
      `MCP server \`${name}\` needs exactly one of \`command\` (stdio) or \`url\` (streamable HTTP)`,
    );
  const wrong = raw.url !== undefined ? STDIO_ONLY : HTTP_ONLY;
  for (const key of wrong) {
    if (raw[key] !== undefined)
      input.provenance.fail(
        [...path, key],
        `\`${key}\` is only valid for ${raw.url !== undefined ? "stdio servers (`command`)" : "HTTP servers (`url`)"}, and MCP server \`${name}\` uses ${raw.url !== undefined ? "`url`" : "`command`"}`,
      );
  }
  const startup =
    raw.startup_timeout_sec ??
    (raw.startup_timeout_ms !== undefined ? raw.startup_timeout_ms / 1000 : undefined);
  return {
    command: raw.command,
    args: raw.args ?? [],
    env: raw.env ?? {},
    envVars: raw.env_vars ?? [],
    cwd: raw.cwd,
    url: raw.url,
    bearerTokenEnvVar: raw.bearer_token_env_var,
    httpHeaders: raw.http_headers ?? {},
    envHttpHeaders: raw.env_http_headers ?? {},
    enabled: raw.enabled ?? true,
    required: raw.required ?? false,
    startupTimeoutSec: startup ?? DEFAULT_MCP_STARTUP_TIMEOUT_SEC,
    toolTimeoutSec: raw.tool_timeout_sec ?? DEFAULT_MCP_TOOL_TIMEOUT_SEC,
    enabledTools: raw.enabled_tools,
    disabledTools: raw.disabled_tools ?? [],
    scopes: raw.scopes,
    elicitationAnswers: raw.elicitation_answers,
  };
}

function resolveModel(input: ResolveInput, providerId: string): string {
  const { cli, merged } = input;
  // --oss ignores the configured model: it names a hosted model the local server will not have.
  if (cli.oss) return cli.model ?? DEFAULT_OSS_MODEL;
  return (
    cli.model ??
    merged.model ??
    (providerId === OSS_PROVIDER_ID ? DEFAULT_OSS_MODEL : DEFAULT_MODEL)
  );
}

export function resolveConfig(input: ResolveInput): Config {
  const { cli, merged } = input;
  const cwd = resolveCwd(input.processCwd, cli.cwd);
  const modelProviders = resolveProviders(input);
  const modelProviderId = resolveProviderId(input, modelProviders);
  const model = resolveModel(input, modelProviderId);
  const { defaultReasoningSummary, ...family } = findModelFamily(model);
  const modelFamily: ModelFamily = {
    ...family,
    supportsReasoningSummaries:
      merged.model_supports_reasoning_summaries ?? family.supportsReasoningSummaries,
  };
  const sandbox = resolveSandbox(input, cwd);
  const approvalPolicy: AskForApproval =
    input.forceApprovalPolicy ??
    cli.approvalPolicy ??
    (cli.dangerouslyBypassApprovalsAndSandbox ? "never" : undefined) ??
    (cli.fullAuto ? "on-request" : undefined) ??
    merged.approval_policy ??
    input.defaultApprovalPolicy ??
    "on-request";

  const baseInstructions =
    cli.baseInstructions ??
    merged.base_instructions ??
    (merged.experimental_instructions_file !== undefined
      ? readInstructionsFile(input, merged.experimental_instructions_file)
      : undefined);

  const features = { ...merged.features };
  if (merged.use_experimental_unified_exec_tool !== undefined)
    features["unified_exec"] ??= merged.use_experimental_unified_exec_tool;
  const tools = { ...merged.tools };
  if (merged.include_plan_tool !== undefined) tools["update_plan"] ??= merged.include_plan_tool;

  const mcpServers: Record<string, McpServerConfig> = {};
  for (const [name, raw] of Object.entries(merged.mcp_servers ?? {}))
    mcpServers[name] = resolveMcpServer(input, name, raw);

  const projects: Config["projects"] = {};
  for (const [path, p] of Object.entries(merged.projects ?? {}))
    projects[path] = { trustLevel: p.trust_level };

  const sep = merged.shell_environment_policy ?? {};
  const modelProvider = modelProviders[modelProviderId] as ModelProviderInfo;
  return {
    codexHome: input.codexHome,
    configPath: input.configPath,
    cwd,
    model,
    reviewModel: merged.review_model ?? model,
    modelProviderId,
    modelProvider,
    modelProviders,
    modelFamily,
    // Unlike the seed (B2.6), a configured window always beats the table: the user knows better.
    modelContextWindow: merged.model_context_window ?? modelFamily.contextWindow,
    // Only what the user configured: Codex sends no output cap by default and some servers
    // reject one (the family's limit is informational).
    modelMaxOutputTokens: merged.model_max_output_tokens ?? null,
    modelAutoCompactTokenLimit: merged.model_auto_compact_token_limit ?? null,
    modelReasoningEffort: merged.model_reasoning_effort ?? modelFamily.defaultReasoningEffort,
    modelReasoningSummary: merged.model_reasoning_summary ?? defaultReasoningSummary,
    modelVerbosity: merged.model_verbosity ?? modelFamily.defaultVerbosity,
    approvalPolicy,
    sandboxMode: sandbox.mode,
    sandboxPolicy: sandbox.policy,
    shellEnvironmentPolicy: {
      inherit: sep.inherit ?? "all",
      ignoreDefaultExcludes: sep.ignore_default_excludes ?? false,
      exclude: sep.exclude ?? [],
      set: sep.set ?? {},
      includeOnly: sep.include_only ?? [],
    },
    baseInstructions,
    developerInstructions: cli.developerInstructions ?? merged.developer_instructions,
    projectDocMaxBytes: merged.project_doc_max_bytes ?? DEFAULT_PROJECT_DOC_MAX_BYTES,
    projectDocFallbackFilenames: merged.project_doc_fallback_filenames ?? [],
    notify: merged.notify !== undefined && merged.notify.length > 0 ? merged.notify : undefined,
    history: {
      persistence: merged.history?.persistence ?? "save-all",
      maxBytes: merged.history?.max_bytes,
    },
    mcpServers,
    hideAgentReasoning: merged.hide_agent_reasoning ?? false,
    showRawAgentReasoning: merged.show_raw_agent_reasoning ?? false,
    features,
    tools,
    tui: { notifications: merged.tui?.notifications ?? true },
    projects,
    activeProfile: input.activeProfile,
    disableResponseStorage: merged.disable_response_storage ?? false,
    mcpOauthCredentialsStore: merged.mcp_oauth_credentials_store ?? "auto",
    mcpOauthCallbackPort: merged.mcp_oauth_callback_port,
    otel: resolveOtel(input, merged.otel),
  };
}
