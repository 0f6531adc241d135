// Some spawn plans hand the program bytes on file descriptor 3 (bwrap reads its seccomp filter
// from there). With pipes, the spawner adds a fourth stdio pipe and writes the bytes; a terminal
// (node-pty) cannot pass extra descriptors, so there a short `sh` script feeds fd 3 instead.
// Either way there is no file on disk that a sandboxed command could tamper with.
import type { ChildProcess, StdioOptions } from "node:child_process";
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

/** The three standard stdio entries, plus a pipe on fd 3 when the plan has bytes for it. */
export function stdioWithFd3(plan: Fd3Plan, stdio: Exclude<StdioOptions, string>): StdioOptions {
  return plan.fd3 ? [...stdio, "pipe"] : stdio;
}

/** Writes the plan's fd 3 bytes to a child spawned with `stdioWithFd3`, then closes the pipe. */
export function feedFd3(child: ChildProcess, plan: Fd3Plan): void {
  if (!plan.fd3) return;
  const pipe = child.stdio[3] as Writable | null | undefined;
  if (!pipe) return;
  // A program that failed to start, or exited without reading, closes its end: not our error.
  pipe.on("error", () => undefined);
  pipe.end(plan.fd3);
}
