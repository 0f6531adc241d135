// Every bad config input gets one clear message naming where it is and what to do.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/config/index.js";
import { makeSandbox } from "./helpers.js";

async function loadError(run: () => Promise<unknown>): Promise<ConfigError> {
  try {
    await run();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error("expected a ConfigError");
}

describe("config errors", () => {
  it("broken TOML names file, line and column", async () => {
    const s = makeSandbox();
    s.writeConfig('model = "gpt-5.5"\n\nfoo = = 3\n');
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:3:7: invalid TOML: invalid value`,
    );
    expect([err.file, err.line, err.column]).toEqual([s.configPath, 3, 7]);
  });

  it("a bad enum value names file, line, column and key", async () => {
    const s = makeSandbox();
    s.writeConfig('model = "gpt-5.5"\n\n# mode\nsandbox_mode = "bogus"\n');
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:4:1: invalid value for \`sandbox_mode\`: expected one of read-only, workspace-write, danger-full-access, got "bogus"`,
    );
    expect(err.key).toBe("sandbox_mode");
  });

  it("a wrong type inside a nested table points at the key", async () => {
    const s = makeSandbox();
    s.writeConfig('[model_providers.mock]\nname = "Mock"\n  request_max_retries = "four"\n');
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:3:3: invalid value for \`model_providers.mock.request_max_retries\`: expected an integer between 0 and 100, got "four"`,
    );
    expect([err.line, err.column, err.key]).toEqual([
      3,
      3,
      "model_providers.mock.request_max_retries",
    ]);
  });

  it("a wrong type in an inline table or a profile is located too", async () => {
    const s = makeSandbox();
    s.writeConfig('[profiles.fast]\nmodel = "o3"\ntui = { notifications = "yes" }\n');
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:3:9: invalid value for \`profiles.fast.tui.notifications\`: expected a boolean or an array of strings, got "yes"`,
    );
  });

  it("an unknown provider lists the known ones and points at model_provider", async () => {
    const s = makeSandbox();
    s.writeConfig(
      'model_provider = "nope"\n[model_providers.mock]\nbase_url = "http://127.0.0.1:1/v1"\n',
    );
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:1:1: unknown model provider \`nope\`; known providers: mock, openai, oss. Define it in a [model_providers.nope] table in ${s.configPath}`,
    );
  });

  it("an unknown provider from -c names the override", async () => {
    const s = makeSandbox();
    const err = await loadError(() => s.load({ rawOverrides: ["model_provider=nope"] }));
    expect(err.message).toBe(
      `Invalid config override \`-c model_provider=nope\`: unknown model provider \`nope\`; known providers: openai, oss. Define it in a [model_providers.nope] table in ${s.configPath}`,
    );
    expect(err.override).toBe("model_provider=nope");
  });

  it("a profile that does not exist names the v2 file and lists the legacy ones", async () => {
    const s = makeSandbox();
    s.writeConfig('[profiles.fast]\nmodel = "o3"\n[profiles.deep]\nmodel = "o3"\n');
    const err = await loadError(() => s.load({ profile: "slow" }));
    const home = path.dirname(s.configPath);
    expect(err.message).toBe(
      `Invalid --profile: config profile \`slow\` not found: there is no ${home}/slow.config.toml and no [profiles.slow] in ${s.configPath}; create slow.config.toml with the settings to layer on config.toml (legacy profiles in config.toml: deep, fast)`,
    );
    const none = makeSandbox();
    none.writeConfig('profile = "x"\n');
    const err2 = await loadError(() => none.load());
    const home2 = path.dirname(none.configPath);
    expect(err2.message).toBe(
      `Error loading config.toml: ${none.configPath}:1:1: config profile \`x\` not found: there is no ${home2}/x.config.toml and no [profiles.x] in ${none.configPath}; create x.config.toml with the settings to layer on config.toml`,
    );
  });

  it("-c without '=' is rejected before anything is read", async () => {
    const s = makeSandbox();
    s.writeConfig("this is not toml");
    const err = await loadError(() => s.load({ rawOverrides: ["model"] }));
    expect(err.message).toBe("Invalid override (missing '='): model");
  });

  it("a bad value in -c names the override instead of a file", async () => {
    const s = makeSandbox();
    const err = await loadError(() => s.load({ rawOverrides: ["sandbox_mode=bogus"] }));
    expect(err.message).toBe(
      'Invalid config override `-c sandbox_mode=bogus`: invalid value for `sandbox_mode`: expected one of read-only, workspace-write, danger-full-access, got "bogus"',
    );
    expect(err.file).toBeUndefined();
  });

  it("a provider without base_url points at its table", async () => {
    const s = makeSandbox();
    s.writeConfig('model = "m"\n\n[model_providers.local]\nname = "Local"\n');
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:3:1: model provider \`local\` has no \`base_url\`; add e.g. base_url = "http://localhost:8000/v1" to [model_providers.local]`,
    );
  });

  it("an MCP server needs exactly one of command and url", async () => {
    const s = makeSandbox();
    s.writeConfig('[mcp_servers.both]\ncommand = "x"\nurl = "http://127.0.0.1:1/mcp"\n');
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:1:1: MCP server \`both\` needs exactly one of \`command\` (stdio) or \`url\` (streamable HTTP)`,
    );
    const t = makeSandbox();
    t.writeConfig('[mcp_servers.web]\nurl = "http://127.0.0.1:1/mcp"\nenv = { A = "1" }\n');
    expect((await loadError(() => t.load())).message).toContain(
      `${t.configPath}:3:1: \`env\` is only valid for stdio servers`,
    );
  });

  it("unknown keys warn with file:line, and fail with strictConfig", async () => {
    const s = makeSandbox();
    s.writeConfig('model = "o3"\n\nbogus_key = 1\n[tui]\nsparkles = true\n');
    const { warnings } = await s.load();
    expect(warnings).toEqual([
      `${s.configPath}:3:1: unknown configuration field \`bogus_key\` (ignored)`,
      `${s.configPath}:5:1: unknown configuration field \`tui.sparkles\` (ignored)`,
    ]);
    const fromOverride = await makeSandbox().load({ rawOverrides: ["bogus=1"] });
    expect(fromOverride.warnings).toEqual([
      "-c bogus=1: unknown configuration field `bogus` (ignored)",
    ]);
    const err = await loadError(() => s.load({ strictConfig: true }));
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:3:1: unknown configuration field \`bogus_key\``,
    );
  });

  it("a missing --cd directory is a clear error", async () => {
    const s = makeSandbox();
    const err = await loadError(() => s.load({ cwd: "nope" }));
    expect(err.message).toBe(`Invalid --cd: directory ${s.work}/nope does not exist`);
  });

  it("a missing instructions file is located", async () => {
    const s = makeSandbox();
    s.writeConfig('experimental_instructions_file = "missing.md"\n');
    const err = await loadError(() => s.load());
    expect(err.message).toBe(
      `Error loading config.toml: ${s.configPath}:1:1: cannot read instructions file ${s.home}/missing.md (ENOENT)`,
    );
  });
});
