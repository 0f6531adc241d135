// Shared machinery for the sandbox integration tests: building the helper, running commands
// through the real transform as root or as an unprivileged user, and outside-world fixtures.
import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import {
  accessSync,
  chmodSync,
  constants,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from "node:fs";
import { createServer } from "node:net";
import type { Server } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnFd3Plan } from "../../src/exec/fd3.js";
import type { SandboxPolicy } from "../../src/protocol/index.js";
import type { SandboxBackend } from "../../src/sandbox/backend.js";
import { sandboxPolicyFromMode } from "../../src/sandbox/policy.js";
import { buildSpawnPlan } from "../../src/sandbox/transform.js";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
export const SYSTEM_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
export const NOBODY = 65534;

export type ModeName = "read-only" | "workspace-write" | "danger-full-access";
export const MODES: readonly ModeName[] = ["read-only", "workspace-write", "danger-full-access"];

/** bwrap as detection sees it (an executable regular file), or undefined on this host. */
export function findBwrap(): string | undefined {
  return ["/usr/bin/bwrap", "/bin/bwrap"].find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

export interface TestUser {
  name: string;
  uid: number;
  /** argv prefix that switches to this user (empty for the current user). */
  prefix: string[];
}

export function testUsers(): TestUser[] {
  const self: TestUser = {
    name: process.getuid?.() === 0 ? "root" : "current user",
    uid: process.getuid?.() ?? 0,
    prefix: [],
  };
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((path) => existsSync(path));
  if (process.getuid?.() !== 0 || !setpriv) return [self];
  return [
    self,
    {
      name: "nobody",
      uid: NOBODY,
      prefix: [setpriv, `--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups"],
    },
  ];
}

/** Builds the helper with the real build script and copies it where any user can run it. */
export function buildHelper(binDir: string): string {
  const build = spawnSync(
    process.execPath,
    [join(REPO_ROOT, "scripts/build-native.mjs"), "--quiet"],
    { encoding: "utf8" },
  );
  const built = join(REPO_ROOT, "native/build/codex-linux-sandbox");
  if (build.status !== 0 || !existsSync(built)) {
    throw new Error(`building the sandbox helper failed: ${build.stdout}${build.stderr}`);
  }
  mkdirSync(binDir, { recursive: true });
  const helper = join(binDir, "codex-linux-sandbox");
  copyFileSync(built, helper);
  chmodSync(helper, 0o755);
  return helper;
}

export function compileC(source: string, output: string): void {
  const result = spawnSync("cc", ["-O0", "-o", output, source], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`cc ${source} failed: ${result.stderr}`);
  chmodSync(output, 0o755);
}

/**
 * Runs the i386 `int 0x80` probe without any sandbox. Kernels booted with ia32_emulation=0 (or
 * built without IA32) kill it with SIGSEGV, so "the sandbox denies it" proves nothing there.
 */
export function hostIa32(): { works: boolean; code: number } {
  if (process.arch !== "x64") return { works: false, code: -1 };
  const dir = mkdtempSync(join("/var/tmp", "codex-sbx-ia32-"));
  try {
    compileC(join(REPO_ROOT, "test/sandbox/probes/int80.c"), join(dir, "int80"));
    const result = spawnSync(join(dir, "int80"), { encoding: "utf8" });
    const code = result.status ?? 128 + (result.signal === "SIGSEGV" ? 11 : 0);
    return { works: code === 0, code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A world-traversable scratch directory outside /tmp (which workspace-write makes writable). */
export function makeBaseDir(prefix: string): string {
  const base = mkdtempSync(join("/var/tmp", prefix));
  chmodSync(base, 0o755);
  return base;
}

export function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isDirectory()) chownTree(child, uid);
    else if (!entry.isSymbolicLink()) chownSync(child, uid, uid);
  }
}

export interface RunResult {
  code: number;
  output: string;
}

export interface RunSpec {
  user: TestUser;
  mode: ModeName;
  script: string;
  cwd: string;
  backend: SandboxBackend;
  env: Record<string, string>;
  codexHome: string;
  policy?: SandboxPolicy;
}

/** Runs `sh -c script` through buildSpawnPlan, switching user outside the sandbox. */
export function runInSandbox(spec: RunSpec): Promise<RunResult> {
  const plan = buildSpawnPlan({
    command: ["/bin/sh", "-c", spec.script],
    cwd: spec.cwd,
    policy: spec.policy ?? sandboxPolicyFromMode(spec.mode),
    env: spec.env,
    codexHome: spec.codexHome,
    backend: spec.backend,
  });
  const argv = [...spec.user.prefix, plan.program, ...plan.args];
  const stdio: ["ignore", "pipe", "pipe"] = ["ignore", "pipe", "pipe"];
  return collect(spawnFd3Plan(plan, { cwd: plan.cwd, env: plan.env, stdio }, argv));
}

export function collect(child: ChildProcess): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    let output = "";
    child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) =>
      resolvePromise({ code: code ?? 128 + signalNumber(signal), output }),
    );
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  return signal === "SIGKILL" ? 9 : signal === "SIGSYS" ? 31 : signal === "SIGTERM" ? 15 : 0;
}

/** Runs tasks with bounded parallelism, keeping result order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!);
    }
  });
  await Promise.all(workers);
  return results;
}

/** A process outside the sandbox, owned by `user`, to signal or ptrace. */
export async function startVictim(user: TestUser): Promise<ChildProcess> {
  const argv = [...user.prefix, "/bin/sleep", "600"];
  const child = spawn(argv[0]!, argv.slice(1), { stdio: "ignore" });
  await new Promise<void>((resolvePromise, reject) => {
    child.once("spawn", () => resolvePromise());
    child.once("error", reject);
  });
  return child;
}

/** Whether a pid is still a live (not zombie) process. */
export function isAlive(child: ChildProcess): boolean {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return false;
  try {
    const stat = readFileSync(`/proc/${child.pid}/stat`, "utf8");
    const state = stat.slice(stat.lastIndexOf(")") + 2, stat.lastIndexOf(")") + 3);
    return state !== "" && state !== "Z" && state !== "X";
  } catch {
    return false;
  }
}

export function listen(
  server: Server,
  address: string | { host: string; port: number },
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    if (typeof address === "string") server.listen(address, () => resolvePromise());
    else server.listen(address.port, address.host, () => resolvePromise());
  });
}

export function acceptingServer(): Server {
  return createServer((socket) => socket.end());
}

export function portOf(server: Server): number {
  const address = server.address();
  if (!address || typeof address === "string") throw new Error("server has no TCP port");
  return address.port;
}
