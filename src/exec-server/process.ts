// One process started by `process/start`: spawned on pipes (stdout and stderr kept apart) or on
// a pseudo-terminal, its output kept in a bounded buffer of seq-numbered chunks so a client can
// read it later (long-poll) or after re-attaching. One `seq` counter per process is shared by
// output, exit and close, as the reference numbers them.
import type { ChildProcess } from "node:child_process";
import { constants as osConstants } from "node:os";
import { inlineFd3, spawnFd3Plan } from "../exec/fd3.js";
import { signalProcessGroup } from "../exec/process-group.js";
import { trackProcess } from "../exec/resource-scope.js";
import type { OutputChunk, ProcessReadResult, StreamName } from "./protocol.js";

/** Output kept per process when nobody reads it; older chunks are dropped first. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;

export interface ProcessEvents {
  output(chunk: OutputChunk): void;
  exited(seq: number, exitCode: number, sandboxDenied: boolean): void;
  closed(seq: number): void;
}

export interface LaunchSpec {
  program: string;
  args: string[];
  cwd: string;
  env: Record<string, string>;
  arg0?: string;
  /** Bytes the program reads on fd 3 (bwrap's seccomp filter). */
  fd3?: Buffer;
  tty: boolean;
  pipeStdin: boolean;
  /** Decides, from the exit code and output, whether the sandbox refused something. */
  deniedBySandbox?: (exitCode: number, output: string) => boolean;
}

type PtyModule = typeof import("@lydell/node-pty");
let ptyModule: Promise<PtyModule> | null = null;
function loadPty(): Promise<PtyModule> {
  ptyModule ??= import("@lydell/node-pty").then(
    (mod) => (mod as unknown as { default?: PtyModule }).default ?? mod,
  );
  return ptyModule;
}

function exitCodeOf(code: number | null, signal: NodeJS.Signals | number | null): number {
  const n = typeof signal === "string" ? (osConstants.signals[signal] ?? 0) : (signal ?? 0);
  return n > 0 ? 128 + n : (code ?? -1);
}

interface Stored {
  seq: number;
  stream: StreamName;
  data: Buffer;
}

export class ServerProcess {
  private seq = 0;
  private chunks: Stored[] = [];
  private bufferedBytes = 0;
  private exitCode: number | null = null;
  private closed = false;
  private exitSeq = 0;
  private closedSeq = 0;
  private sandboxDenied = false;
  private failure: string | null = null;
  private waiters = new Set<() => void>();
  private child: ChildProcess | null = null;
  private term: ReturnType<PtyModule["spawn"]> | null = null;
  private stdinOpen = false;
  /** Tail of the output, for sandbox-denial detection. */
  private tail = "";
  pid: number | undefined;
  listener: ProcessEvents | null = null;

  private constructor(readonly id: string) {}

  static async start(id: string, spec: LaunchSpec): Promise<ServerProcess> {
    const proc = new ServerProcess(id);
    if (spec.tty) await proc.startPty(spec);
    else await proc.startPiped(spec);
    return proc;
  }

  private async startPiped(spec: LaunchSpec): Promise<void> {
    const child = spawnFd3Plan(spec, {
      cwd: spec.cwd,
      env: spec.env,
      argv0: spec.arg0,
      detached: true,
      stdio: [spec.pipeStdin ? "pipe" : "ignore", "pipe", "pipe"],
    });
    await new Promise<void>((resolve, reject) => {
      child.once("spawn", resolve);
      child.once("error", reject);
    });
    child.on("error", () => undefined);
    // Ended with the exec-server process, however it exits (see src/exec/resource-scope.ts).
    const tracked = trackProcess(child.pid, { kind: "command", group: true });
    this.child = child;
    this.pid = child.pid;
    this.stdinOpen = spec.pipeStdin;
    child.stdin?.on("error", () => undefined);
    let open = 2;
    let exit: number | null = null;
    const maybeClose = () => {
      if (open === 0 && exit !== null) this.markClosed();
    };
    for (const [stream, name] of [
      [child.stdout!, "stdout"],
      [child.stderr!, "stderr"],
    ] as const) {
      stream.on("data", (data: Buffer) => this.push(name, data));
      stream.once("close", () => {
        open--;
        maybeClose();
      });
    }
    child.once("exit", (code, signal) => {
      tracked.exited();
      exit = exitCodeOf(code, signal);
      this.markExited(exit, spec);
      maybeClose();
    });
  }

