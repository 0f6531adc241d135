// `codex exec --json`: a thin adapter from the core's item model (`thread_item_*` events, see
// src/core/items) to Codex's JSONL thread events (reference §9). Only JSON lines go to the sink.
// Turn-level events (turn start/end, usage, errors, the plan) come from the core's turn events;
// commands, file changes, MCP calls, messages, reasoning and web searches come from items.
import type { Event, EventMsg, ThreadItem, TokenUsage } from "../protocol/index.js";
import { completedOnlyDetails, isToolItem, toolDetails } from "./jsonl-items.js";
import type {
  ThreadEvent,
  ThreadItem as JsonlItem,
  ThreadItemDetails,
  ThreadUsage,
  TodoEntry,
} from "./thread-events.js";
import { TurnTracker } from "./turn-tracker.js";
import type { EventProcessor, ExecResult, HeaderSummary, TextSink } from "./types.js";

interface RunningTodoList {
  id: string;
  items: TodoEntry[];
}

export class JsonlEventProcessor implements EventProcessor {
  private nextItemNumber = 0;
  private readonly turn = new TurnTracker();
  /** Tool items printed as started and not yet completed, by item id. */
  private readonly openTools = new Map<string, JsonlItem>();
  /** Message and reasoning items started (streaming) and not yet completed. */
  private readonly openSilent = new Set<string>();
  /**
   * Items this printer already closed at turn end (or at `finish`); a later completion of one of
   * them from the core is not printed again.
   */
  private readonly closedAtTurnEnd = new Set<string>();
  private todoList: RunningTodoList | null = null;
  private threadStarted = false;

  private readonly out: TextSink;

  constructor(opts: { stdout: TextSink }) {
    this.out = opts.stdout;
  }

  printHeader(_summary: HeaderSummary): void {
    // The JSONL stream has no header; `thread.started` comes from `session_configured`.
  }

  processEvent(ev: Event): void {
    // Session-level errors (id "", e.g. an optional MCP server that failed to start) do not
    // belong to the running turn: they are shown as non-fatal error items.
    if (ev.id === "" && ev.msg.type === "error") {
      this.completeNew({ type: "error", message: ev.msg.message });
      return;
    }
    this.handle(ev.msg);
  }

  finish(): ExecResult {
    if (this.turn.isTurnOpen) {
      this.closeTurnItems();
      const message = this.turn.abandonOpenTurn();
      this.emit({ type: "turn.failed", error: { message } });
    }
    return this.turn.result();
  }

  private handle(msg: EventMsg): void {
    switch (msg.type) {
      case "session_configured":
        if (!this.threadStarted) {
          this.threadStarted = true;
          this.emit({ type: "thread.started", thread_id: msg.session_id });
        }
        return;
      case "task_started":
        this.turn.turnStarted();
        this.emit({ type: "turn.started" });
        return;
      case "thread_item_started":
        this.itemStarted(msg.item);
        return;
      case "thread_item_completed":
        // Items the core closes because their turn ends come just before the turn's end event,
        // where this printer closes what is still open the way Codex's exec does.
        if (msg.by_turn_end) return;
        this.itemCompleted(msg.item);
        return;
      case "plan_update":
        // `update_plan` is a turn-level plan update in the item model; Codex's exec JSONL shows it
        // as a to-do list item.
        this.updateTodoList(
          msg.plan.map((s) => ({ text: s.step, completed: s.status === "completed" })),
        );
        return;
      case "token_count":
        if (msg.info) this.turn.totalUsage = msg.info.total_token_usage;
        return;
      case "warning":
        this.completeNew({ type: "error", message: msg.message });
        return;
      case "stream_error":
        this.emit({ type: "error", message: msg.message });
        return;
      case "error":
        this.turn.error(msg.message);
        this.emit({ type: "error", message: msg.message });
        return;
      case "task_complete": {
        this.closeTurnItems({ keepBackgroundCommands: true });
        const outcome = this.turn.turnComplete(msg.last_agent_message);
        if (outcome === "completed") {
          this.emit({ type: "turn.completed", usage: threadUsage(this.turn.totalUsage) });
        } else {
          this.emit({
            type: "turn.failed",
            error: { message: this.turn.result().errorMessage ?? "turn failed" },
          });
        }
        return;
      }
      case "turn_aborted":
        // Codex prints no turn.completed/turn.failed for an interrupted turn.
        this.closeTurnItems();
        this.turn.turnAborted(msg.reason);
        return;
      default:
        return;
    }
  }

  private itemStarted(item: ThreadItem): void {
    if (!isToolItem(item)) {
      this.openSilent.add(item.id);
      return;
    }
    const printed = { id: this.newItemId(), ...toolDetails(item) };
    this.openTools.set(item.id, printed);
    this.emit({ type: "item.started", item: printed });
  }

  private itemCompleted(item: ThreadItem): void {
    if (this.closedAtTurnEnd.delete(item.id)) return;
    this.openSilent.delete(item.id);
    if (isToolItem(item)) {
      const started = this.openTools.get(item.id);
      this.openTools.delete(item.id);
      const id = started?.id ?? this.newItemId();
      this.emit({ type: "item.completed", item: { id, ...toolDetails(item) } });
      return;
    }
    const details = completedOnlyDetails(item);
    if (!details) return;
    if (details.type === "agent_message") this.turn.agentMessage(details.text);
    this.completeNew(details);
  }

  private newItemId(): string {
    return `item_${this.nextItemNumber++}`;
  }

  private emit(event: ThreadEvent): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  private completeNew(details: ThreadItemDetails): void {
    this.emit({ type: "item.completed", item: { id: this.newItemId(), ...details } });
  }

  private updateTodoList(items: TodoEntry[]): void {
    if (this.todoList) {
      this.todoList.items = items;
      this.emit({ type: "item.updated", item: { id: this.todoList.id, type: "todo_list", items } });
      return;
    }
    this.todoList = { id: this.newItemId(), items };
    this.emit({ type: "item.started", item: { id: this.todoList.id, type: "todo_list", items } });
  }

  /**
   * At turn end: finish the to-do list and fail whatever never reported its end; a message that
   * never completed prints nothing. A command the core keeps open past a completed turn runs in
   * the background (src/core/items): Codex prints nothing for it, and it did not fail.
   */
  private closeTurnItems(opts: { keepBackgroundCommands?: boolean } = {}): void {
    if (this.todoList) {
      const { id, items } = this.todoList;
      this.todoList = null;
      this.emit({ type: "item.completed", item: { id, type: "todo_list", items } });
    }
    for (const [itemId, item] of this.openTools) {
      if (opts.keepBackgroundCommands && item.type === "command_execution") continue;
      this.closedAtTurnEnd.add(itemId);
      if ("status" in item)
        this.emit({ type: "item.completed", item: { ...item, status: "failed" } });
      else this.emit({ type: "item.completed", item });
    }
    for (const itemId of this.openSilent) this.closedAtTurnEnd.add(itemId);
    this.openTools.clear();
    this.openSilent.clear();
  }
}

function threadUsage(total: TokenUsage | null): ThreadUsage {
  // TokenUsage has no cache-write counter yet; read it when the core provides one.
  const cacheWrite = (total as { cache_write_input_tokens?: number } | null)
    ?.cache_write_input_tokens;
  return {
    input_tokens: total?.input_tokens ?? 0,
    cached_input_tokens: total?.cached_input_tokens ?? 0,
    cache_write_input_tokens: cacheWrite ?? 0,
    output_tokens: total?.output_tokens ?? 0,
    reasoning_output_tokens: total?.reasoning_output_tokens ?? 0,
  };
}
