// Each config key ends up in the resolved Config as documented in docs/config.md.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL } from "../../src/config/index.js";
import { makeSandbox } from "./helpers.js";

describe("providers", () => {
  it("OPENAI_BASE_URL moves the built-in openai provider", async () => {
    const s = makeSandbox();
    const { config } = await s.load({}, { env: { OPENAI_BASE_URL: "http://127.0.0.1:9/v1" } });
    expect(config.modelProvider.baseUrl).toBe("http://127.0.0.1:9/v1");
  });

  it("CODEX_OSS_PORT and CODEX_OSS_BASE_URL move the oss provider", async () => {
    const s = makeSandbox();
    const port = await s.load({ oss: true }, { env: { CODEX_OSS_PORT: "1234" } });
    expect(port.config.modelProvider.baseUrl).toBe("http://localhost:1234/v1");
    const url = await s.load({ oss: true }, { env: { CODEX_OSS_BASE_URL: "http://gpu:8080/v1" } });
    expect(url.config.modelProvider.baseUrl).toBe("http://gpu:8080/v1");
  });

  it("reads every provider key", async () => {
    const s = makeSandbox();
    s.writeConfig(`
model = "gpt-4o"
model_provider = "azure"

[model_providers.azure]
name = "Azure"
base_url = "https://example.openai.azure.com/openai/"
env_key = "AZURE_OPENAI_API_KEY"
env_key_instructions = "Get one from the portal."
wire_api = "chat"
query_params = { api-version = "2025-04-01-preview" }
http_headers = { X-Static = "1" }
env_http_headers = { X-Dyn = "DYN_VAR" }
request_max_retries = 1
stream_max_retries = 2
stream_idle_timeout_ms = 1000
requires_openai_auth = false
`);
    const { config } = await s.load();
    expect(config.modelProvider).toEqual({
      name: "Azure",
      baseUrl: "https://example.openai.azure.com/openai",
      envKey: "AZURE_OPENAI_API_KEY",
      envKeyInstructions: "Get one from the portal.",
      wireApi: "chat",
      queryParams: { "api-version": "2025-04-01-preview" },
      httpHeaders: { "X-Static": "1" },
      envHttpHeaders: { "X-Dyn": "DYN_VAR" },
      requestMaxRetries: 1,
      streamMaxRetries: 2,
      streamIdleTimeoutMs: 1000,
      requiresOpenaiAuth: false,
    });
    expect(Object.keys(config.modelProviders).sort()).toEqual(["azure", "openai", "oss"]);
  });

  it("a table for a built-in id is laid over the built-in", async () => {
    const s = makeSandbox();
    s.writeConfig("[model_providers.openai]\nrequest_max_retries = 0\n");
    const { config } = await s.load({}, { env: { OPENAI_BASE_URL: "http://127.0.0.1:9/v1" } });
    expect(config.modelProvider).toMatchObject({
      name: "OpenAI",
      baseUrl: "http://127.0.0.1:9/v1",
      envKey: "OPENAI_API_KEY",
      requestMaxRetries: 0,
    });
  });

  it("an override can complete a provider defined in the file", async () => {
    const s = makeSandbox();
    s.writeConfig('model_provider = "mock"\n[model_providers.mock]\nname = "Mock"\n');
    const { config } = await s.load({
      rawOverrides: ["model_providers.mock.base_url=http://127.0.0.1:5/v1"],
    });
    expect(config.modelProvider.baseUrl).toBe("http://127.0.0.1:5/v1");
    expect(config.modelProvider.wireApi).toBe("responses");
  });
});

