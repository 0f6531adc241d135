import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL, loadConfig } from "../../src/config/index.js";
import { makeSandbox } from "./helpers.js";

describe("loadConfig defaults", () => {
  it("loads with no config file and writes nothing", async () => {
    const s = makeSandbox();
    const before = readdirSync(s.home);
    const { config, warnings } = await s.load();
    expect(warnings).toEqual([]);
    expect(readdirSync(s.home)).toEqual(before);
    expect(config).toMatchObject({
      codexHome: s.home,
      configPath: s.configPath,
      cwd: s.work,
      model: DEFAULT_MODEL,
      reviewModel: DEFAULT_MODEL,
      modelProviderId: "openai",
      modelContextWindow: 272_000,
      modelReasoningEffort: "medium",
      modelReasoningSummary: "none",
      modelVerbosity: "low",
      approvalPolicy: "on-request",
      sandboxMode: "read-only",
      sandboxPolicy: { type: "read-only" },
      projectDocMaxBytes: 32768,
      projectDocFallbackFilenames: [],
      history: { persistence: "save-all" },
      shellEnvironmentPolicy: { inherit: "all", ignoreDefaultExcludes: false },
      disableResponseStorage: false,
    });
    expect(config.modelProvider).toEqual({
      name: "OpenAI",
      baseUrl: "https://api.openai.com/v1",
      envKey: "OPENAI_API_KEY",
      envKeyInstructions: expect.stringContaining("OPENAI_API_KEY"),
      wireApi: "responses",
      queryParams: {},
      httpHeaders: {},
      envHttpHeaders: {
        "OpenAI-Organization": "OPENAI_ORGANIZATION",
        "OpenAI-Project": "OPENAI_PROJECT",
      },
      requestMaxRetries: 4,
      streamMaxRetries: 5,
      streamIdleTimeoutMs: 300_000,
      requiresOpenaiAuth: true,
    });
  });

  it("does not create CODEX_HOME when it is missing", async () => {
    const s = makeSandbox();
    const home = join(s.root, "not-yet");
    await loadConfig({ cli: {}, cwd: s.work, env: { CODEX_HOME: home } });
    expect(existsSync(home)).toBe(false);
  });

  it("resolves a relative CODEX_HOME against the process cwd", async () => {
    const s = makeSandbox();
    const { config } = await loadConfig({ cli: {}, cwd: s.root, env: { CODEX_HOME: "home" } });
    expect(config.codexHome).toBe(s.home);
  });
});

