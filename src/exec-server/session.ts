// An exec-server session: the processes one client started, scoped by the client's process ids.
// A closed connection detaches its session rather than ending it, so a client that lost its
// socket can re-attach (`initialize {resumeSessionId}`) and read what was buffered meanwhile;
// a session nobody re-attaches within the TTL is shut down with its processes.
import { randomUUID } from "node:crypto";
import type { ProcessEvents, ServerProcess } from "./process.js";

/** How long a detached session stays resumable (the reference keeps about 80 s). */
export const DEFAULT_DETACHED_TTL_MS = 80_000;

export interface Attachment {
  notify(method: string, params: unknown): void;
}

export class ExecSession {
  readonly id = randomUUID();
  readonly processes = new Map<string, ServerProcess>();
  attachment: Attachment | null = null;
  private expiry: NodeJS.Timeout | null = null;

  attach(to: Attachment): void {
    if (this.expiry) clearTimeout(this.expiry);
    this.expiry = null;
    this.attachment = to;
    // What happened while detached is read with process/read; only new events are notified.
    for (const proc of this.processes.values()) proc.listener = this.listenerFor(proc.id);
  }

  detach(ttlMs: number, onExpire: () => void): void {
    this.attachment = null;
    for (const proc of this.processes.values()) proc.listener = null;
    this.expiry = setTimeout(() => {
      this.shutdown();
      onExpire();
    }, ttlMs);
    this.expiry.unref();
  }

  /** Registers a started process; call `announce` once its start reply has been sent. */
  add(proc: ServerProcess): void {
    this.processes.set(proc.id, proc);
  }

  announce(proc: ServerProcess): void {
    if (this.attachment && this.processes.get(proc.id) === proc) {
      proc.listen(this.listenerFor(proc.id));
    }
  }

  private listenerFor(processId: string): ProcessEvents {
    return {
      output: (c) => this.attachment?.notify("process/output", { processId, ...c }),
      exited: (seq, exitCode, sandboxDenied) =>
        this.attachment?.notify("process/exited", { processId, seq, exitCode, sandboxDenied }),
      closed: (seq) => this.attachment?.notify("process/closed", { processId, seq }),
    };
  }

  /** Kills every process tree this session started. */
  shutdown(): void {
    if (this.expiry) clearTimeout(this.expiry);
    for (const proc of this.processes.values()) proc.terminate();
  }
}
