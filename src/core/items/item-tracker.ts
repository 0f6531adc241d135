// Emits the item model (src/protocol/thread-items.ts) beside the core's legacy events. The session
// passes every event it emits through `observe`; the tracker answers with the item events that
// follow it: one `thread_item_started` and one `thread_item_completed` per item, with the same
// stable id (the tool call id for tools, the model's item id for messages), and deltas between.
// Whatever is still open when its task ends is completed then, so no item is left in progress.
import type {
  EventMsg,
  ReviewDecision,
  ThreadItem,
  ThreadItemDelta,
} from "../../protocol/index.js";
import { uuidv7 } from "../uuid.js";
import {
  commandItem,
  decodeChunk,
  declined,
  fileUpdateChanges,
  itemUserInput,
  mcpItemEnd,
  unfinished,
} from "./convert.js";

interface OpenItem {
  turnId: string;
  item: ThreadItem;
  /** An approval was requested for it and not yet granted. */
  awaitingApproval: boolean;
}

interface TurnState {
  agentMessage: string | null;
  reasoning: string | null;
  summaryIndex: number;
  /** Texts of completed message items whose legacy `agent_message` twin is still to come. */
  messageTwins: string[];
}

export class ItemTracker {
  private readonly open = new Map<string, OpenItem>();
  private readonly turns = new Map<string, TurnState>();

