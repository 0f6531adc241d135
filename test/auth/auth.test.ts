import { chmodSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  AuthFileError,
  MissingApiKeyError,
  maskApiKey,
  readAuthFile,
  resolveApiKey,
  saveApiKey,
} from "../../src/auth/index.js";
import { builtInProviders, type ModelProviderInfo } from "../../src/config/index.js";
import { tempDir } from "../temp-dir.js";

function tempHome(): string {
  return join(tempDir("codex-ts-auth-"), "home");
}

const openai = builtInProviders({})["openai"] as ModelProviderInfo;
const oss = builtInProviders({})["oss"] as ModelProviderInfo;
const custom: ModelProviderInfo = {
  ...oss,
  name: "Mock",
  envKey: "MOCK_API_KEY",
  envKeyInstructions: undefined,
};

describe("auth.json", () => {
  it("is written atomically with mode 0600 in the Codex format, creating CODEX_HOME", () => {
    const home = tempHome();
    saveApiKey(home, "sk-test-1234567890");
    const path = join(home, "auth.json");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(home).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(path, "utf8"))).toEqual({
      OPENAI_API_KEY: "sk-test-1234567890",
    });
    expect(readdirSync(home)).toEqual(["auth.json"]);
  });

  it("tightens the mode of an existing, too-open file when rewriting it", () => {
    const home = tempHome();
    saveApiKey(home, "old");
    const path = join(home, "auth.json");
    chmodSync(path, 0o644);
    saveApiKey(home, "new");
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readAuthFile(home)?.OPENAI_API_KEY).toBe("new");
  });

  it("reports a corrupt file with what to do", () => {
    const home = tempHome();
    saveApiKey(home, "x");
    writeFileSync(join(home, "auth.json"), "{nope");
    expect(() => readAuthFile(home)).toThrow(AuthFileError);
    expect(() => readAuthFile(home)).toThrow(
      `${join(home, "auth.json")} is not valid JSON; delete it or run \`codex login --with-api-key\` again`,
    );
  });
});

describe("resolveApiKey", () => {
  it("prefers the provider env_key, then CODEX_API_KEY, then auth.json", () => {
    const home = tempHome();
    saveApiKey(home, "sk-from-file");
    const env = { OPENAI_API_KEY: "sk-from-env", CODEX_API_KEY: "sk-from-codex" };
    expect(resolveApiKey(openai, "openai", env, home)).toEqual({
      key: "sk-from-env",
      source: "OPENAI_API_KEY",
    });
    expect(resolveApiKey(openai, "openai", { ...env, OPENAI_API_KEY: " " }, home)).toEqual({
      key: "sk-from-codex",
      source: "CODEX_API_KEY",
    });
    expect(resolveApiKey(openai, "openai", {}, home)).toEqual({
      key: "sk-from-file",
      source: join(home, "auth.json"),
    });
  });

  it("a missing OpenAI key is one line naming the variable and codex login", () => {
    const home = tempHome();
    let err: unknown;
    try {
      resolveApiKey(openai, "openai", {}, home);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MissingApiKeyError);
    const message = (err as Error).message;
    expect(message).toBe(
      "Missing API key: set OPENAI_API_KEY or run `codex login --with-api-key`. Create a key at https://platform.openai.com/api-keys and export it as OPENAI_API_KEY.",
    );
    expect(message).not.toContain("\n");
  });

  it("other providers use only their env_key; providers without one need no key", () => {
    const home = tempHome();
    saveApiKey(home, "sk-openai");
    expect(resolveApiKey(custom, "mock", { MOCK_API_KEY: "m" }, home)).toEqual({
      key: "m",
      source: "MOCK_API_KEY",
    });
    expect(() => resolveApiKey(custom, "mock", { CODEX_API_KEY: "c" }, home)).toThrow(
      "Missing API key for model provider `mock`: set MOCK_API_KEY (`codex login` stores a key for the OpenAI provider only).",
    );
    expect(resolveApiKey(oss, "oss", {}, home)).toEqual({ key: undefined, source: "none" });
    const viaOpenaiAuth = { ...custom, requiresOpenaiAuth: true };
    expect(resolveApiKey(viaOpenaiAuth, "mock", {}, home).key).toBe("sk-openai");
  });
});

describe("maskApiKey", () => {
  it("keeps the first 8 and last 5 characters", () => {
    expect(maskApiKey("sk-proj-abcdefghijklmnop12345")).toBe("sk-proj-***12345");
    expect(maskApiKey("short-key")).toBe("***");
  });
});
