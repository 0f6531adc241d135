// A thread with a running session: its turns, subscribers and pending server requests. What its
// core events mean to clients (notifications, approvals) is translated in thread-events.ts.
import type { Config } from "../config/types.js";
import type { Conversation } from "../core/index.js";
import type { Event, EventMsg, Op, RateLimitSnapshot, ReviewDecision } from "../protocol/index.js";
import { uuidv7 } from "../core/uuid.js";
import type { ClientConnection } from "./connection.js";
import { invalidRequest } from "./rpc.js";
import { translateEvent, type EventHost } from "./thread-events.js";
import { storeFinishedItems } from "./turn-items.js";
import {
  nowSeconds,
  threadObject,
  turnObject,
  type ThreadInfo,
  type ThreadStatus,
  type TurnRecord,
} from "./v2.js";

export class LoadedThread implements EventHost {
  readonly subscribers = new Set<ClientConnection>();
  status: ThreadStatus = { type: "idle" };
  /** The latest rate limits the model reported to this thread. */
  rateLimits: RateLimitSnapshot | null = null;
  private active: TurnRecord | null = null;
  private owner: ClientConnection | null = null;
  /** The running turn was started through the legacy conversation API (v1 approvals). */
  legacyTurn = false;
  /** The `config` params the thread was started with (config/mcpServer/reload reapplies them). */
  configOverrides: Record<string, unknown> | null = null;
  /** Legacy `addConversationListener` subscriptions: id → connection. */
  readonly legacyListeners = new Map<string, ClientConnection>();
  private abortWaiters: Array<(reason: string) => void> = [];
  private pendingRequests = 0;
  private readonly pumpDone: Promise<void>;
  private closing: Promise<void> | null = null;

  constructor(
    readonly info: ThreadInfo,
    readonly config: Config,
    readonly conversation: Conversation,
    readonly turns: TurnRecord[],
    private readonly onClosed: (thread: LoadedThread) => void,
  ) {
    this.pumpDone = this.pump();
  }

  get id(): string {
    return this.info.id;
  }

  setName(name: string): void {
    this.info.name = name;
    this.broadcast("thread/name/updated", { threadId: this.id, threadName: name });
  }

  get activeTurn(): TurnRecord | null {
    return this.active;
  }

  toThread(includeTurns: boolean): Record<string, unknown> {
    return threadObject(this.info, this.status, includeTurns ? this.turns : []);
  }

  /**
   * Starts a turn: a user turn (turn/start), a compaction or a user shell command. A running turn
   * must be steered or interrupted first.
   */
  startTurn(
    conn: ClientConnection,
    op: Op & {
      type: "user_turn" | "user_input" | "compact" | "run_user_shell_command" | "review";
    },
    legacy = false,
  ): TurnRecord {
    if (this.active) {
      throw invalidRequest(
        `thread ${this.id} already has a turn in progress (${this.active.id}); use turn/steer or turn/interrupt`,
      );
    }
    const turn: TurnRecord = {
      id: uuidv7(),
      items: [],
      status: "inProgress",
      error: null,
      startedAt: null,
      completedAt: null,
      durationMs: null,
    };
    this.active = turn;
    this.owner = conn;
    this.legacyTurn = legacy;
    this.turns.push(turn);
    this.conversation.submitWithId(turn.id, op);
    if (!this.info.preview && (op.type === "user_turn" || op.type === "user_input")) {
      const text = op.items.find((i) => i.type === "text");
      if (text?.type === "text") this.info.preview = text.text;
    }
    return turn;
  }

