// One conversation driven by MCP tool calls: reads its events, forwards each as a `codex/event`
// notification, turns approval requests into elicitations, and settles the tool call that started
// the turn when the turn ends. At most one tool call runs a turn of a thread at a time.
import type { Conversation } from "../../core/index.js";
import type { Event, ReviewDecision } from "../../protocol/index.js";
import {
  decisionFromReply,
  execApprovalElicitation,
  patchApprovalElicitation,
} from "./approval-elicitation.js";

export type RequestId = string | number;

/** Params of a `codex/event` notification, as Codex 0.153.4 sends them. */
export interface CodexEventParams {
  _meta: { requestId?: RequestId; threadId: string };
  id: string;
  msg: Event["msg"];
}

/** What a thread needs from the MCP connection. */
export interface ClientChannel {
  /** Sends a `codex/event` notification; a client that has gone away is ignored. */
  notify(params: CodexEventParams): void;
  /** Whether the client declared the elicitation capability. */
  canElicit(): boolean;
  /** Sends `elicitation/create`; rejects when aborted or the client disconnects. */
  elicit(params: Record<string, unknown>, signal: AbortSignal): Promise<unknown>;
}

export type TurnOutcome =
  | { kind: "completed"; lastMessage: string | null }
  | { kind: "failed"; message: string }
  | { kind: "aborted"; reason: string };

/** The thread cannot take a turn now: one is still running, or the session has shut down. */
export class ThreadUnavailableError extends Error {}

interface ActiveCall {
  subId: string;
  requestId: RequestId;
  /** The last Error event of this turn: the turn failed even if it completes. */
  error: string | null;
  approvals: Set<AbortController>;
  resolve(outcome: TurnOutcome): void;
}

export class ThreadRunner {
  private active: ActiveCall | null = null;
  private pump: Promise<void> | null = null;
  private ended = false;

  constructor(
    readonly threadId: string,
    private readonly conversation: Conversation,
    private readonly channel: ClientChannel,
    private readonly log: (message: string) => void,
  ) {}

  /** Forward an event read before this runner existed (SessionConfigured). */
  forward(event: Event, requestId: RequestId): void {
    this.notify(event, requestId);
  }

  /** Runs one turn with `prompt`; settles when it completes, fails or is aborted. */
  runTurn(prompt: string, requestId: RequestId, signal?: AbortSignal): Promise<TurnOutcome> {
    if (this.ended) throw new ThreadUnavailableError(`thread ${this.threadId} has shut down`);
    if (this.active)
      throw new ThreadUnavailableError(
        `thread ${this.threadId} is still running a turn (started by request ${String(this.active.requestId)}); wait for that call to return`,
      );
    const outcome = new Promise<TurnOutcome>((resolve) => {
      const subId = this.conversation.submit({
        type: "user_input",
        items: [{ type: "text", text: prompt }],
      });
      this.active = { subId, requestId, error: null, approvals: new Set(), resolve };
    });
    this.pump ??= this.runPump();
    if (signal) {
      // The client cancelled the tool call (notifications/cancelled) or went away.
      const onAbort = () => this.interrupt();
      if (signal.aborted) onAbort();
      else signal.addEventListener("abort", onAbort, { once: true });
      void outcome.finally(() => signal.removeEventListener("abort", onAbort));
    }
    return outcome;
  }

  get busy(): boolean {
    return this.active !== null;
  }

  interrupt(): void {
    if (this.active) this.submitQuietly({ type: "interrupt" });
  }

  /** Stops the session: aborts a running turn, flushes the rollout, waits for ShutdownComplete. */
  async shutdown(): Promise<void> {
    if (!this.ended) this.submitQuietly({ type: "shutdown" });
    this.pump ??= this.runPump();
    await this.pump;
    await this.conversation.finished;
  }

  private submitQuietly(op: Parameters<Conversation["submit"]>[0]): void {
    try {
      this.conversation.submit(op);
    } catch (e) {
      // The session already shut down; nothing is waiting for this op.
      this.log(`thread ${this.threadId}: ${op.type} not submitted: ${(e as Error).message}`);
    }
  }

  private async runPump(): Promise<void> {
    for (;;) {
      const event = await this.conversation.nextEvent();
      if (!event) break;
      this.handle(event);
    }
    this.ended = true;
    this.finish({ kind: "failed", message: "the session shut down before the turn finished" });
  }

  private notify(event: Event, requestId: RequestId | undefined): void {
    // The item model (thread_item_*) is not part of Codex 0.153.4's codex/event stream.
    if (event.msg.type.startsWith("thread_item_")) return;
    const _meta: CodexEventParams["_meta"] = { threadId: this.threadId };
    if (requestId !== undefined) _meta.requestId = requestId;
    this.channel.notify({ _meta, id: event.id, msg: event.msg });
  }

  private handle(event: Event): void {
    const call = this.active;
    this.notify(event, call?.requestId);
    const { msg } = event;
    const ours = call !== null && event.id === call.subId;
    switch (msg.type) {
      case "exec_approval_request":
      case "apply_patch_approval_request":
        void this.askForApproval(event, call);
        break;
      case "error":
        if (ours) call.error = msg.message;
        break;
      case "task_complete":
        if (ours)
          this.finish(
            call.error !== null
              ? { kind: "failed", message: call.error }
              : { kind: "completed", lastMessage: msg.last_agent_message },
          );
        break;
      case "turn_aborted":
        if (ours) this.finish({ kind: "aborted", reason: msg.reason });
        break;
      default:
        break;
    }
  }

  private finish(outcome: TurnOutcome): void {
    const call = this.active;
    if (!call) return;
    this.active = null;
    // The core resolves approvals of a finished turn itself; stop asking the client.
    for (const pending of call.approvals) pending.abort();
    call.resolve(outcome);
  }

  private async askForApproval(event: Event, call: ActiveCall | null): Promise<void> {
    const { msg } = event;
    if (msg.type !== "exec_approval_request" && msg.type !== "apply_patch_approval_request") return;
    const op = msg.type === "exec_approval_request" ? "exec_approval" : "patch_approval";
    let decision: ReviewDecision = "denied";
    if (call && this.channel.canElicit()) {
      const ctx = { threadId: this.threadId, toolCallRequestId: call.requestId, eventId: event.id };
      const params =
        msg.type === "exec_approval_request"
          ? execApprovalElicitation(ctx, msg)
          : patchApprovalElicitation(ctx, msg);
      const pending = new AbortController();
      call.approvals.add(pending);
      try {
        decision = decisionFromReply(await this.channel.elicit(params, pending.signal));
      } catch (e) {
        if (pending.signal.aborted) return;
        this.log(`approval request ${msg.call_id} failed (${(e as Error).message}); denying`);
      } finally {
        call.approvals.delete(pending);
      }
    } else {
      this.log(
        `the client cannot answer approval requests (no elicitation); denying ${msg.call_id}`,
      );
    }
    if (this.active !== call || this.ended) return;
    this.submitQuietly({ type: op, id: msg.call_id, decision });
  }
}
