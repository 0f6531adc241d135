// Some spawn plans hand the program bytes on file descriptor 3 (bwrap reads its seccomp filter
// from there). With pipes, the spawner adds a fourth stdio pipe and writes the bytes; a terminal
// (node-pty) cannot pass extra descriptors, so there a short `sh` script feeds fd 3 instead.
// Either way there is no file on disk that a sandboxed command could tamper with.
import { spawn, type ChildProcess, type SpawnOptions, type StdioOptions } from "node:child_process";
import type { Writable } from "node:stream";

export interface Fd3Plan {
  program: string;
  args: string[];
  /** Bytes the program reads on fd 3, until end of file. */
  fd3?: Buffer;
}

/** `sh -c FD3_SCRIPT sh BYTES PROGRAM ARGS…`: BYTES (octal escapes) reach PROGRAM on fd 3. */
export const FD3_SCRIPT =
  'f=$1; shift; exec 4<&0; printf "$f" | { exec 3<&0 0<&4 4<&-; exec "$@"; }';

/** Every byte as a `\ooo` escape, for `printf` (argv cannot carry NULs). */
export function octalEscape(bytes: Buffer): string {
  let out = "";
  for (const byte of bytes) out += `\\${byte.toString(8).padStart(3, "0")}`;
  return out;
}

/** The plan for a spawner that cannot pass descriptors (a PTY): fd 3 fed by `sh`. */
export function inlineFd3<T extends Fd3Plan>(plan: T): T {
  if (!plan.fd3) return plan;
  return {
    ...plan,
    program: "/bin/sh",
    args: ["-c", FD3_SCRIPT, "sh", octalEscape(plan.fd3), plan.program, ...plan.args],
    fd3: undefined,
  };
}

/**
 * `spawn` for a plan: with fd 3 bytes, a fourth stdio pipe is added and fed, then closed. `argv`
 * is the plan's own unless a caller puts something in front (tests switch users that way).
 */
export function spawnFd3Plan(
  plan: Fd3Plan,
  options: SpawnOptions & { stdio: Exclude<StdioOptions, string> },
  argv: readonly string[] = [plan.program, ...plan.args],
): ChildProcess {
  const stdio = plan.fd3 ? [...options.stdio, "pipe" as const] : options.stdio;
  const child = spawn(argv[0]!, argv.slice(1), { ...options, stdio });
  if (plan.fd3) {
    const pipe = child.stdio[3] as Writable | null | undefined;
    // A program that failed to start, or exited without reading, closes its end: not our error.
    pipe?.on("error", () => undefined);
    pipe?.end(plan.fd3);
  }
  return child;
}
