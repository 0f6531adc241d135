// Sessions behind the `exec_command` / `write_stdin` tool pair: a command keeps running
// after a call returns, and later calls feed it input or collect what it printed since.

import { randomBytes, randomInt } from "node:crypto";
import { HeadTailBuffer, DEFAULT_CAPTURE_BYTES } from "./output-buffer.js";
import { currentResourceScope, DEFAULT_TERMINATE_GRACE_MS } from "./resource-scope.js";
import type { SpawnPlan } from "./runner.js";
import { SessionStartError, startSessionProcess, type SessionProcess } from "./session-process.js";
import {
  DEFAULT_MAX_OUTPUT_TOKENS,
  formatUnifiedExecReply,
  truncateForModel,
  type ModelOutput,
} from "./truncate.js";

/** `exec_command` `yield_time_ms`: default and clamp range. */
export const EXEC_DEFAULT_YIELD_MS = 10_000;
export const MIN_YIELD_MS = 250;
export const MAX_YIELD_MS = 30_000;
/** `write_stdin` with input: default wait. */
export const WRITE_DEFAULT_YIELD_MS = 250;
/** `write_stdin` with empty `chars` (a poll): lower bound and default upper bound. */
export const MIN_EMPTY_POLL_YIELD_MS = 5_000;
export const DEFAULT_MAX_POLL_YIELD_MS = 300_000;
export const DEFAULT_MAX_SESSIONS = 64;
/** closeAll(): how long to wait for exits after SIGKILL (output draining included). */
const CLOSE_WAIT_AFTER_KILL_MS = 3_000;

/**
 * Variables set for every session command. Models cannot answer a pager or read colour
 * codes, so paging and colour are switched off and the locale is pinned to UTF-8.
 */
export const UNIFIED_EXEC_ENV: Readonly<Record<string, string>> = {
  NO_COLOR: "1",
  TERM: "dumb",
  LANG: "C.UTF-8",
  LC_CTYPE: "C.UTF-8",
  LC_ALL: "C.UTF-8",
  COLORTERM: "",
  PAGER: "cat",
  GIT_PAGER: "cat",
  GH_PAGER: "cat",
  CODEX_CI: "1",
};

/** A failure the model should see as the tool output (unknown session, closed stdin…). */
export class UnifiedExecError extends Error {}

export interface ExecCommandRequest {
  plan: SpawnPlan;
  tty?: boolean;
  yieldTimeMs?: number;
  maxOutputTokens?: number;
  /**
   * Live output while this call waits (for ExecCommandOutputDelta events). The buffer may
   * be reused once the callback returns: copy it to keep it.
   */
  onOutput?: (chunk: Buffer) => void;
  /** Starts the process where the session's tools run; this machine when absent. */
  start?: (
    plan: SpawnPlan,
    tty: boolean,
    onData: (chunk: Buffer) => void,
  ) => Promise<SessionProcess>;
}

export interface WriteStdinRequest {
  sessionId: number;
  chars?: string;
  yieldTimeMs?: number;
  maxOutputTokens?: number;
  onOutput?: (chunk: Buffer) => void;
}

export interface UnifiedExecResponse {
  /** The exact string returned to the model. */
  text: string;
  chunkId: string;
  wallTimeMs: number;
  /** Set once the process has exited (the session is then gone). */
  exitCode: number | null;
  /** Set while the process is still running. */
  sessionId: number | null;
  output: ModelOutput;
  /** Output of this call, decoded, before model truncation (bounded). */
  rawOutput: string;
}

export interface UnifiedExecManagerOptions {
  maxSessions?: number;
  /** Bytes of not-yet-returned output kept per session (head + tail). */
  captureBytes?: number;
  /** Upper bound for empty polls (`background_terminal_timeout`). */
  maxPollYieldMs?: number;
  /** Applied on top of each plan's env. */
  envOverrides?: Readonly<Record<string, string>>;
  /** A session's process exited (also when nobody is waiting on it). */
  onSessionExit?: (sessionId: number, exitCode: number) => void;
  /** closeAll(): how long processes get after SIGTERM before SIGKILL. */
  terminateGraceMs?: number;
}