  private async startPty(launch: LaunchSpec): Promise<void> {
    const pty = await loadPty();
    const spec = inlineFd3(launch);
    const term = pty.spawn(spec.program, spec.args, {
      name: spec.env.TERM ?? "xterm-256color",
      cols: 80,
      rows: 24,
      cwd: spec.cwd,
      env: spec.env,
      encoding: null,
    });
    this.term = term;
    this.pid = term.pid;
    const tracked = trackProcess(term.pid, { kind: "command", group: true });
    this.stdinOpen = true;
    term.onData((data: string | Buffer) =>
      this.push("pty", typeof data === "string" ? Buffer.from(data) : data),
    );
    term.onExit(({ exitCode, signal }) => {
      tracked.exited();
      this.markExited(exitCodeOf(exitCode, signal ?? null), spec);
      this.markClosed();
    });
  }

  private push(stream: StreamName, data: Buffer): void {
    const seq = ++this.seq;
    this.chunks.push({ seq, stream, data });
    this.bufferedBytes += data.length;
    while (this.bufferedBytes > MAX_BUFFERED_BYTES && this.chunks.length > 1) {
      this.bufferedBytes -= this.chunks.shift()!.data.length;
    }
    this.tail = (this.tail + data.toString("latin1")).slice(-4096);
    this.listener?.output({ seq, stream, chunk: data.toString("base64") });
    this.wake();
  }

  private markExited(code: number, spec: LaunchSpec): void {
    this.exitCode = code;
    this.stdinOpen = false;
    this.sandboxDenied = spec.deniedBySandbox?.(code, this.tail) ?? false;
    this.exitSeq = ++this.seq;
    this.listener?.exited(this.exitSeq, code, this.sandboxDenied);
    this.wake();
  }

  private markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.closedSeq = ++this.seq;
    this.listener?.closed(this.closedSeq);
    this.wake();
  }

  private wake(): void {
    for (const w of this.waiters) w();
    this.waiters.clear();
  }

  /**
   * Starts notifying `listener`, first with everything that happened before it was set (the
   * process may already have written or exited while its start reply was on the way).
   */
  listen(listener: ProcessEvents): void {
    const events: Array<[number, () => void]> = this.chunks.map((c) => [
      c.seq,
      () => listener.output({ seq: c.seq, stream: c.stream, chunk: c.data.toString("base64") }),
    ]);
    if (this.exitSeq > 0) {
      const code = this.exitCode!;
      events.push([this.exitSeq, () => listener.exited(this.exitSeq, code, this.sandboxDenied)]);
    }
    if (this.closedSeq > 0) events.push([this.closedSeq, () => listener.closed(this.closedSeq)]);
    for (const [, emit] of events.sort((a, b) => a[0] - b[0])) emit();
    this.listener = listener;
  }

  get running(): boolean {
    return this.exitCode === null;
  }

  /** Chunks after `afterSeq`, waiting up to `waitMs` for something new when there is none. */
  async read(afterSeq: number, maxBytes: number, waitMs: number): Promise<ProcessReadResult> {
    const pending = () => this.chunks.some((c) => c.seq > afterSeq);
    if (!pending() && !this.closed && waitMs > 0) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.add(done);
      });
    }
    const chunks: OutputChunk[] = [];
    let bytes = 0;
    for (const c of this.chunks) {
      if (c.seq <= afterSeq) continue;
      if (chunks.length > 0 && bytes + c.data.length > maxBytes) break;
      chunks.push({ seq: c.seq, stream: c.stream, chunk: c.data.toString("base64") });
      bytes += c.data.length;
    }
    const last = chunks.at(-1)?.seq ?? afterSeq;
    const complete = chunks.length === 0 || last === this.chunks.at(-1)?.seq;
    return {
      chunks,
      nextSeq: last + 1,
      exited: this.exitCode !== null && complete,
      exitCode: complete ? this.exitCode : null,
      closed: this.closed && complete,
      failure: this.failure,
      sandboxDenied: this.sandboxDenied,
    };
  }

  write(data: Buffer): "accepted" | "stdinClosed" {
    if (!this.stdinOpen) return "stdinClosed";
    if (this.term) this.term.write(data.toString("utf8"));
    else this.child?.stdin?.write(data);
    return "accepted";
  }

  signal(name: "interrupt" | "terminate" | "kill" | "hangup"): void {
    const sig = (
      { interrupt: "SIGINT", terminate: "SIGTERM", kill: "SIGKILL", hangup: "SIGHUP" } as const
    )[name];
    if (this.term && name === "interrupt") {
      // A terminal delivers ^C to its foreground job, which may not be the process we spawned.
      this.term.write("\x03");
      return;
    }
    signalProcessGroup(this.pid, sig);
  }

  /** Kills the whole process tree; returns whether it was still running. */
  terminate(): boolean {
    const wasRunning = this.running;
    if (wasRunning) signalProcessGroup(this.pid, "SIGKILL");
    return wasRunning;
  }
}