  /**
   * thread/revert: removes `beforeTurnId` and every later turn from the thread and from its
   * session's history (a `thread_rolled_back` event in the rollout, as Codex records it, so
   * `codex resume` sees the shorter thread too). Files are not touched, as in Codex.
   */
  async revert(beforeTurnId: string): Promise<void> {
    if (this.active) {
      throw invalidRequest(
        `thread ${this.id} has a turn in progress (${this.active.id}); interrupt it before thread/revert`,
      );
    }
    const index = this.turns.findIndex((t) => t.id === beforeTurnId);
    if (index < 0) throw invalidRequest(`no turn ${beforeTurnId} in thread ${this.id}`);
    const reverted = this.turns.slice(index);
    // The rollback counts the user-role messages of the history, as Codex's does: each user
    // message (steered ones included) and each finished review's result (`<user_action>`).
    const userTurns = (turns: TurnRecord[]) =>
      turns.reduce(
        (n, t) =>
          n +
          t.items.filter((i) => i.type === "userMessage" || i.type === "exitedReviewMode").length,
        0,
      );
    if (!reverted[0]!.items.some((i) => i.type === "userMessage")) {
      throw invalidRequest(
        `turn ${beforeTurnId} has no user message (a compaction, shell command or review turn); codex-ts reverts to a turn the user started`,
      );
    }
    await new Promise<void>((resolve, reject) => {
      let id: string;
      try {
        id = this.conversation.submit({ type: "thread_rollback", num_turns: userTurns(reverted) });
      } catch (e) {
        reject(e as Error);
        return;
      }
      this.queries.set(id, (msg) => {
        if (msg.type !== "thread_rolled_back" && msg.type !== "error") return;
        this.queries.delete(id);
        if (msg.type === "error") reject(invalidRequest(msg.message));
        else resolve();
      });
    });
    this.turns.splice(index);
    this.info.updatedAt = nowSeconds();
  }

  /** Resolves with the abort reason when the running turn ends aborted (interruptConversation). */
  nextAbort(): Promise<string> {
    return new Promise((resolve) => this.abortWaiters.push(resolve));
  }

  steer(turnId: string, op: Op & { type: "user_input" }): void {
    if (!this.active || this.active.id !== turnId) {
      throw invalidRequest(`no turn ${turnId} in progress on thread ${this.id}`);
    }
    this.conversation.submit(op);
  }

  interrupt(turnId: string): void {
    if (!this.active || this.active.id !== turnId) {
      throw invalidRequest(`no turn ${turnId} in progress on thread ${this.id}`);
    }
    this.cancelRequests();
    this.conversation.submit({ type: "interrupt" });
  }

  /** Drops a subscriber; the last one leaving interrupts the turn and unloads the thread. */
  unsubscribe(conn: ClientConnection): boolean {
    const was = this.subscribers.delete(conn);
    if (this.owner === conn) this.owner = null;
    if (this.subscribers.size === 0) void this.close();
    return was;
  }

  /** Interrupt whatever runs, flush the rollout, stop the session. Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.cancelRequests();
      try {
        if (this.active) this.conversation.submit({ type: "interrupt" });
        this.conversation.submit({ type: "shutdown" });
      } catch {
        // Already shut down.
      }
      await this.pumpDone;
      this.onClosed(this);
    })();
    return this.closing;
  }

  private cancelRequests(): void {
    for (const c of this.subscribers) c.requests.cancel(this.id);
    this.owner?.requests.cancel(this.id);
  }

  broadcast(method: string, params: Record<string, unknown>): void {
    for (const c of this.subscribers) c.notify(method, params);
  }

  setStatus(status: ThreadStatus): void {
    this.status = status;
    this.broadcast("thread/status/changed", { threadId: this.id, status });
  }

  private async pump(): Promise<void> {
    for (;;) {
      const ev = await this.conversation.nextEvent();
      if (!ev) break;
      try {
        this.handle(ev);
      } catch (e) {
        this.broadcast("warning", { threadId: this.id, message: (e as Error).message });
      }
    }
    this.broadcast("thread/closed", { threadId: this.id });
  }

  private turnFor(ev: Event): TurnRecord | null {
    return this.active && this.active.id === ev.id ? this.active : null;
  }

  /** Legacy listeners get every core event as `codex/event/<type>` (the item model aside). */
  private forwardLegacy(ev: Event): void {
    if (this.legacyListeners.size === 0 || ev.msg.type.startsWith("thread_item_")) return;
    if (ev.msg.type === "raw_response_item") return;
    const params = { id: ev.id, msg: ev.msg, conversationId: this.id };
    for (const c of new Set(this.legacyListeners.values())) {
      c.notify(`codex/event/${ev.msg.type}`, params);
    }
  }

