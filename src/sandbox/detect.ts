// Finds the best sandbox mechanism on this machine: the compiled helper, then bwrap, then none.
import { execFile } from "node:child_process";
import { trackProcess } from "../exec/resource-scope.js";
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SandboxBackend } from "./backend.js";
import type { SandboxEnv } from "./policy.js";
import { SANDBOX_EXEC_PATH } from "./transform.js";

export const HELPER_NAME = "codex-linux-sandbox";

export interface DetectOptions {
  platform?: NodeJS.Platform;
  /** Explicit helper path (config `codexLinuxSandboxExe`); otherwise `$CODEX_LINUX_SANDBOX_EXE`, then the build output. */
  helperPath?: string;
  env?: SandboxEnv;
}

export interface HelperProbe {
  landlockAbi: number;
  userNamespaces: boolean;
}

function isExecutableFile(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** `native/build/codex-linux-sandbox` of this package, from both src/ and a bundled dist/. */
export function defaultHelperPath(): string | undefined {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    const candidate = join(dir, "native", "build", HELPER_NAME);
    if (isExecutableFile(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return undefined;
}

export function findOnPath(name: string, env: SandboxEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutableFile(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Parses `codex-linux-sandbox --probe` output (`version=1 landlock_abi=7 userns=1 …`). */
export function parseHelperProbe(stdout: string): HelperProbe | undefined {
  const fields = new Map<string, string>();
  for (const token of stdout.trim().split(/\s+/)) {
    const eq = token.indexOf("=");
    if (eq > 0) fields.set(token.slice(0, eq), token.slice(eq + 1));
  }
  const abi = Number(fields.get("landlock_abi"));
  if (!Number.isInteger(abi)) return undefined;
  return { landlockAbi: abi, userNamespaces: fields.get("userns") === "1" };
}

function run(
  program: string,
  args: string[],
): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  return new Promise((resolvePromise) => {
    const child = execFile(
      program,
      args,
      { timeout: 10_000, encoding: "utf8" },
      (error, stdout, stderr) => {
        resolvePromise({ ok: !error, stdout, stderr });
      },
    );
    // A probe still running when codex exits is ended with everything else we started.
    const tracked = trackProcess(child.pid, { kind: "probe", group: false });
    child.once("exit", () => tracked.exited());
  });
}

const cache = new Map<string, Promise<SandboxBackend>>();

/** Detects once per (platform, helper, PATH) and caches the answer for the process lifetime. */
export function detectSandboxBackend(opts: DetectOptions = {}): Promise<SandboxBackend> {
  const platform = opts.platform ?? process.platform;
  const env = opts.env ?? process.env;
  const helperPath = opts.helperPath ?? env.CODEX_LINUX_SANDBOX_EXE ?? defaultHelperPath();
  const key = JSON.stringify([platform, helperPath, env.PATH]);
  let pending = cache.get(key);
  if (!pending) {
    pending = detectUncached(platform, helperPath, env);
    cache.set(key, pending);
  }
  return pending;
}

async function detectUncached(
  platform: NodeJS.Platform,
  helperPath: string | undefined,
  env: SandboxEnv,
): Promise<SandboxBackend> {
  if (platform === "darwin") {
    if (isExecutableFile(SANDBOX_EXEC_PATH))
      return { kind: "seatbelt", sandboxExecPath: SANDBOX_EXEC_PATH };
    return { kind: "none", reason: `${SANDBOX_EXEC_PATH} was not found`, platform };
  }
  if (platform !== "linux") {
    return { kind: "none", reason: `no sandbox implementation for ${platform}`, platform };
  }

  const problems: string[] = [];
  const helper = await probeHelper(helperPath);
  if (helper.usable) {
    return {
      kind: "linux-helper",
      helperPath: helper.path,
      landlockAbi: helper.probe.landlockAbi,
      userNamespaces: helper.probe.userNamespaces,
    };
  }
  problems.push(helper.problem);

  const bwrap = await probeBwrap(env);
  if (bwrap.usable)
    return { kind: "bwrap", bwrapPath: bwrap.path, disableUserns: bwrap.disableUserns };
  problems.push(bwrap.problem);
  return { kind: "none", reason: problems.join("; "), platform };
}

export type HelperStatus =
  | { usable: true; path: string; probe: HelperProbe }
  | { usable: false; path?: string; probe?: HelperProbe; problem: string };

/** Runs `codex-linux-sandbox --probe`; usable when it answers and Landlock is there. */
export async function probeHelper(helperPath: string | undefined): Promise<HelperStatus> {
  if (!helperPath || !isExecutableFile(helperPath))
    return { usable: false, problem: `the sandbox helper ${HELPER_NAME} was not built` };
  const result = await run(helperPath, ["--probe"]);
  const probe = result.ok ? parseHelperProbe(result.stdout) : undefined;
  if (probe && probe.landlockAbi >= 1) return { usable: true, path: helperPath, probe };
  return {
    usable: false,
    path: helperPath,
    probe,
    problem: probe
      ? "the kernel has no Landlock support (needs Linux 5.13+ with landlock enabled)"
      : `${helperPath} --probe failed: ${(result.stderr || result.stdout).trim() || "no output"}`,
  };
}

export type BwrapStatus =
  | { usable: true; path: string; disableUserns: boolean }
  | { usable: false; path?: string; problem: string };

/** Whether bubblewrap is installed and can build a sandbox here (user namespaces allowed). */
export async function probeBwrap(env: SandboxEnv): Promise<BwrapStatus> {
  const path = isExecutableFile("/usr/bin/bwrap") ? "/usr/bin/bwrap" : findOnPath("bwrap", env);
  if (!path) return { usable: false, problem: "bubblewrap (bwrap) is not installed" };
  const base = ["--unshare-user", "--cap-drop", "ALL", "--ro-bind", "/", "/"];
  const check = await run(path, [...base, "--", "true"]);
  if (!check.ok) {
    return {
      usable: false,
      path,
      problem: `${path} cannot create a sandbox: ${check.stderr.trim() || "unknown error"}`,
    };
  }
  const nested = await run(path, [...base, "--disable-userns", "--", "true"]);
  return { usable: true, path, disableUserns: nested.ok };
}
