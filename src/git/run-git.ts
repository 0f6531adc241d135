// Runs git as a subprocess with settings that make it safe to call behind the user's back:
// no hooks, no fsmonitor daemon, no automatic gc, no signing prompts, no pager.
import { spawn } from "node:child_process";

export interface GitOptions {
  cwd: string;
  /** Extra environment (e.g. GIT_INDEX_FILE for a private index). */
  env?: Record<string, string>;
  /** Written to git's stdin, then closed. */
  input?: string | Buffer;
  /** Kill git after this long (default 30 s). */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export class GitError extends Error {
  constructor(
    readonly args: readonly string[],
    readonly result: GitResult,
  ) {
    const detail = result.stderr.trim() || `exit code ${result.code}`;
    super(`git ${args.join(" ")} failed: ${detail}`);
    this.name = "GitError";
  }
}

export const DEFAULT_GIT_TIMEOUT_MS = 30_000;

const SAFE_CONFIG = [
  "-c",
  "core.hooksPath=/dev/null",
  "-c",
  "core.fsmonitor=false",
  "-c",
  "gc.auto=0",
  "-c",
  "maintenance.auto=false",
];

/** Variables from the user's shell that would make git use another index than we ask for. */
const DROPPED_ENV = ["GIT_INDEX_FILE"];

function gitEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of DROPPED_ENV) delete env[name];
  env.GIT_TERMINAL_PROMPT = "0";
  env.GIT_PAGER = "cat";
  env.GIT_OPTIONAL_LOCKS = "0";
  return { ...env, ...extra };
}

/** Run git; resolves with whatever it printed and its exit code (never rejects for exit codes). */
export function runGit(args: readonly string[], opts: GitOptions): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("git", [...SAFE_CONFIG, ...args], {
      cwd: opts.cwd,
      env: gitEnv(opts.env),
      stdio: ["pipe", "pipe", "pipe"],
      signal: opts.signal,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (d: Buffer) => out.push(d));
    child.stderr.on("data", (d: Buffer) => err.push(d));
    const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS);
    timer.unref();
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code: code ?? (signal ? 128 : 1),
        stdout: Buffer.concat(out),
        stderr: Buffer.concat(err).toString("utf8"),
      });
    });
    // git may exit before reading its input (e.g. on a bad argument): ignore EPIPE.
    child.stdin.on("error", () => undefined);
    child.stdin.end(opts.input ?? "");
  });
}

/** Run git and return its trimmed stdout; throws GitError on a non-zero exit. */
export async function git(args: readonly string[], opts: GitOptions): Promise<string> {
  const result = await runGit(args, opts);
  if (result.code !== 0) throw new GitError(args, result);
  return result.stdout.toString("utf8").trim();
}

/** The top of the work tree containing `cwd`, or null outside a repository (or without git). */
export async function repoRoot(cwd: string): Promise<string | null> {
  try {
    const result = await runGit(["rev-parse", "--show-toplevel"], { cwd, timeoutMs: 5_000 });
    if (result.code !== 0) return null;
    const root = result.stdout.toString("utf8").trim();
    return root === "" ? null : root;
  } catch {
    return null;
  }
}

/** The commit HEAD points at, or null on an unborn branch. */
export async function headCommit(root: string): Promise<string | null> {
  const result = await runGit(["rev-parse", "--verify", "--quiet", "HEAD^{commit}"], {
    cwd: root,
  });
  return result.code === 0 ? result.stdout.toString("utf8").trim() : null;
}

/** Split NUL-separated git output (`-z`) into its fields. */
export function splitNul(buf: Buffer): string[] {
  const text = buf.toString("utf8");
  const parts = text.split("\0");
  if (parts[parts.length - 1] === "") parts.pop();
  return parts;
}
