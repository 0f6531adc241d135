// Finds the best sandbox mechanism on this machine: the compiled helper, then bwrap, then none.
import { execFile } from "node:child_process";
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
    execFile(program, args, { timeout: 10_000, encoding: "utf8" }, (error, stdout, stderr) => {
      resolvePromise({ ok: !error, stdout, stderr });
    });
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
  if (helperPath && isExecutableFile(helperPath)) {
    const probe = await run(helperPath, ["--probe"]);
    const parsed = probe.ok ? parseHelperProbe(probe.stdout) : undefined;
    if (parsed && parsed.landlockAbi >= 1) {
      return {
        kind: "linux-helper",
        helperPath,
        landlockAbi: parsed.landlockAbi,
        userNamespaces: parsed.userNamespaces,
      };
    }
    problems.push(
      parsed
        ? "the kernel has no Landlock support (needs Linux 5.13+ with landlock enabled)"
        : `${helperPath} --probe failed: ${(probe.stderr || probe.stdout).trim() || "no output"}`,
    );
  } else {
    problems.push(`the sandbox helper ${HELPER_NAME} was not built`);
  }

  const bwrapPath = isExecutableFile("/usr/bin/bwrap")
    ? "/usr/bin/bwrap"
    : findOnPath("bwrap", env);
  if (bwrapPath) {
    const base = ["--unshare-user", "--cap-drop", "ALL", "--ro-bind", "/", "/"];
    const check = await run(bwrapPath, [...base, "--", "true"]);
    if (check.ok) {
      const nested = await run(bwrapPath, [...base, "--disable-userns", "--", "true"]);
      return { kind: "bwrap", bwrapPath, disableUserns: nested.ok };
    }
    problems.push(
      `${bwrapPath} cannot create a sandbox: ${check.stderr.trim() || "unknown error"}`,
    );
  } else {
    problems.push("bubblewrap (bwrap) is not installed");
  }
  return { kind: "none", reason: problems.join("; "), platform };
}
