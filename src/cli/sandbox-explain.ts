// `codex sandbox --explain` and `codex debug sandbox`: probe this machine's sandbox layers.
import type { Config } from "../config/index.js";
import { createChildEnv } from "../exec/env-policy.js";
import { defaultHelperPath, probeBwrap, probeHelper } from "../sandbox/detect.js";
import { explainSandbox } from "../sandbox/explain.js";
import { writableRoots } from "../sandbox/policy.js";

export async function explainSandboxCommand(config: Config): Promise<string> {
  const env = createChildEnv(config.shellEnvironmentPolicy, process.env);
  const helperPath =
    config.codexLinuxSandboxExe ?? process.env.CODEX_LINUX_SANDBOX_EXE ?? defaultHelperPath();
  const linux = process.platform === "linux";
  const [helper, bwrap] = linux
    ? await Promise.all([probeHelper(helperPath), probeBwrap(env)])
    : [
        { usable: false as const, problem: "Linux only" },
        { usable: false as const, problem: "Linux only" },
      ];
  return explainSandbox({
    platform: process.platform,
    arch: process.arch,
    helper,
    bwrap,
    policy: config.sandboxPolicy,
    writableRoots: writableRoots(config.sandboxPolicy, config.cwd, env, config.codexHome).map(
      (entry) => entry.root,
    ),
  });
}
