// The Environment seam (design principle 9): everything a tool does to the world — spawning
// commands (pipes or a terminal), writing their stdin, signalling them, reading and writing
// files — goes through the session's Environment. LocalEnvironment does it on this machine;
// RemoteEnvironment asks a `codex exec-server` elsewhere. The model loop, approvals and
// rollouts never leave the user's machine.
import type { RunOptions, RunResult, SpawnPlan } from "../exec/runner.js";
import type { SessionProcess } from "../exec/session-process.js";
import type { SandboxPolicy } from "../protocol/index.js";

/** What a tool asks to run, before any sandbox is applied. */
export interface CommandSpec {
  command: string[];
  cwd: string;
  env: Record<string, string>;
  policy: SandboxPolicy;
  codexHome: string;
  /** Linux helper override (`codex_linux_sandbox_exe`); local environments only. */
  helperPath?: string;
}

/** A ready-to-run command in a given environment. */
export interface EnvironmentPlan extends SpawnPlan {
  /** What wraps it: "none", a local mechanism, or "remote" when the server applies it. */
  sandbox?: string;
  /** For remote environments: the permission profile the server enforces. */
  remoteSandbox?: { permissions: unknown; cwd: string };
}

export interface FileStat {
  isFile: boolean;
  isDirectory: boolean;
  isSymlink: boolean;
  size: number;
  mtimeMs: number;
}

/** File operations in the environment. Errors carry Node-style `code`s (ENOENT, EROFS, …). */
export interface EnvironmentFs {
  readFile(path: string): Promise<Buffer>;
  writeFile(path: string, data: Buffer | string): Promise<void>;
  stat(path: string): Promise<FileStat>;
  readdir(path: string): Promise<Array<{ name: string; isDirectory: boolean; isFile: boolean }>>;
  mkdir(path: string, opts?: { recursive?: boolean }): Promise<void>;
  remove(path: string, opts?: { recursive?: boolean; force?: boolean }): Promise<void>;
  realpath(path: string): Promise<string>;
}

/** Facts about where commands run, for the model's environment context. */
export interface EnvironmentInfo {
  kind: "local" | "remote";
  /** Where a remote environment runs (its URL); empty for local. */
  location: string;
  /** The directory commands start in when the user did not pick one. */
  cwd: string;
  shell: string;
  platform: string;
  homeDir: string;
  tempDir: string;
}

export interface Environment {
  readonly kind: "local" | "remote";
  info(): Promise<EnvironmentInfo>;
  /** The environment variables commands start from (before the shell environment policy). */
  baseEnv(): Promise<Record<string, string | undefined>>;
  /** The one definition of how a command is spawned here under a sandbox policy. */
  plan(spec: CommandSpec): Promise<EnvironmentPlan>;
  /** Runs a command to completion. Never rejects: failures are described in the result. */
  run(plan: EnvironmentPlan, options?: RunOptions): Promise<RunResult>;
  /** Starts a long-lived command (an `exec_command` session), on a terminal when `tty`. */
  startSession(
    plan: EnvironmentPlan,
    tty: boolean,
    onData: (chunk: Buffer) => void,
  ): Promise<SessionProcess>;
  readonly fs: EnvironmentFs;
  /** Ends every process this environment started for the session and closes connections. */
  dispose(): Promise<void>;
}
