// The sandbox transform: policy + command + cwd -> how to spawn it. Pure apart from the
// optional path resolution used for Seatbelt, which callers may replace.
import type { SandboxPolicy } from "../protocol/index.js";
import type { SandboxBackend, SandboxKind } from "./backend.js";
import { SandboxUnavailableError } from "./backend.js";
import {
  PROTECTED_NAMES,
  hasFullNetworkAccess,
  resolveExistingPrefix,
  writableRoots,
} from "./policy.js";
import type { SandboxEnv } from "./policy.js";
import { bwrapInvocation, type PathProbe } from "./bwrap.js";
import { seatbeltInvocation } from "./seatbelt.js";

export interface SpawnRequest {
  /** argv; `command[0]` is looked up on PATH by the final exec. */
  command: string[];
  /** Session cwd: the command runs here and policy paths resolve against it. */
  cwd: string;
  policy: SandboxPolicy;
  env: SandboxEnv;
  codexHome: string;
  backend: SandboxBackend;
  /** Canonicalises roots for Seatbelt (which matches real paths, e.g. /private/tmp). */
  realpath?: (path: string) => string;
  /** Whether bwrap's protected paths exist (the real filesystem unless a test says otherwise). */
  probe?: PathProbe;
}

export interface SpawnPlan {
  program: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  sandbox: SandboxKind;
  /** Bytes the program reads on fd 3 (bwrap's seccomp filter); spawners use src/exec/fd3.ts. */
  fd3?: Buffer;
}

/** `CODEX_SANDBOX` per mechanism; macOS matches Codex, the Linux names are ours. */
export const CODEX_SANDBOX_VALUES: Record<Exclude<SandboxKind, "none">, string> = {
  "linux-helper": "landlock",
  bwrap: "bwrap",
  seatbelt: "seatbelt",
};

export const SANDBOX_EXEC_PATH = "/usr/bin/sandbox-exec";

function definedEnv(env: SandboxEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

export function buildSpawnPlan(req: SpawnRequest): SpawnPlan {
  const [program, ...rest] = req.command;
  if (program === undefined || program === "") throw new Error("sandbox command must not be empty");
  const env = definedEnv(req.env);
  if (req.policy.type === "danger-full-access") {
    return { program, args: rest, env, cwd: req.cwd, sandbox: "none" };
  }

  const backend = req.backend;
  if (backend.kind === "none") throw new SandboxUnavailableError(backend.reason, backend.platform);
  env.CODEX_SANDBOX = CODEX_SANDBOX_VALUES[backend.kind];
  const network = hasFullNetworkAccess(req.policy);
  if (!network) env.CODEX_SANDBOX_NETWORK_DISABLED = "1";
  const roots = writableRoots(req.policy, req.cwd, req.env, req.codexHome);

  switch (backend.kind) {
    case "linux-helper": {
      const args = [
        "--mode",
        req.policy.type,
        network ? "--network" : "--no-network",
        "--cwd",
        req.cwd,
      ];
      for (const { root } of roots) args.push("--writable-root", root);
      for (const name of PROTECTED_NAMES) args.push("--protect", name);
      args.push("--", ...req.command);
      return { program: backend.helperPath, args, env, cwd: req.cwd, sandbox: "linux-helper" };
    }
    case "bwrap": {
      const { program, args, fd3 } = bwrapInvocation({
        bwrapPath: backend.bwrapPath,
        disableUserns: backend.disableUserns ?? false,
        command: req.command,
        cwd: req.cwd,
        roots,
        network,
        probe: req.probe,
      });
      return { program, args, env, cwd: req.cwd, sandbox: "bwrap", ...(fd3 ? { fd3 } : {}) };
    }
    case "seatbelt": {
      const realpath = req.realpath ?? resolveExistingPrefix;
      const { profile, params } = seatbeltInvocation(
        req.policy,
        roots.map((entry) => ({
          root: realpath(entry.root),
          protectedPaths: entry.protectedPaths.map((path) => realpath(path)),
        })),
      );
      const args = [
        "-p",
        profile,
        ...params.map(([key, value]) => `-D${key}=${value}`),
        "--",
        ...req.command,
      ];
      return { program: backend.sandboxExecPath, args, env, cwd: req.cwd, sandbox: "seatbelt" };
    }
  }
}
