// Pending approvals, keyed by call id. The entry is registered *before* the request event is
// emitted, so an answer that arrives immediately can never be lost (seeds 000/001, PR #3146).
import type { ReviewDecision } from "../protocol/index.js";

interface Pending {
  resolve: (d: ReviewDecision) => void;
  turnId: string;
}

export class PendingApprovals {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly warn: (message: string) => void = () => {}) {}

  /**
   * Register a pending approval for `callId`, then run `emitRequest`. The returned promise
   * settles with the user's decision, or "denied" if the turn ends first.
   */
  request(callId: string, turnId: string, emitRequest: () => void): Promise<ReviewDecision> {
    const promise = new Promise<ReviewDecision>((resolve) => {
      if (this.pending.has(callId)) {
        this.warn(`approval for call ${callId} was already pending; replacing it`);
        this.pending.get(callId)?.resolve("denied");
      }
      this.pending.set(callId, { resolve, turnId });
    });
    emitRequest();
    return promise;
  }

  /** Deliver a decision. Unknown ids are logged and ignored. */
  resolve(callId: string, decision: ReviewDecision): boolean {
    const entry = this.pending.get(callId);
    if (!entry) {
      this.warn(`no pending approval for call id ${callId}; ignoring decision ${decision}`);
      return false;
    }
    this.pending.delete(callId);
    entry.resolve(decision);
    return true;
  }

  /** Resolve every approval of a turn (or all) as denied: a finished turn never leaves one hanging. */
  cancel(turnId?: string): void {
    for (const [id, entry] of this.pending) {
      if (turnId === undefined || entry.turnId === turnId) {
        this.pending.delete(id);
        entry.resolve("denied");
      }
    }
  }

  get size(): number {
    return this.pending.size;
  }
}
