// `codex sandbox linux|macos -- CMD…` (and `codex debug landlock|seatbelt`): run one command
// under the configured policy with the terminal attached, exiting with its status.
import { constants as osConstants } from "node:os";
import { spawnFd3Plan } from "../exec/fd3.js";
import type { SandboxPolicy } from "../protocol/index.js";
import { SandboxUnavailableError } from "../sandbox/backend.js";
import { detectSandboxBackend } from "../sandbox/detect.js";
import { buildSpawnPlan } from "../sandbox/transform.js";

export interface SandboxCliOptions {
  platform: "linux" | "macos";
  command: string[];
  policy: SandboxPolicy;
  cwd: string;
  codexHome: string;
  env: NodeJS.ProcessEnv;
  /** Helper to use instead of the built one (config `codexLinuxSandboxExe`). */
  helperPath?: string;
}

/** Exit status when the sandbox cannot be set up (the helper's own failures use 125). */
export const SANDBOX_CLI_FAILURE = 1;

function signalExitCode(signal: NodeJS.Signals): number {
  const number = osConstants.signals[signal];
  return 128 + (typeof number === "number" ? number : 0);
}

export async function runSandboxCli(opts: SandboxCliOptions): Promise<number> {
  if (opts.command.length === 0 || opts.command[0] === "") {
    process.stderr.write(
      "codex sandbox: no command given; usage: codex sandbox linux [--full-auto] -- COMMAND [ARGS...]\n",
    );
    return SANDBOX_CLI_FAILURE;
  }
  const backend = await detectSandboxBackend({
    platform: opts.platform === "macos" ? "darwin" : "linux",
    env: opts.env,
    helperPath: opts.helperPath,
  });
  let plan;
  try {
    plan = buildSpawnPlan({
      command: opts.command,
      cwd: opts.cwd,
      policy: opts.policy,
      env: opts.env,
      codexHome: opts.codexHome,
      backend,
    });
  } catch (error) {
    if (error instanceof SandboxUnavailableError) {
      process.stderr.write(`codex sandbox: ${error.message}\n`);
      return SANDBOX_CLI_FAILURE;
    }
    throw error;
  }

  return new Promise<number>((resolvePromise) => {
    const child = spawnFd3Plan(plan, {
      cwd: plan.cwd,
      env: plan.env,
      stdio: ["inherit", "inherit", "inherit"],
    });
    // Ctrl-C reaches the child through the terminal; other termination requests are passed on.
    const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
    const handlers = (["SIGTERM", "SIGHUP"] as const).map(
      (signal) => [signal, forward(signal)] as const,
    );
    const onInterrupt = () => {};
    for (const [signal, handler] of handlers) process.on(signal, handler);
    process.on("SIGINT", onInterrupt);
    const cleanup = () => {
      for (const [signal, handler] of handlers) process.off(signal, handler);
      process.off("SIGINT", onInterrupt);
    };
    child.on("error", (error: NodeJS.ErrnoException) => {
      cleanup();
      process.stderr.write(`codex sandbox: cannot run ${plan.program}: ${error.message}\n`);
      resolvePromise(error.code === "ENOENT" ? 127 : 126);
    });
    child.on("exit", (code, signal) => {
      cleanup();
      resolvePromise(code ?? (signal ? signalExitCode(signal) : SANDBOX_CLI_FAILURE));
    });
  });
}
