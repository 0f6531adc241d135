// Core events → transcript cells and live state. Items (the item model's started → deltas →
// completed lifecycle) become cells in chat-items.ts; this file keeps what is not an item: the
// task's start and end, approval requests, the plan, usage, diffs, notices and resumed history.
import type { Config } from "../../config/types.js";
import type { EventMsg, ReviewDecision, TokenUsageInfo } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import { AgentMessageCell, ReasoningCell, UserMessageCell } from "../cells/message.js";
import { NoticeCell } from "../cells/notice.js";
import { PlanCell } from "../cells/plan.js";
import type { ApprovalRequest } from "../approvals/approval-modal.js";
import type { Theme } from "../terminal/theme.js";
import { ItemCells } from "./chat-items.js";

/** Where the chat sends finished output. */
export interface ChatSink {
  /** A finished cell: into the transcript and the scrollback. */
  addCell(cell: HistoryCell): void;
  /** Lines already final, for the scrollback only (streamed text). */
  commitLines(lines: string[]): void;
  /** A cell whose lines were already streamed out: into the transcript only. */
  recordCell(cell: HistoryCell): void;
  width(): number;
}

/** Context tokens a fresh conversation already uses (instructions, tools); not counted as "used". */
const CONTEXT_BASELINE_TOKENS = 12_000;

export function contextLeftPercent(
  info: TokenUsageInfo | null,
  window: number | null,
): number | null {
  const w = info?.model_context_window ?? window;
  if (!info || !w || w <= CONTEXT_BASELINE_TOKENS) return null;
  const last = info.last_token_usage;
  const used = Math.max(
    0,
    last.total_tokens - last.reasoning_output_tokens - CONTEXT_BASELINE_TOKENS,
  );
  const effective = w - CONTEXT_BASELINE_TOKENS;
  return Math.max(0, Math.min(100, Math.round(100 - (used / effective) * 100)));
}

export class ChatState {
  taskRunning = false;
  taskStartedAt = 0;
  /** Shown in the status line: "Working", or the current reasoning header. */
  statusHeader = "Working";
  tokenInfo: TokenUsageInfo | null = null;
  contextWindow: number | null = null;
  lastTurnDiff: string | null = null;
  readonly approvals: ApprovalRequest[] = [];
  /** Everything a turn produces, drawn from the item model. */
  private readonly items: ItemCells;

  constructor(
    private readonly sink: ChatSink,
    private readonly theme: Theme,
    private readonly config: Pick<Config, "hideAgentReasoning" | "showRawAgentReasoning" | "cwd">,
  ) {
    this.items = new ItemCells(sink, theme, config, (h) => (this.statusHeader = h));
  }

  get contextLeft(): number | null {
    return contextLeftPercent(this.tokenInfo, this.contextWindow);
  }

  /** Commands running now (the ticker runs while there are any). */
  get activeExec(): ReadonlyMap<string, unknown> {
    return this.items.activeExec;
  }

  /** Lines for the live region: streaming text and running tools. */
  liveLines(width: number, now: number, tick: number): string[] {
    return this.items.liveLines(width, now, tick);
  }

  /** Move finished streamed lines to the scrollback (called once per frame). */
  drainStream(): void {
    this.items.drainStream();
  }

  /** The screen was cleared and the transcript rewritten: stream the open message out again. */
  rewindStream(): void {
    this.items.rewindStream();
  }

  /** End the streaming agent message, committing what is left. */
  finishStream(): void {
    this.items.finishStream();
  }

  private add(cell: HistoryCell): void {
    this.items.flush();
    this.sink.addCell(cell);
  }

  notice(level: "error" | "warning" | "info", message: string, details: string[] = []): void {
    this.add(new NoticeCell(level, message, this.theme, details));
  }

  /** The user answered an approval request (the approval flow calls this as it submits). */
  approvalAnswered(callId: string, decision: ReviewDecision): void {
    this.items.approvalAnswered(callId, decision);
  }

  /**
   * One core event. Items (`thread_item_*`) make the transcript's cells; the rest is what is not
   * an item: the task's start and end, approval requests, the plan, usage, diffs and notices.
   */
  handle(msg: EventMsg): void {
    switch (msg.type) {
      case "thread_item_started":
        this.items.started(msg);
        return;
      case "thread_item_delta":
        this.items.delta(msg.item_id, msg.delta);
        return;
      case "thread_item_completed":
        this.items.completed(msg);
        return;
      case "task_started":
        this.taskRunning = true;
        this.taskStartedAt = Date.now();
        this.statusHeader = "Working";
        if (msg.model_context_window) this.contextWindow = msg.model_context_window;
        return;
      case "task_complete":
        this.items.flush();
        this.items.endActive("");
        this.taskRunning = false;
        return;
      case "turn_aborted":
        this.items.flush();
        this.items.endActive("interrupted");
        this.taskRunning = false;
        this.approvals.length = 0;
        if (msg.reason === "interrupted") {
          this.notice(
            "error",
            "Turn interrupted. Tell the model what to do differently, or send a new request.",
          );
        }
        return;
      case "exec_approval_request":
        this.items.flush();
        this.items.awaitApproval(msg.call_id);
        this.approvals.push({
          kind: "exec",
          callId: msg.call_id,
          command: msg.command,
          cwd: msg.cwd,
          reason: msg.reason ?? null,
        });
        return;
      case "apply_patch_approval_request":
        this.items.flush();
        this.approvals.push({
          kind: "patch",
          callId: msg.call_id,
          changes: msg.changes,
          cwd: this.config.cwd,
          reason: msg.reason ?? null,
          grantRoot: msg.grant_root ?? null,
        });
        return;
      case "turn_diff":
        this.lastTurnDiff = msg.unified_diff;
        return;
      case "plan_update":
        // `update_plan` is a turn-level plan update in the item model, not an item.
        this.add(new PlanCell(msg.plan, msg.explanation ?? null, this.theme));
        return;
      case "token_count":
        if (msg.info) this.tokenInfo = msg.info;
        return;
      case "error":
        this.notice("error", msg.message);
        return;
      case "warning":
        this.notice("warning", msg.message);
        return;
      case "stream_error":
        this.notice("warning", msg.message);
        return;
      case "background_event":
        this.notice("info", msg.message);
        return;
      case "undo_started":
        this.statusHeader = "Undoing";
        this.notice("info", msg.message ?? "Undo in progress…");
        return;
      case "undo_completed":
        this.notice(
          msg.success ? "info" : "error",
          msg.message ?? (msg.success ? "Undo completed." : "Undo failed."),
        );
        return;
      default:
        // The legacy twins of items (agent_message*, agent_reasoning*, exec_command_*, patch_*,
        // mcp_tool_call_*, web_search_*, view_image_tool_call, context_compacted, review mode
        // changes, user_message) are drawn from their items instead.
        return;
    }
  }

  /** Messages of a resumed session, shown as the transcript so far. */
  replay(messages: EventMsg[]): void {
    for (const m of messages) {
      // The footer's and /status's "% context left" continue from the saved usage.
      if (m.type === "token_count" && m.info) this.tokenInfo = m.info;
      else if (m.type === "task_started" && m.model_context_window)
        this.contextWindow = m.model_context_window;
      else if (m.type === "user_message") {
        this.sink.addCell(new UserMessageCell(m.message, this.theme, m.images ?? []));
      } else if (m.type === "agent_message") {
        this.sink.addCell(new AgentMessageCell(m.message, this.theme));
      } else if (m.type === "agent_reasoning" && !this.config.hideAgentReasoning) {
        this.sink.addCell(new ReasoningCell(m.text, this.theme));
      }
    }
  }
}