interface OutputSink {
  listener: ((chunk: Buffer) => void) | null;
}

interface Session {
  id: number;
  process: SessionProcess;
  /** Output not yet handed to a call. */
  pending: HeadTailBuffer;
  lastUsed: number;
  /** Receives live output while a call waits on this session. */
  sink: OutputSink;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

function finiteOr(value: number | undefined, fallback: number): number {
  return value !== undefined && Number.isFinite(value) ? value : fallback;
}

/** `yield_time_ms` for `exec_command`. */
export function execYieldMs(requested: number | undefined): number {
  return clamp(finiteOr(requested, EXEC_DEFAULT_YIELD_MS), MIN_YIELD_MS, MAX_YIELD_MS);
}

/** `yield_time_ms` for `write_stdin`: short after input, long for an empty poll. */
export function writeYieldMs(
  requested: number | undefined,
  chars: string,
  maxPollYieldMs = DEFAULT_MAX_POLL_YIELD_MS,
): number {
  const base = Math.max(finiteOr(requested, WRITE_DEFAULT_YIELD_MS), MIN_YIELD_MS);
  if (chars.length === 0) return clamp(base, MIN_EMPTY_POLL_YIELD_MS, maxPollYieldMs);
  return Math.min(base, MAX_YIELD_MS);
}

export class UnifiedExecManager {
  private readonly sessions = new Map<number, Session>();
  private readonly maxSessions: number;
  private readonly captureBytes: number;
  private readonly maxPollYieldMs: number;
  private readonly envOverrides: Readonly<Record<string, string>>;
  private readonly onSessionExit?: (sessionId: number, exitCode: number) => void;
  private readonly terminateGraceMs: number;
  private useCounter = 0;

  constructor(options: UnifiedExecManagerOptions = {}) {
    this.terminateGraceMs = options.terminateGraceMs ?? DEFAULT_TERMINATE_GRACE_MS;
    // Created inside a session's call chain: the session closes it when it shuts down.
    currentResourceScope()?.add(this);
    this.maxSessions = Math.max(1, options.maxSessions ?? DEFAULT_MAX_SESSIONS);
    this.captureBytes = options.captureBytes ?? DEFAULT_CAPTURE_BYTES;
    this.maxPollYieldMs = options.maxPollYieldMs ?? DEFAULT_MAX_POLL_YIELD_MS;
    this.envOverrides = options.envOverrides ?? UNIFIED_EXEC_ENV;
    this.onSessionExit = options.onSessionExit;
  }

  /** Ids of sessions whose output has not been fully collected yet. */
  sessionIds(): number[] {
    return [...this.sessions.keys()];
  }

  async execCommand(
    request: ExecCommandRequest,
    signal?: AbortSignal,
  ): Promise<UnifiedExecResponse> {
    const startedAt = performance.now();
    const plan = { ...request.plan, env: { ...request.plan.env, ...this.envOverrides } };
    this.makeRoom();
    const id = this.allocateId();
    const pending = new HeadTailBuffer(this.captureBytes);
    // Output can arrive before the session record exists, so the listener lives in a holder.
    const sink: OutputSink = { listener: request.onOutput ?? null };
    let process: SessionProcess;
    try {
      const start = request.start ?? startSessionProcess;
      process = await start(plan, request.tty ?? false, (chunk) => {
        pending.push(chunk);
        try {
          sink.listener?.(chunk);
        } catch {
          // A faulty listener must not lose output or crash the session.
        }
      });
    } catch (error) {
      if (error instanceof SessionStartError) {
        throw new UnifiedExecError(`exec_command failed: ${error.message}`);
      }
      throw error;
    }
    const session: Session = { id, process, pending, lastUsed: 0, sink };
    this.sessions.set(id, session);
    void process.exited.then((code) => this.onSessionExit?.(id, code));
    await this.waitForExitOrDeadline(session, execYieldMs(request.yieldTimeMs), signal);
    return this.reply(session, startedAt, request.maxOutputTokens);
  }