describe("precedence: flags > -c > profile > file > defaults", () => {
  const FILE = `
model = "from-file"
approval_policy = "untrusted"
sandbox_mode = "read-only"
model_reasoning_effort = "low"
profile = "p"

[profiles.p]
model = "from-profile"
approval_policy = "on-failure"
`;

  it.each([
    ["file only", {}, undefined, "from-file"],
    ["profile over file", {}, "p", "from-profile"],
    ["-c over profile", { rawOverrides: ["model=from-c"] }, "p", "from-c"],
    ["flag over -c", { rawOverrides: ["model=from-c"], model: "from-flag" }, "p", "from-flag"],
  ])("%s", async (_name, cli, profile, model) => {
    const s = makeSandbox();
    s.writeConfig(profile ? FILE : FILE.replace('profile = "p"', ""));
    const { config } = await s.load(cli);
    expect(config.model).toBe(model);
    expect(config.activeProfile).toBe(profile);
    // Keys the upper layers do not mention fall through from the file.
    expect(config.modelReasoningEffort).toBe("low");
  });

  it("applies each layer to approval policy and sandbox", async () => {
    const s = makeSandbox();
    s.writeConfig(FILE);
    expect((await s.load()).config.approvalPolicy).toBe("on-failure");
    expect((await s.load({ rawOverrides: ["approval_policy=never"] })).config.approvalPolicy).toBe(
      "never",
    );
    expect(
      (await s.load({ rawOverrides: ["approval_policy=never"], approvalPolicy: "untrusted" }))
        .config.approvalPolicy,
    ).toBe("untrusted");
    expect((await s.load({}, { forceApprovalPolicy: "never" })).config.approvalPolicy).toBe(
      "never",
    );
    expect(
      (await makeSandbox().load({}, { defaults: { approvalPolicy: "never" } })).config
        .approvalPolicy,
    ).toBe("never");
  });

  it("--profile beats profile = and -c profile=", async () => {
    const s = makeSandbox();
    s.writeConfig(`${FILE}\n[profiles.q]\nmodel = "q-model"\n[profiles.r]\nmodel = "r-model"\n`);
    expect((await s.load({ rawOverrides: ["profile=q"] })).config.model).toBe("q-model");
    expect((await s.load({ rawOverrides: ["profile=q"], profile: "r" })).config.model).toBe(
      "r-model",
    );
  });

  it("-c profiles.NAME.key edits the selected profile", async () => {
    const s = makeSandbox();
    s.writeConfig(FILE);
    const { config } = await s.load({ rawOverrides: ["profiles.p.model_verbosity=high"] });
    expect(config.modelVerbosity).toBe("high");
    expect(config.model).toBe("from-profile");
  });

  it("loads a profile from $CODEX_HOME/NAME.config.toml", async () => {
    const s = makeSandbox();
    writeFileSync(
      join(s.home, "work.config.toml"),
      'model = "o3"\nsandbox_mode = "workspace-write"\n',
    );
    const { config } = await s.load({ profile: "work" });
    expect([config.model, config.sandboxMode, config.activeProfile]).toEqual([
      "o3",
      "workspace-write",
      "work",
    ]);
  });
});

describe("shortcut flags", () => {
  it("--full-auto is workspace-write + on-request, explicit flags still win", async () => {
    const s = makeSandbox();
    const { config } = await s.load({ fullAuto: true });
    expect([config.sandboxMode, config.approvalPolicy]).toEqual(["workspace-write", "on-request"]);
    expect(config.sandboxPolicy).toEqual({
      type: "workspace-write",
      writable_roots: [],
      network_access: false,
      exclude_tmpdir_env_var: false,
      exclude_slash_tmp: false,
    });
    const forced = await s.load({ fullAuto: true }, { forceApprovalPolicy: "never" });
    expect(forced.config.approvalPolicy).toBe("never");
    expect((await s.load({ fullAuto: true, sandboxMode: "read-only" })).config.sandboxMode).toBe(
      "read-only",
    );
  });

  it("--dangerously-bypass-approvals-and-sandbox", async () => {
    const s = makeSandbox();
    s.writeConfig('sandbox_mode = "read-only"\napproval_policy = "untrusted"\n');
    const { config } = await s.load({ dangerouslyBypassApprovalsAndSandbox: true });
    expect([config.sandboxMode, config.approvalPolicy, config.sandboxPolicy]).toEqual([
      "danger-full-access",
      "never",
      { type: "danger-full-access" },
    ]);
  });

  it("--oss picks the oss provider and gpt-oss:20b over the configured model", async () => {
    const s = makeSandbox();
    s.writeConfig('model = "gpt-5.5"\n');
    const { config } = await s.load({ oss: true });
    expect(config.modelProviderId).toBe("oss");
    expect(config.model).toBe("gpt-oss:20b");
    expect(config.modelProvider).toMatchObject({
      baseUrl: "http://localhost:11434/v1",
      wireApi: "chat",
    });
    expect(config.modelProvider.envKey).toBeUndefined();
    expect((await s.load({ oss: true, model: "qwen3" })).config.model).toBe("qwen3");
  });

  it("--cd resolves against the process cwd", async () => {
    const s = makeSandbox();
    mkdirSync(join(s.work, "sub"));
    expect((await s.load({ cwd: "sub" })).config.cwd).toBe(join(s.work, "sub"));
  });
});
