// `codex exec --json`: maps core events onto Codex's JSONL thread events (reference §9). Only
// JSON lines go to the sink; everything a human would read is dropped here.
import type { Event, EventMsg, EventOf, FileChange, TokenUsage } from "../protocol/index.js";
import { CoreEventNormalizer } from "./event-normalizer.js";
// display.js directly: the shell index also loads the bash parser, which exec output does not need.
import { formatCommandForDisplay as shellJoin } from "../shell/display.js";
import type {
  FileUpdateChange,
  McpToolCallResultPayload,
  ThreadEvent,
  ThreadItem,
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
  private readonly normalizer = new CoreEventNormalizer();
  private readonly turn = new TurnTracker();
  /** Started items that still need an `item.completed`, by the core's call id. */
  private readonly openItems = new Map<string, ThreadItem>();
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
    for (const msg of this.normalizer.push(ev.msg)) this.handle(msg);
  }

  finish(): ExecResult {
    for (const msg of this.normalizer.flush()) this.handle(msg);
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
      case "agent_message":
        this.turn.agentMessage(msg.message);
        this.completeNew({ type: "agent_message", text: msg.message });
        return;
      case "agent_reasoning":
        this.completeNew({ type: "reasoning", text: msg.text });
        return;
      case "exec_command_begin":
        this.startItem(msg.call_id, {
          type: "command_execution",
          command: shellJoin(msg.command),
          aggregated_output: "",
          exit_code: null,
          status: "in_progress",
        });
        return;
      case "exec_command_end":
        this.completeItem(msg.call_id, {
          type: "command_execution",
          command: shellJoin(msg.command),
          aggregated_output: msg.aggregated_output,
          exit_code: msg.exit_code,
          status: msg.exit_code === 0 ? "completed" : "failed",
        });
        return;
      case "patch_apply_begin":
        this.startItem(msg.call_id, {
          type: "file_change",
          changes: fileChanges(msg.changes),
          status: "in_progress",
        });
        return;
      case "patch_apply_end":
        this.completeItem(msg.call_id, {
          type: "file_change",
          changes: fileChanges(msg.changes),
          status: msg.success ? "completed" : "failed",
        });
        return;
      case "mcp_tool_call_begin":
        this.startItem(msg.call_id, {
          type: "mcp_tool_call",
          server: msg.invocation.server,
          tool: msg.invocation.tool,
          arguments: msg.invocation.arguments ?? null,
          result: null,
          error: null,
          status: "in_progress",
        });
        return;
      case "mcp_tool_call_end":
        this.completeItem(msg.call_id, mcpToolCallItem(msg));
        return;
      case "web_search_begin":
        this.startItem(msg.call_id, webSearchItem(""));
        return;
      case "web_search_end":
        this.completeItem(msg.call_id, webSearchItem(msg.query));
        return;
      case "plan_update":
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
        this.closeTurnItems();
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

  private newItemId(): string {
    return `item_${this.nextItemNumber++}`;
  }

  private emit(event: ThreadEvent): void {
    this.out.write(`${JSON.stringify(event)}\n`);
  }

  private completeNew(details: ThreadItemDetails): void {
    this.emit({ type: "item.completed", item: { id: this.newItemId(), ...details } });
  }

  private startItem(callId: string, details: ThreadItemDetails): void {
    const item = { id: this.newItemId(), ...details };
    this.openItems.set(callId, item);
    this.emit({ type: "item.started", item });
  }

  private completeItem(callId: string, details: ThreadItemDetails): void {
    const started = this.openItems.get(callId);
    this.openItems.delete(callId);
    const item = { id: started?.id ?? this.newItemId(), ...details };
    this.emit({ type: "item.completed", item });
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

  /** At turn end: finish the to-do list and fail whatever never reported its end. */
  private closeTurnItems(): void {
    if (this.todoList) {
      const { id, items } = this.todoList;
      this.todoList = null;
      this.emit({ type: "item.completed", item: { id, type: "todo_list", items } });
    }
    for (const item of this.openItems.values()) {
      if ("status" in item)
        this.emit({ type: "item.completed", item: { ...item, status: "failed" } });
      else this.emit({ type: "item.completed", item });
    }
    this.openItems.clear();
  }
}

/** Codex lists a patch's files sorted by path, whatever their order in the patch. */
function fileChanges(changes: Record<string, FileChange>): FileUpdateChange[] {
  return Object.keys(changes)
    .sort()
    .map((path) => ({ path, kind: (changes[path] as FileChange).type }));
}

function webSearchItem(query: string): ThreadItemDetails {
  return { type: "web_search", query, action: { type: "search", query } };
}

function mcpToolCallItem(msg: EventOf<"mcp_tool_call_end">): ThreadItemDetails {
  const base = {
    type: "mcp_tool_call" as const,
    server: msg.invocation.server,
    tool: msg.invocation.tool,
    arguments: msg.invocation.arguments ?? null,
  };
  if ("Err" in msg.result) {
    return { ...base, result: null, error: { message: msg.result.Err }, status: "failed" };
  }
  const { payload, isError } = mcpResultPayload(msg.result.Ok);
  return { ...base, result: payload, error: null, status: isError ? "failed" : "completed" };
}

/** Accepts an MCP CallToolResult in either the SDK's camelCase or Codex's snake_case. */
function mcpResultPayload(value: unknown): { payload: McpToolCallResultPayload; isError: boolean } {
  const record =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>) : {};
  const content = Array.isArray(record.content) ? record.content : [];
  const structured = record.structuredContent ?? record.structured_content ?? null;
  const isError = record.isError === true || record.is_error === true;
  return { payload: { content, structured_content: structured }, isError };
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
