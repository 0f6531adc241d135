// A long-lived command behind an `exec_command` session: either on a pseudo-terminal
// (interactive, stdin open, echo like a real terminal) or on a merged output channel with
// stdin closed. Both look the same to the session manager.

import { closeSync, constants as fsConstants, openSync } from "node:fs";
import { constants as osConstants } from "node:os";
import { openMergedChannel } from "./merged-channel.js";
import { inlineFd3, spawnFd3Plan } from "./fd3.js";
import { signalProcessGroup } from "./process-group.js";
import { trackProcess } from "./resource-scope.js";
import {
  DEFAULT_DRAIN_TIMEOUT_MS,
  describeSpawnError,
  isDirectory,
  type SpawnPlan,
} from "./runner.js";

export interface SessionProcess {
  readonly tty: boolean;
  readonly pid: number | undefined;
  /** Null while running. */
  exitCode(): number | null;
  /** Resolves with the exit code once the command exited and its output was read. */
  readonly exited: Promise<number>;
  /** Sends text to stdin; false when this process has no open stdin. */
  write(chars: string): boolean;
  /** Signals the whole process group (SIGKILL unless told otherwise). */
  terminate(signal?: NodeJS.Signals): void;
}

/** Thrown when a session process cannot be started; the message is for the model. */
export class SessionStartError extends Error {}

/** Terminal size given to PTY sessions. */
export const PTY_COLS = 80;
export const PTY_ROWS = 24;

type PtyModule = typeof import("@lydell/node-pty");
let ptyModule: Promise<PtyModule> | null = null;

// Loaded on first use: the native addon is only needed once a model asks for a TTY.
function loadPty(): Promise<PtyModule> {
  ptyModule ??= import("@lydell/node-pty").then(
    (mod) => (mod as unknown as { default?: PtyModule }).default ?? mod,
  );
  return ptyModule;
}

/** Shell convention: a signal-killed process reports 128 + the signal number. */
function exitCodeOf(code: number | null, signal: number | NodeJS.Signals | null): number {
  const signalNumber =
    typeof signal === "string" ? (osConstants.signals[signal] ?? 0) : (signal ?? 0);
  if (signalNumber > 0) return 128 + signalNumber;
  return code ?? -1;
}

/**
 * Opens our own handle on the terminal's slave side. Without it, the command's exit can
 * be the last close of the terminal, and Linux then may drop output the command wrote
 * just before exiting (and hang up on it, so it reports SIGHUP instead of its exit code).
 * Returns null when the terminal cannot be opened; things then work, with that risk.
 */
function holdTerminalOpen(term: { ptsName?: string }): number | null {
  const path = term.ptsName;
  if (typeof path !== "string" || path === "") return null;
  try {
    return openSync(path, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
  } catch {
    return null;
  }
}

function assertCwd(plan: SpawnPlan): void {
  if (!isDirectory(plan.cwd)) {
    throw new SessionStartError(
      `working directory ${plan.cwd} does not exist or is not a directory`,
    );
  }
}

export async function startSessionProcess(
  plan: SpawnPlan,
  tty: boolean,
  onData: (chunk: Buffer) => void,
): Promise<SessionProcess> {
  assertCwd(plan);
  return tty ? startPty(plan, onData) : startPiped(plan, onData);
}

async function startPty(
  planned: SpawnPlan,
  onData: (chunk: Buffer) => void,
): Promise<SessionProcess> {
  const pty = await loadPty();
  const plan = inlineFd3(planned);
  let term: ReturnType<PtyModule["spawn"]>;
  try {
    term = pty.spawn(plan.program, plan.args, {
      name: plan.env.TERM ?? "xterm-256color",
      cols: PTY_COLS,
      rows: PTY_ROWS,
      cwd: plan.cwd,
      env: plan.env,
      // Raw bytes: decoding happens once, at the end, over whole characters.
      encoding: null,
    });
  } catch (error) {
    throw new SessionStartError(describeSpawnError(plan, error as NodeJS.ErrnoException));
  }
  let code: number | null = null;
  term.onData((data: string | Buffer) => {
    onData(typeof data === "string" ? Buffer.from(data) : data);
  });
  const slaveFd = holdTerminalOpen(term as unknown as { ptsName?: string });
  // The PTY child is a session (and group) leader, so the group is its whole tree.
  const tracked = trackProcess(term.pid, { kind: "exec-session", group: true });
  // node-pty reports exit once the terminal's output stream closed (or, while we hold the
  // terminal open, a fixed 200 ms after the process ended).
  const exited = new Promise<number>((resolve) => {
    term.onExit(({ exitCode, signal }) => {
      tracked.exited();
      if (slaveFd !== null) closeSync(slaveFd);
      code = exitCodeOf(exitCode, signal ?? null);
      resolve(code);
    });
  });
  return {
    tty: true,
    pid: term.pid,
    exitCode: () => code,
    exited,
    write(chars) {
      try {
        term.write(chars);
      } catch {
        // The terminal is closing; the exit will show in the reply.
      }
      return true;
    },
    terminate(signal = "SIGKILL") {
      signalProcessGroup(term.pid, signal);
    },
  };
}

async function startPiped(
  plan: SpawnPlan,
  onData: (chunk: Buffer) => void,
): Promise<SessionProcess> {
  const channel = await openMergedChannel(onData);
  const child = spawnFd3Plan(plan, {
    cwd: plan.cwd,
    env: plan.env,
    argv0: plan.arg0,
    detached: true,
    stdio: ["ignore", channel.childEnd, channel.childEnd],
  });
  channel.childEnd.destroy();
  try {
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
  } catch (error) {
    channel.readEnd.destroy();
    throw new SessionStartError(describeSpawnError(plan, error as NodeJS.ErrnoException));
  }
  child.on("error", () => undefined);
  const tracked = trackProcess(child.pid, { kind: "exec-session", group: true });

  const reader = channel.readEnd;
  reader.on("error", () => undefined);
  const readerClosed = new Promise<void>((resolve) => reader.once("close", () => resolve()));

  let code: number | null = null;
  const exited = new Promise<number>((resolve) => {
    child.once("exit", (exitCode, signal) => {
      tracked.exited();
      const final = exitCodeOf(exitCode, signal);
      // Leftover background jobs may hold the output open; read what comes quickly,
      // then stop listening rather than wait for them.
      const drain = setTimeout(() => reader.destroy(), DEFAULT_DRAIN_TIMEOUT_MS);
      void readerClosed.then(() => {
        clearTimeout(drain);
        code = final;
        resolve(final);
      });
    });
  });
  return {
    tty: false,
    pid: child.pid,
    exitCode: () => code,
    exited,
    write: () => false,
    terminate(signal = "SIGKILL") {
      signalProcessGroup(child.pid, signal);
    },
  };
}