  async writeStdin(request: WriteStdinRequest, signal?: AbortSignal): Promise<UnifiedExecResponse> {
    const startedAt = performance.now();
    const session = this.sessions.get(request.sessionId);
    if (!session) {
      throw new UnifiedExecError(`write_stdin failed: Unknown process id ${request.sessionId}`);
    }
    const chars = request.chars ?? "";
    // Input for a process that already exited is moot; the reply then carries its exit.
    const running = session.process.exitCode() === null;
    if (chars.length > 0 && running && !session.process.write(chars)) {
      throw new UnifiedExecError(
        "write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open",
      );
    }
    session.sink.listener = request.onOutput ?? null;
    const yieldMs = writeYieldMs(request.yieldTimeMs, chars, this.maxPollYieldMs);
    await this.waitForExitOrDeadline(session, yieldMs, signal);
    return this.reply(session, startedAt, request.maxOutputTokens);
  }

  /**
   * Ends every session: SIGTERM to each process group, SIGKILL to those still running after
   * the grace period; resolves once they exited (bounded: a process stuck in the kernel does
   * not hold shutdown up).
   */
  async closeAll(): Promise<void> {
    const sessions = [...this.sessions.values()];
    this.sessions.clear();
    if (sessions.length === 0) return;
    const running = sessions.filter((s) => s.process.exitCode() === null);
    for (const session of running) {
      session.process.terminate("SIGTERM");
      session.process.terminate("SIGCONT");
    }
    const allExited = Promise.all(sessions.map((s) => s.process.exited)).then(() => true);
    const within = async (ms: number) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([
          allExited,
          new Promise<false>((r) => (timer = setTimeout(() => r(false), ms))),
        ]);
      } finally {
        clearTimeout(timer);
      }
    };
    if (await within(this.terminateGraceMs)) return;
    for (const session of running) session.process.terminate("SIGKILL");
    await within(CLOSE_WAIT_AFTER_KILL_MS);
  }

  /** The session's resource scope calls this on shutdown. */
  dispose(): Promise<void> {
    return this.closeAll();
  }

  private async waitForExitOrDeadline(
    session: Session,
    yieldMs: number,
    signal: AbortSignal | undefined,
  ): Promise<void> {
    if (signal?.aborted || session.process.exitCode() !== null) return;
    let timer: NodeJS.Timeout | undefined;
    let onAbort: (() => void) | undefined;
    try {
      await Promise.race([
        session.process.exited,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, yieldMs);
          onAbort = () => resolve();
          signal?.addEventListener("abort", onAbort, { once: true });
        }),
      ]);
    } finally {
      clearTimeout(timer);
      if (onAbort) signal?.removeEventListener("abort", onAbort);
    }
  }

  private reply(
    session: Session,
    startedAt: number,
    maxOutputTokens: number | undefined,
  ): UnifiedExecResponse {
    session.sink.listener = null;
    session.lastUsed = ++this.useCounter;
    const captured = session.pending.take();
    const exitCode = session.process.exitCode();
    if (exitCode !== null) this.sessions.delete(session.id);
    const output = truncateForModel(captured, maxOutputTokens ?? DEFAULT_MAX_OUTPUT_TOKENS);
    const chunkId = randomBytes(3).toString("hex");
    const wallTimeMs = performance.now() - startedAt;
    const sessionId = exitCode === null ? session.id : null;
    return {
      text: formatUnifiedExecReply({ chunkId, wallTimeMs, exitCode, sessionId, output }),
      chunkId,
      wallTimeMs,
      exitCode,
      sessionId,
      output,
      rawOutput: captured.text,
    };
  }

  private allocateId(): number {
    for (;;) {
      const id = randomInt(10_000, 100_000);
      if (!this.sessions.has(id)) return id;
    }
  }

  /** At the limit, drop an exited session first, else the least recently used one. */
  private makeRoom(): void {
    while (this.sessions.size >= this.maxSessions) {
      const sessions = [...this.sessions.values()];
      const exited = sessions.filter((s) => s.process.exitCode() !== null);
      const pool = exited.length > 0 ? exited : sessions;
      const victim = pool.reduce((a, b) => (b.lastUsed < a.lastUsed ? b : a));
      victim.process.terminate();
      this.sessions.delete(victim.id);
    }
  }
}