describe("other keys", () => {
  it("model overrides win over the model family (unlike seed quirk B2.6)", async () => {
    const s = makeSandbox();
    s.writeConfig(
      'model = "gpt-5.5"\nmodel_context_window = 1000\nmodel_max_output_tokens = 100\nmodel_auto_compact_token_limit = 900\nmodel_reasoning_summary = "detailed"\nmodel_reasoning_effort = "none"\n',
    );
    const { config } = await s.load();
    expect(config.modelFamily.contextWindow).toBe(272_000);
    expect([
      config.modelContextWindow,
      config.modelMaxOutputTokens,
      config.modelAutoCompactTokenLimit,
      config.modelReasoningSummary,
      config.modelReasoningEffort,
    ]).toEqual([1000, 100, 900, "detailed", "none"]);
  });

  it("workspace-write settings resolve roots against the session cwd", async () => {
    const s = makeSandbox();
    s.writeConfig(
      'sandbox_mode = "workspace-write"\n[sandbox_workspace_write]\nwritable_roots = ["out", "/abs"]\nnetwork_access = true\nexclude_slash_tmp = true\n',
    );
    const { config } = await s.load();
    expect(config.sandboxPolicy).toEqual({
      type: "workspace-write",
      writable_roots: [join(s.work, "out"), "/abs"],
      network_access: true,
      exclude_tmpdir_env_var: false,
      exclude_slash_tmp: true,
    });
  });

  it("maps legacy sandbox_permissions and approval names with a warning", async () => {
    const s = makeSandbox();
    s.writeConfig(
      'approval_policy = "unless-allow-listed"\nsandbox_permissions = ["disk-full-read-access", "disk-write-cwd", "disk-write-platform-global-temp-folder", "disk-write-folder=/data"]\n',
    );
    const { config, warnings } = await s.load();
    expect(config.approvalPolicy).toBe("untrusted");
    expect(config.sandboxPolicy).toEqual({
      type: "workspace-write",
      writable_roots: ["/data"],
      network_access: false,
      exclude_tmpdir_env_var: true,
      exclude_slash_tmp: false,
    });
    expect(warnings).toEqual([
      `${s.configPath}:1:1: \`approval_policy = "unless-allow-listed"\` is a legacy value; treating it as "untrusted"`,
      `${s.configPath}:2:1: \`sandbox_permissions\` is deprecated; treating it as sandbox_mode = "workspace-write" (use sandbox_mode and [sandbox_workspace_write] instead)`,
    ]);
    const ro = makeSandbox();
    ro.writeConfig('sandbox_permissions = ["disk-full-read-access"]\n');
    expect((await ro.load()).config.sandboxMode).toBe("read-only");
    ro.writeConfig('sandbox_permissions = ["disk-full-write-access", "network-full-access"]\n');
    expect((await ro.load()).config.sandboxMode).toBe("danger-full-access");
    ro.writeConfig('sandbox_permissions = ["disk-full-read-access", "bogus"]\n');
    await expect(ro.load()).rejects.toThrow(
      `Error loading config.toml: ${ro.configPath}:1:1: invalid value for \`sandbox_permissions\`: unknown permission "bogus"; expected one of`,
    );
  });

  it("reads the remaining sections", async () => {
    const s = makeSandbox();
    writeFileSync(join(s.home, "base.md"), "Be brief.\n");
    s.writeConfig(`
notify = ["notify-send", "codex"]
hide_agent_reasoning = true
show_raw_agent_reasoning = true
disable_response_storage = true
developer_instructions = "dev"
experimental_instructions_file = "base.md"
project_doc_max_bytes = 0
project_doc_fallback_filenames = ["CLAUDE.md"]
use_experimental_unified_exec_tool = true
include_plan_tool = true
file_opener = "cursor"

[history]
persistence = "none"
max_bytes = 1000

[shell_environment_policy]
inherit = "core"
ignore_default_excludes = true
exclude = ["AWS_*"]
set = { CI = "1" }
include_only = ["PATH"]

[features]
web_search_request = true

[tools]
view_image = false
update_plan.enabled = false

[tools.read_file]
enabled = true

[tui]
notifications = ["agent-turn-complete"]

[projects."/repo"]
trust_level = "trusted"

[mcp_servers.docs]
command = "npx"
args = ["-y", "docs-server"]
env = { TOKEN_FILE = "/x" }
env_vars = ["HOME"]
startup_timeout_ms = 2500
enabled_tools = ["search"]

[mcp_servers.web]
url = "https://mcp.example.com/mcp"
bearer_token_env_var = "WEB_TOKEN"
required = true
tool_timeout_sec = 5

[otel]
environment = "dev"

[notice]
hide_full_access_warning = true
`);
    const { config, warnings } = await s.load();
    expect(warnings).toEqual([]);
    expect(config).toMatchObject({
      notify: ["notify-send", "codex"],
      hideAgentReasoning: true,
      showRawAgentReasoning: true,
      disableResponseStorage: true,
      developerInstructions: "dev",
      baseInstructions: "Be brief.\n",
      projectDocMaxBytes: 0,
      projectDocFallbackFilenames: ["CLAUDE.md"],
      history: { persistence: "none", maxBytes: 1000 },
      shellEnvironmentPolicy: {
        inherit: "core",
        ignoreDefaultExcludes: true,
        exclude: ["AWS_*"],
        set: { CI: "1" },
        includeOnly: ["PATH"],
      },
      features: { web_search_request: true, unified_exec: true },
      // include_plan_tool only fills in what [tools] leaves unset.
      tools: { view_image: false, update_plan: false, read_file: true },
      tui: { notifications: ["agent-turn-complete"] },
      projects: { "/repo": { trustLevel: "trusted" } },
    });
    expect(config.mcpServers["docs"]).toEqual({
      command: "npx",
      args: ["-y", "docs-server"],
      env: { TOKEN_FILE: "/x" },
      envVars: ["HOME"],
      cwd: undefined,
      url: undefined,
      bearerTokenEnvVar: undefined,
      httpHeaders: {},
      envHttpHeaders: {},
      enabled: true,
      required: false,
      startupTimeoutSec: 2.5,
      toolTimeoutSec: 60,
      enabledTools: ["search"],
      disabledTools: [],
    });
    expect(config.mcpServers["web"]).toMatchObject({
      url: "https://mcp.example.com/mcp",
      bearerTokenEnvVar: "WEB_TOKEN",
      required: true,
      startupTimeoutSec: 30,
      toolTimeoutSec: 5,
    });
  });

  it("flags for instructions beat the file", async () => {
    const s = makeSandbox();
    s.writeConfig('base_instructions = "file"\ndeveloper_instructions = "file"\n');
    const { config } = await s.load({ baseInstructions: "flag", developerInstructions: "flag2" });
    expect([config.baseInstructions, config.developerInstructions]).toEqual(["flag", "flag2"]);
  });

  it("ignoreUserConfig skips config.toml entirely", async () => {
    const s = makeSandbox();
    s.writeConfig("this is not toml");
    const { config } = await s.load({ ignoreUserConfig: true });
    expect(config.model).toBe(DEFAULT_MODEL);
  });
});
