// Commander glue for `codex sandbox [linux|macos] [--full-auto] [-c ...] -- CMD...` and the legacy
// `codex debug landlock|seatbelt` aliases.
import { ConfigError, loadConfig } from "../config/index.js";
import { createChildEnv } from "../exec/env-policy.js";
import { runSandboxCli } from "./sandbox.js";
import { toCliOverrides, type SessionFlags } from "./shared-options.js";

export interface SandboxFlags extends SessionFlags {
  fullAuto?: boolean;
  /** Print the sandbox layers active on this machine instead of running a command. */
  explain?: boolean;
}

export async function runSandboxCommand(
  platformArg: "linux" | "macos" | undefined,
  command: string[],
  flags: SandboxFlags,
): Promise<number> {
  let config;
  try {
    ({ config } = await loadConfig({ cli: toCliOverrides(flags) }));
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (flags.explain) {
    const { explainSandboxCommand } = await import("./sandbox-explain.js");
    process.stdout.write(await explainSandboxCommand(config));
    return 0;
  }
  const platform = platformArg ?? (process.platform === "darwin" ? "macos" : "linux");
  // The command sees the same scrubbed environment the model's commands would.
  const env = createChildEnv(config.shellEnvironmentPolicy, process.env);
  return runSandboxCli({
    platform,
    command,
    policy: config.sandboxPolicy,
    cwd: config.cwd,
    codexHome: config.codexHome,
    env,
    helperPath: config.codexLinuxSandboxExe,
  });
}
