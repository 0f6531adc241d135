// Pending MCP elicitations, keyed by server and request id. As with approvals, the entry is
// registered before the `elicitation_request` event goes out, so an immediate answer is never
// lost; a turn that ends (or a session that shuts down) cancels what it left open, so a server
// waiting on the user never waits forever.
import type { ElicitationAction, ElicitationRequest } from "../protocol/index.js";

export interface ElicitationAnswer {
  action: ElicitationAction;
  content?: Record<string, unknown>;
}

/** What a session offers external tools: asking the user on an MCP server's behalf. */
export interface ElicitationHost {
  /**
   * Ask the attached user. Settles with their answer, or `cancel` when the turn ends, the
   * session shuts down or `signal` aborts (the server cancelled its request).
   */
  elicit(
    serverName: string,
    requestId: string | number,
    request: ElicitationRequest,
    signal?: AbortSignal,
  ): Promise<ElicitationAnswer>;
}

interface Pending {
  resolve: (a: ElicitationAnswer) => void;
  turnId: string | undefined;
}

const keyOf = (server: string, id: string | number) => `${server}\u0000${typeof id}:${id}`;

export class PendingElicitations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly warn: (message: string) => void = () => {}) {}

  request(
    server: string,
    id: string | number,
    turnId: string | undefined,
    emitRequest: () => void,
    signal?: AbortSignal,
  ): Promise<ElicitationAnswer> {
    const key = keyOf(server, id);
    const promise = new Promise<ElicitationAnswer>((resolve) => {
      this.pending.get(key)?.resolve({ action: "cancel" });
      this.pending.set(key, { resolve, turnId });
      signal?.addEventListener("abort", () => this.settle(key, { action: "cancel" }), {
        once: true,
      });
    });
    emitRequest();
    return promise;
  }

  /** Deliver the user's answer; unknown ids are logged and ignored. */
  resolve(server: string, id: string | number, answer: ElicitationAnswer): boolean {
    if (this.settle(keyOf(server, id), answer)) return true;
    this.warn(
      `no pending elicitation ${String(id)} from MCP server \`${server}\`; ignoring answer`,
    );
    return false;
  }

  /** Cancel what a turn (or, without a turn id, everything) left unanswered. */
  cancel(turnId?: string): void {
    for (const [key, entry] of this.pending)
      if (turnId === undefined || entry.turnId === turnId) this.settle(key, { action: "cancel" });
  }

  private settle(key: string, answer: ElicitationAnswer): boolean {
    const entry = this.pending.get(key);
    if (!entry) return false;
    this.pending.delete(key);
    entry.resolve(answer);
    return true;
  }
}
