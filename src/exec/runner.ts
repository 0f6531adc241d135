// Runs one command to completion: bounded capture, timeout and cancellation that take the
// whole process tree down, and never a hang or a throw because of what the command does.

import type { ChildProcess } from "node:child_process";
import { closeSync, openSync, statSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { constants as osConstants, tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable } from "node:stream";
import { spawnFd3Plan } from "./fd3.js";
import { openMergedChannel, type MergedChannel } from "./merged-channel.js";
import { DEFAULT_CAPTURE_BYTES, HeadTailBuffer, type CapturedOutput } from "./output-buffer.js";
import { signalProcessGroup } from "./process-group.js";
import { trackProcess, type TrackedProcess } from "./resource-scope.js";

/** A ready-to-run command: the sandbox transform, if any, has already been applied. */
export interface SpawnPlan {
  program: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** `argv[0]` seen by the program, when it must differ from `program`. */
  arg0?: string;
  /** Bytes the program reads on fd 3 (bwrap's seccomp filter); see ./fd3.ts. */
  fd3?: Buffer;
}

export type OutputStream = "stdout" | "stderr";

export interface RunOptions {
  /** Kill the process group after this long. No limit when omitted. */
  timeoutMs?: number;
  /** Aborting kills the process group, like a timeout. */
  signal?: AbortSignal;
  /**
   * Live output, in arrival order (raw bytes, may split characters). The buffer may be
   * reused once the callback returns: copy it to keep it.
   */
  onOutput?: (chunk: Buffer, stream: OutputStream) => void;
  /** `"ignore"` (default) gives the command /dev/null; a string is written then closed. */
  stdin?: "ignore" | string;
  /** Bytes kept per capture (head + tail). */
  captureBytes?: number;
  /**
   * `"merged"` (default): stdout and stderr share one channel, so `output` has their exact
   * interleaving; `stdout` then holds the same merged bytes and `stderr` is empty.
   * `"separate"`: two pipes, exact `stdout`/`stderr`, but `output` interleaves them only
   * in the order we happened to read them.
   */
  streams?: "merged" | "separate";
  /** After SIGTERM, how long the group gets before SIGKILL. */
  killGraceMs?: number;
  /**
   * After the command exits, how long to keep reading while something else (e.g. a
   * `sleep 100 &` it left behind) still holds its output open.
   */
  drainTimeoutMs?: number;
}

export interface RunResult {
  /** The command's exit code; 124 on timeout; 128+n when killed by signal n. */
  exitCode: number;
  /** Signal that ended the direct child, if any. */
  signal: string | null;
  timedOut: boolean;
  aborted: boolean;
  durationMs: number;
  /** stdout and stderr merged, bounded. */
  output: CapturedOutput;
  stdout: CapturedOutput;
  stderr: CapturedOutput;
  /** Set when the command could not be started at all; a sentence for the model/user. */
  spawnError: string | null;
  pid: number | null;
}

/** Exit code reported for a timed-out command (as `timeout(1)` does). */
export const TIMEOUT_EXIT_CODE = 124;
export const DEFAULT_KILL_GRACE_MS = 500;
export const DEFAULT_DRAIN_TIMEOUT_MS = 2_000;

function signalExitCode(signal: NodeJS.Signals | null): number {
  if (signal === null) return -1;
  const number = osConstants.signals[signal];
  return number === undefined ? -1 : 128 + number;
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Turns a spawn failure into a sentence that says what to fix. */
export function describeSpawnError(plan: SpawnPlan, error: NodeJS.ErrnoException): string {
  if (error.code === "ENOENT") {
    if (!isDirectory(plan.cwd)) {
      return `failed to start \`${plan.program}\`: working directory ${plan.cwd} does not exist or is not a directory`;
    }
    return `failed to start \`${plan.program}\`: program not found (check the name and PATH)`;
  }
  if (error.code === "EACCES") {
    return `failed to start \`${plan.program}\`: permission denied (is it executable?)`;
  }
  return `failed to start \`${plan.program}\`: ${error.message}`;
}

/**
 * Stdin text is served from an unlinked temp file rather than a pipe: Node's pipes are
 * sockets, and bash treats a socket on stdin as a remote-shell login and sources
 * ~/.bashrc, which changes what the command does.
 */
async function openStdinFile(text: string): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), "codex-ts-stdin-"));
  const path = join(dir, "stdin");
  try {
    await writeFile(path, text);
    return openSync(path, "r");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

interface Captures {
  output: HeadTailBuffer;
  /** Null in merged mode, where the streams cannot be told apart. */
  stdout: HeadTailBuffer | null;
  stderr: HeadTailBuffer | null;
}

function deliver(
  captures: Captures,
  options: RunOptions,
  chunk: Buffer,
  stream: OutputStream,
): void {
  captures.output.push(chunk);
  (stream === "stdout" ? captures.stdout : captures.stderr)?.push(chunk);
  if (!options.onOutput) return;
  try {
    options.onOutput(chunk, stream);
  } catch {
    // A faulty listener must not take the run down with it.
  }
}

function emptyCapture(): CapturedOutput {
  return new HeadTailBuffer(0).snapshot();
}

function earlyResult(partial: Partial<RunResult>, startedAt: number): RunResult {
  const empty = emptyCapture();
  return {
    exitCode: -1,
    signal: null,
    timedOut: false,
    aborted: false,
    durationMs: performance.now() - startedAt,
    output: empty,
    stdout: empty,
    stderr: empty,
    spawnError: null,
    pid: null,
    ...partial,
  };
}

/** Runs `plan` to completion. Never rejects: failures are described in the result. */
export async function runProcess(plan: SpawnPlan, options: RunOptions = {}): Promise<RunResult> {
  const startedAt = performance.now();
  if (options.signal?.aborted) return earlyResult({ aborted: true, exitCode: 130 }, startedAt);

  const capacity = options.captureBytes ?? DEFAULT_CAPTURE_BYTES;
  const merged = (options.streams ?? "merged") === "merged";
  const captures: Captures = {
    output: new HeadTailBuffer(capacity),
    stdout: merged ? null : new HeadTailBuffer(capacity),
    stderr: merged ? null : new HeadTailBuffer(capacity),
  };
  let channel: MergedChannel | null = null;
  if (merged) {
    try {
      channel = await openMergedChannel((chunk) => deliver(captures, options, chunk, "stdout"));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return earlyResult({ spawnError: `failed to set up output capture: ${message}` }, startedAt);
    }
  }

  let stdinFd: number | "ignore" = "ignore";
  if (options.stdin !== undefined && options.stdin !== "ignore") {
    try {
      stdinFd = await openStdinFile(options.stdin);
    } catch (error) {
      channel?.childEnd.destroy();
      channel?.readEnd.destroy();
      const message = error instanceof Error ? error.message : String(error);
      return earlyResult({ spawnError: `failed to prepare stdin: ${message}` }, startedAt);
    }
  }
  let child: ChildProcess;
  try {
    child = spawnFd3Plan(plan, {
      cwd: plan.cwd,
      env: plan.env,
      argv0: plan.arg0,
      detached: true,
      stdio: channel ? [stdinFd, channel.childEnd, channel.childEnd] : [stdinFd, "pipe", "pipe"],
    });
  } catch (error) {
    channel?.childEnd.destroy();
    channel?.readEnd.destroy();
    return earlyResult(
      { spawnError: describeSpawnError(plan, error as NodeJS.ErrnoException) },
      startedAt,
    );
  } finally {
    if (typeof stdinFd === "number") closeSync(stdinFd);
  }
  // The child holds its own copies now; ours would keep the channel from ever ending.
  channel?.childEnd.destroy();
  // Tracked until its whole group is gone: background jobs it leaves behind end with the session.
  const tracked = trackProcess(child.pid, { kind: "command", group: true });

  return collect(plan, child, channel, options, captures, startedAt, tracked);
}

function collect(
  plan: SpawnPlan,
  child: ChildProcess,
  channel: MergedChannel | null,
  options: RunOptions,
  captures: Captures,
  startedAt: number,
  tracked: TrackedProcess,
): Promise<RunResult> {
  const { output, stdout: stdoutBuffer, stderr: stderrBuffer } = captures;
  // The merged channel delivers its chunks itself (see openMergedChannel); pipes use events.
  const readers: Array<[Readable, OutputStream | null]> = channel
    ? [[channel.readEnd, null]]
    : [
        [child.stdout as Readable, "stdout"],
        [child.stderr as Readable, "stderr"],
      ];

  return new Promise<RunResult>((resolve) => {
    let openReaders = readers.length;
    let exited = false;
    let exitCode: number | null = null;
    let exitSignal: NodeJS.Signals | null = null;
    let killReason: "timeout" | "abort" | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const finish = (spawnError: string | null = null): void => {
      if (settled) return;
      settled = true;
      for (const timer of timers) clearTimeout(timer);
      options.signal?.removeEventListener("abort", onAbort);
      // Anything still alive in the group after a kill (e.g. ignoring SIGTERM) goes now.
      if (killReason !== null) signalProcessGroup(child.pid, "SIGKILL");
      for (const [reader] of readers) reader.destroy();
      const timedOut = killReason === "timeout";
      const merged = output.snapshot();
      resolve({
        exitCode: spawnError
          ? -1
          : timedOut
            ? TIMEOUT_EXIT_CODE
            : (exitCode ?? signalExitCode(exitSignal)),
        signal: exitSignal,
        timedOut,
        aborted: killReason === "abort",
        durationMs: performance.now() - startedAt,
        output: merged,
        stdout: stdoutBuffer ? stdoutBuffer.snapshot() : merged,
        stderr: stderrBuffer ? stderrBuffer.snapshot() : emptyCapture(),
        spawnError,
        pid: child.pid ?? null,
      });
    };
    const maybeFinish = (): void => {
      if (exited && openReaders === 0) finish();
    };
    const requestKill = (reason: "timeout" | "abort"): void => {
      if (settled || killReason !== null) return;
      if (exited) {
        // Only leftovers holding the output open remain; stop waiting for them.
        signalProcessGroup(child.pid, "SIGKILL");
        finish();
        return;
      }
      killReason = reason;
      signalProcessGroup(child.pid, "SIGTERM");
      const grace = options.killGraceMs ?? DEFAULT_KILL_GRACE_MS;
      timers.push(setTimeout(() => signalProcessGroup(child.pid, "SIGKILL"), grace));
    };
    function onAbort(): void {
      requestKill("abort");
    }

    for (const [reader, stream] of readers) {
      if (stream !== null) {
        reader.on("data", (chunk: Buffer) => deliver(captures, options, chunk, stream));
      }
      reader.on("error", () => undefined);
      reader.on("close", () => {
        openReaders--;
        maybeFinish();
      });
    }

    child.on("error", (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) finish(describeSpawnError(plan, error));
    });
    child.on("exit", (code, signal) => {
      tracked.exited();
      exited = true;
      exitCode = code;
      exitSignal = signal;
      if (openReaders > 0) {
        const drain = options.drainTimeoutMs ?? DEFAULT_DRAIN_TIMEOUT_MS;
        timers.push(setTimeout(() => finish(), drain));
      }
      maybeFinish();
    });

    if (options.timeoutMs !== undefined) {
      timers.push(setTimeout(() => requestKill("timeout"), Math.max(0, options.timeoutMs)));
    }
    options.signal?.addEventListener("abort", onAbort, { once: true });
    // Aborted while the channel was being set up: the listener above will never fire.
    if (options.signal?.aborted) onAbort();
  });
}
