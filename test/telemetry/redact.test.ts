// What the scrubber hides before anything reaches an exporter.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { Config } from "../../src/config/types.js";
import { loadConfig } from "../../src/config/index.js";
import { collectSecrets, Scrubber } from "../../src/telemetry/redact.js";
import { tempDir } from "../temp-dir.js";

async function configWith(toml: string, env: NodeJS.ProcessEnv): Promise<Config> {
  const home = tempDir("codex-ts-redact-");
  writeFileSync(path.join(home, "config.toml"), toml);
  writeFileSync(
    path.join(home, "auth.json"),
    JSON.stringify({ OPENAI_API_KEY: "sk-from-auth-json-77" }),
  );
  return (await loadConfig({ cli: { cwd: home }, env: { ...env, CODEX_HOME: home } })).config;
}

describe("secret scrubbing", () => {
  it("hides keys, auth.json, secret-looking env values, MCP and OTLP headers", async () => {
    const env = {
      OPENAI_API_KEY: "sk-openai-env-key-1",
      GITHUB_TOKEN: "ghp_envtoken_123456",
      HARMLESS: "just-a-normal-value",
      OTLP_TOKEN: "otlp-token-abcdef",
      TEAM_HEADER: "team-header-value-9",
    };
    const config = await configWith(
      `
[mcp_servers.web]
url = "https://mcp.example.com/mcp"
http_headers = { "x-static" = "static-header-secret" }
env_http_headers = { "x-team" = "TEAM_HEADER" }

[otel]
exporter = { otlp-http = { endpoint = "https://otel.example.com/v1/logs", headers = { "x-key" = "\${OTLP_TOKEN}" } } }
`,
      env,
    );
    const s = new Scrubber(collectSecrets(config, env));
    const text = [
      "sk-openai-env-key-1",
      "sk-from-auth-json-77",
      "ghp_envtoken_123456",
      "static-header-secret",
      "team-header-value-9",
      "otlp-token-abcdef",
      "Authorization: Bearer abc.def-ghi",
      "just-a-normal-value",
    ].join(" | ");
    expect(s.scrub(text)).toBe(
      "[REDACTED] | [REDACTED] | [REDACTED] | [REDACTED] | [REDACTED] | [REDACTED] | Authorization: Bearer [REDACTED] | just-a-normal-value",
    );
  });

  it("hides prompts once added, but not short ones that would hit ordinary words", () => {
    const s = new Scrubber([]);
    s.addPrompt("  deploy the thing to production now  ");
    s.addPrompt("hi");
    expect(s.scrub("echo 'deploy the thing to production now' # hi")).toBe(
      "echo '[REDACTED]' # hi",
    );
  });
});