  private readonly queries = new Map<string, (msg: EventMsg) => void>();

  /** Submit a query op (e.g. list_mcp_tools) and resolve with the event that answers it. */
  query<T extends EventMsg["type"]>(op: Op, answer: T): Promise<Extract<EventMsg, { type: T }>> {
    return new Promise((resolve, reject) => {
      let id: string;
      try {
        id = this.conversation.submit(op);
      } catch (e) {
        reject(e as Error);
        return;
      }
      this.queries.set(id, (msg) => {
        if (msg.type !== answer) return;
        this.queries.delete(id);
        resolve(msg as Extract<EventMsg, { type: T }>);
      });
    });
  }

  private handle(ev: Event): void {
    this.queries.get(ev.id)?.(ev.msg);
    this.forwardLegacy(ev);
    translateEvent(this, ev, this.turnFor(ev));
  }

  /** Internal (thread-events.ts): the running turn ended. */
  finishTurn(turn: TurnRecord, msg: EventMsg): void {
    turn.status = msg.type === "turn_aborted" ? "interrupted" : turn.error ? "failed" : "completed";
    turn.completedAt = nowSeconds();
    turn.durationMs = turn.startedAt === null ? null : (turn.completedAt - turn.startedAt) * 1000;
    this.active = null;
    this.owner = null;
    if (msg.type === "turn_aborted") {
      for (const w of this.abortWaiters.splice(0)) w(msg.reason);
    }
    this.info.updatedAt = turn.completedAt;
    this.setStatus({ type: "idle" });
    this.broadcast("turn/completed", { threadId: this.id, turn: turnObject(turn, "summary") });
    storeFinishedItems(turn);
  }

  /**
   * Ask the client driving this thread (the turn's owner, else another subscriber) and wait for
   * its answer, with the thread marked as waiting meanwhile. Resolves with `fallback()` when no
   * client can be asked, or when the request is settled unanswered (turn interrupted, client
   * gone). The extension point for every server→client request a thread makes (approvals today;
   * MCP elicitations and user input next).
   */
  askClient<T>(
    method: string,
    params: Record<string, unknown>,
    opts: { parse: (r: unknown) => T | null; fallback: () => T; flag: string },
  ): Promise<T> {
    const target =
      this.owner && !this.owner.closed ? this.owner : [...this.subscribers].find((c) => !c.closed);
    if (!target) return Promise.resolve(opts.fallback());
    const turnId = this.active?.id;
    this.pendingRequests += 1;
    this.setStatus({ type: "active", activeFlags: [opts.flag] });
    const { reply } = target.requests.request<T>(method, params, {
      threadId: this.id,
      parse: opts.parse,
      fallback: opts.fallback,
    });
    return reply.then((answer) => {
      this.pendingRequests -= 1;
      if (turnId !== undefined && this.active?.id === turnId && this.pendingRequests === 0) {
        this.setStatus({ type: "active", activeFlags: [] });
      }
      return answer;
    });
  }

  /** Approvals: nobody to ask declines; unanswered ones end the turn ("cancel"). */
  askApproval(
    callId: string,
    op: "exec_approval" | "patch_approval",
    method: string,
    params: Record<string, unknown>,
    parse: (r: unknown) => ReviewDecision | null,
  ): void {
    const anyone =
      (this.owner && !this.owner.closed) || [...this.subscribers].some((c) => !c.closed);
    if (!anyone) {
      this.submitQuietly({ type: op, id: callId, decision: "denied" });
      return;
    }
    void this.askClient<ReviewDecision>(method, params, {
      parse,
      fallback: () => "abort",
      flag: "waitingOnApproval",
    }).then((decision) => this.submitQuietly({ type: op, id: callId, decision }));
  }

  submitQuietly(op: Op): void {
    try {
      this.conversation.submit(op);
    } catch {
      // The session already shut down: nothing is waiting for this answer.
    }
  }
}