  constructor(
    private readonly threadId: string,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * `msg` with its item events, in emission order: an item an approval request opens starts
   * before the request (clients show the item, then ask about it), and the items a task's end
   * closes complete before that end (Codex sends every `item/completed` of a turn before its
   * `turn/completed`); otherwise items follow.
   */
  sequence(turnId: string, msg: EventMsg): EventMsg[] {
    const items = this.observe(turnId, msg);
    if (items.length === 0) return [msg];
    const itemsFirst =
      msg.type === "exec_approval_request" ||
      msg.type === "apply_patch_approval_request" ||
      msg.type === "task_complete" ||
      msg.type === "turn_aborted";
    return itemsFirst ? [...items, msg] : [msg, ...items];
  }

  /** The item events that follow `msg` (emitted by the submission `turnId`). */
  observe(turnId: string, msg: EventMsg): EventMsg[] {
    const out: EventMsg[] = [];
    const turn = this.turn(turnId);
    switch (msg.type) {
      case "thread_item_started":
        // Emitted natively (e.g. a message announced by the stream): just remember it.
        this.remember(turnId, msg.item);
        if (msg.item.type === "agentMessage") turn.agentMessage = msg.item.id;
        if (msg.item.type === "reasoning") turn.reasoning = msg.item.id;
        break;
      case "item_started":
        if (msg.item.type === "UserMessage") {
          const content = itemUserInput(msg.item.content);
          this.start(out, turnId, {
            type: "userMessage",
            id: msg.item.id,
            clientId: null,
            content,
          });
        }
        break;
      case "item_completed":
        this.onTurnItemCompleted(out, turnId, turn, msg);
        break;
      case "agent_message":
        // Usually the twin of a message item just completed; alone (the review task's closing
        // message) it is a message item of its own.
        if (turn.messageTwins[0] === msg.message) turn.messageTwins.shift();
        else {
          const item = { type: "agentMessage" as const, id: `msg_${uuidv7()}`, phase: null };
          this.startAndComplete(out, turnId, { ...item, text: msg.message });
        }
        break;
      case "agent_message_delta": {
        const id = (turn.agentMessage ??= this.start(out, turnId, {
          type: "agentMessage",
          id: `msg_${uuidv7()}`,
          text: "",
          phase: null,
        }));
        const open = this.open.get(id);
        if (open?.item.type === "agentMessage") open.item.text += msg.delta;
        this.delta(out, turnId, id, { kind: "agentMessage", delta: msg.delta });
        break;
      }
      case "agent_reasoning_delta":
        this.delta(out, turnId, this.reasoningId(out, turnId, turn), {
          kind: "reasoningSummaryText",
          summaryIndex: turn.summaryIndex,
          delta: msg.delta,
        });
        break;
      case "agent_reasoning_section_break": {
        const id = this.reasoningId(out, turnId, turn);
        turn.summaryIndex += 1;
        this.delta(out, turnId, id, {
          kind: "reasoningSummaryPartAdded",
          summaryIndex: turn.summaryIndex,
        });
        break;
      }
      case "agent_reasoning_raw_content_delta":
        this.delta(out, turnId, this.reasoningId(out, turnId, turn), {
          kind: "reasoningText",
          contentIndex: 0,
          delta: msg.delta,
        });
        break;
      case "exec_approval_request":
        if (!this.open.has(msg.call_id)) {
          const item = commandItem(msg.call_id, msg.command, msg.cwd, msg.parsed_cmd);
          this.start(out, turnId, item, { forApproval: true });
        }
        this.open.get(msg.call_id)!.awaitingApproval = true;
        break;
      case "exec_command_begin": {
        const item = commandItem(msg.call_id, msg.command, msg.cwd, msg.parsed_cmd, msg.source);
        const open = this.open.get(msg.call_id);
        if (open) {
          open.item = item;
          open.awaitingApproval = false;
        } else this.start(out, turnId, item);
        break;
      }
      case "exec_command_output_delta":
        if (this.open.has(msg.call_id)) {
          this.delta(out, turnId, msg.call_id, {
            kind: "commandOutput",
            stream: msg.stream,
            delta: decodeChunk(msg.chunk),
          });
        }
        break;
      case "exec_command_end": {
        const item = commandItem(msg.call_id, msg.command, msg.cwd, [], msg.source);
        const open = this.open.get(msg.call_id);
        if (open?.item.type === "commandExecution") item.commandActions = open.item.commandActions;
        else this.start(out, turnId, item);
        this.complete(out, {
          ...item,
          status: msg.exit_code === 0 ? "completed" : "failed",
          aggregatedOutput: msg.aggregated_output,
          exitCode: msg.exit_code,
          durationMs: msg.duration_ms,
        });
        break;
      }
      case "apply_patch_approval_request":
        if (!this.open.has(msg.call_id)) {
          const changes = fileUpdateChanges(msg.changes);
          const item: ThreadItem = {
            type: "fileChange",
            id: msg.call_id,
            changes,
            status: "inProgress",
          };
          this.start(out, turnId, item, { forApproval: true });
        }
        this.open.get(msg.call_id)!.awaitingApproval = true;
        break;
      case "patch_apply_begin": {
        const changes = fileUpdateChanges(msg.changes);
        const open = this.open.get(msg.call_id);
        if (open) open.awaitingApproval = false;
        else
          this.start(out, turnId, {
            type: "fileChange",
            id: msg.call_id,
            changes,
            status: "inProgress",
          });
        break;
      }
      case "patch_apply_end": {
        const output = [msg.stdout, msg.stderr].filter((s) => s !== "").join("");
        if (!this.open.has(msg.call_id)) {
          const changes = fileUpdateChanges(msg.changes);
          this.start(out, turnId, {
            type: "fileChange",
            id: msg.call_id,
            changes,
            status: "inProgress",
          });
        }
        if (output)
          this.delta(out, turnId, msg.call_id, { kind: "fileChangeOutput", delta: output });
        this.complete(out, {
          type: "fileChange",
          id: msg.call_id,
          changes: fileUpdateChanges(msg.changes),
          status: msg.success ? "completed" : "failed",
        });
        break;
      }
      case "mcp_tool_call_begin":
        this.start(out, turnId, {
          type: "mcpToolCall",
          id: msg.call_id,
          server: msg.invocation.server,
          tool: msg.invocation.tool,
          status: "inProgress",
          arguments: msg.invocation.arguments ?? null,
          result: null,
          error: null,
          durationMs: null,
        });
        break;
      case "mcp_tool_call_progress":
        if (this.open.has(msg.call_id)) {
          const message =
            msg.message ?? `${msg.progress}${msg.total !== undefined ? `/${msg.total}` : ""}`;
          this.delta(out, turnId, msg.call_id, { kind: "mcpProgress", message });
        }
        break;
      case "mcp_tool_call_end":
        if (!this.open.has(msg.call_id))
          this.start(out, turnId, { ...mcpItemEnd(msg), status: "inProgress" });
        this.complete(out, mcpItemEnd(msg));
        break;
      case "view_image_tool_call":
        this.startAndComplete(out, turnId, { type: "imageView", id: msg.call_id, path: msg.path });
        break;
      case "context_compacted":
        this.startAndComplete(out, turnId, { type: "contextCompaction", id: uuidv7() });
        break;
      case "entered_review_mode":
        this.startAndComplete(out, turnId, {
          type: "enteredReviewMode",
          id: uuidv7(),
          review: msg.review_request.user_facing_hint,
        });
        break;
      case "exited_review_mode":
        this.startAndComplete(out, turnId, {
          type: "exitedReviewMode",
          id: uuidv7(),
          review: msg.review_output?.overall_explanation ?? "",
        });
        break;
      case "task_complete":
        this.closeTurn(out, turnId, { keepRunningCommands: true });
        break;
      case "turn_aborted":
        this.closeTurn(out, turnId, { keepRunningCommands: false });
        break;
      default:
        break;
    }
    return out;
  }

  /** An approval was answered: a refused call ends now, as declined. */
  decided(callId: string, decision: ReviewDecision): EventMsg[] {
    const open = this.open.get(callId);
    if (!open?.awaitingApproval) return [];
    const out: EventMsg[] = [];
    if (decision === "denied" || decision === "abort") {
      this.complete(out, declined(open.item));
    } else open.awaitingApproval = false;
    return out;
  }

  private onTurnItemCompleted(
    out: EventMsg[],
    turnId: string,
    turn: TurnState,
    msg: Extract<EventMsg, { type: "item_completed" }>,
  ): void {
    const it = msg.item;
    if (it.type === "UserMessage") {
      const content = itemUserInput(it.content);
      if (!this.open.has(it.id))
        this.start(out, turnId, { type: "userMessage", id: it.id, clientId: null, content });
      this.complete(out, { type: "userMessage", id: it.id, clientId: null, content });
    } else if (it.type === "AgentMessage") {
      const text = it.content.map((c) => c.text).join("");
      const id = turn.agentMessage ?? (it.id || `msg_${uuidv7()}`);
      turn.agentMessage = null;
      turn.messageTwins.push(text);
      if (!this.open.has(id))
        this.start(out, turnId, { type: "agentMessage", id, text: "", phase: null });
      this.complete(out, { type: "agentMessage", id, text, phase: null });
    } else if (it.type === "Reasoning") {
      const id = turn.reasoning ?? (it.id || uuidv7());
      turn.reasoning = null;
      turn.summaryIndex = 0;
      const item: ThreadItem = {
        type: "reasoning",
        id,
        summary: it.summary_text,
        content: it.raw_content,
      };
      if (!this.open.has(id)) this.start(out, turnId, { ...item, summary: [], content: [] });
      this.complete(out, item);
    } else if (it.type === "WebSearch") {
      const item: ThreadItem = {
        type: "webSearch",
        id: it.id || uuidv7(),
        query: it.query,
        action: { type: "search", query: it.query },
      };
      this.startAndComplete(out, turnId, item);
    }
  }

  private reasoningId(out: EventMsg[], turnId: string, turn: TurnState): string {
    return (turn.reasoning ??= this.start(out, turnId, {
      type: "reasoning",
      id: `rs_${uuidv7()}`,
      summary: [],
      content: [],
    }));
  }

  private turn(turnId: string): TurnState {
    let t = this.turns.get(turnId);
    if (!t) {
      t = { agentMessage: null, reasoning: null, summaryIndex: 0, messageTwins: [] };
      this.turns.set(turnId, t);
    }
    return t;
  }

  private remember(turnId: string, item: ThreadItem): void {
    this.open.set(item.id, { turnId, item, awaitingApproval: false });
  }

  private start(
    out: EventMsg[],
    turnId: string,
    item: ThreadItem,
    opts: { forApproval?: boolean } = {},
  ): string {
    this.remember(turnId, item);
    out.push({
      type: "thread_item_started",
      thread_id: this.threadId,
      turn_id: turnId,
      item: structuredClone(item),
      started_at_ms: this.now(),
      ...(opts.forApproval ? { for_approval: true as const } : {}),
    });
    return item.id;
  }

  private delta(out: EventMsg[], turnId: string, itemId: string, delta: ThreadItemDelta): void {
    out.push({
      type: "thread_item_delta",
      thread_id: this.threadId,
      turn_id: turnId,
      item_id: itemId,
      delta,
    });
  }

  private complete(out: EventMsg[], item: ThreadItem, opts: { byTurnEnd?: boolean } = {}): void {
    const open = this.open.get(item.id);
    this.open.delete(item.id);
    out.push({
      type: "thread_item_completed",
      thread_id: this.threadId,
      turn_id: open?.turnId ?? "",
      item,
      completed_at_ms: this.now(),
      ...(opts.byTurnEnd ? { by_turn_end: true } : {}),
    });
  }

  private startAndComplete(out: EventMsg[], turnId: string, item: ThreadItem): void {
    if (!this.open.has(item.id)) this.start(out, turnId, item);
    this.complete(out, item);
  }

  /**
   * The task ended: complete what it left open (refused approvals as declined). A task that
   * completes normally may leave a command running in the background (a unified-exec process the
   * model did not wait for): it has not failed, so its item stays open until its process ends
   * (`exec_command_end`), as in Codex. An aborted task ends its processes: everything fails.
   */
  private closeTurn(out: EventMsg[], turnId: string, opts: { keepRunningCommands: boolean }): void {
    for (const [, open] of [...this.open]) {
      if (open.turnId !== turnId) continue;
      const running = open.item.type === "commandExecution" && !open.awaitingApproval;
      if (opts.keepRunningCommands && running) continue;
      this.complete(out, open.awaitingApproval ? declined(open.item) : unfinished(open.item), {
        byTurnEnd: true,
      });
    }
    this.turns.delete(turnId);
  }
}
