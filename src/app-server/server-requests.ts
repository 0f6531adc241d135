// Requests the server sends to a client (approvals today; elicitations, user input and others
// reuse it): ids, pending replies, and `serverRequest/resolved` after each one — whether the
// client answered or the request was settled for it (turn interrupted, client gone).
import type { RequestId } from "./rpc-core.js";

interface Pending {
  method: string;
  threadId: string;
  settle(result: unknown): void;
  /** What the request resolves to when nobody answers it (interrupt, disconnect). */
  fallback(): unknown;
}

export interface ServerRequestSink {
  send(message: Record<string, unknown>): void;
  notify(method: string, params: Record<string, unknown>): void;
}

export class ServerRequests {
  private nextId = 0;
  private readonly pending = new Map<RequestId, Pending>();

  constructor(private readonly sink: ServerRequestSink) {}

  /**
   * Send `method` and wait for the reply. `parse` validates the client's result (a reply that
   * does not fit resolves as `fallback()`); `fallback` also answers it when it is cancelled.
   */
  request<T>(
    method: string,
    params: Record<string, unknown>,
    opts: { threadId: string; parse: (result: unknown) => T | null; fallback: () => T },
  ): { id: RequestId; reply: Promise<T> } {
    const id = this.nextId++;
    const reply = new Promise<T>((resolve) => {
      this.pending.set(id, {
        method,
        threadId: opts.threadId,
        settle: (result) => resolve(opts.parse(result) ?? opts.fallback()),
        fallback: opts.fallback,
      });
    });
    this.sink.send({ id, method, params });
    return { id, reply };
  }

  /** A client's reply (result or error). Unknown ids are ignored. */
  answer(id: RequestId, result: unknown, isError: boolean): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.finish(id, p, isError ? null : result);
  }

  /** Settle every pending request of a thread (all when `threadId` is undefined) unanswered. */
  cancel(threadId?: string): void {
    for (const [id, p] of [...this.pending]) {
      if (threadId === undefined || p.threadId === threadId) this.finish(id, p, null);
    }
  }

  get size(): number {
    return this.pending.size;
  }

  private finish(id: RequestId, p: Pending, result: unknown): void {
    this.pending.delete(id);
    p.settle(result);
    this.sink.notify("serverRequest/resolved", { threadId: p.threadId, requestId: id });
  }
}
