// Core events → transcript cells and live state (streaming text, running commands, approvals).
import type { Config } from "../../config/types.js";
import type { EventMsg, TokenUsageInfo } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import { ExecCell } from "../cells/exec.js";
import {
  AGENT_BULLET,
  AgentMessageCell,
  ReasoningCell,
  UserMessageCell,
  reasoningHeader,
} from "../cells/message.js";
import { NoticeCell } from "../cells/notice.js";
import { PatchCell } from "../cells/patch.js";
import { PlanCell } from "../cells/plan.js";
import { McpToolCallCell, ViewImageCell, WebSearchCell } from "../cells/tool.js";
import { MarkdownStream } from "../render/markdown-stream.js";
import type { ApprovalRequest } from "../approvals/approval-modal.js";
import type { Theme } from "../terminal/theme.js";
import { withBullet } from "../cells/common.js";

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

const indent = (l: string) => (l === "" ? "" : "  " + l);

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
  readonly activeExec = new Map<string, ExecCell>();
  readonly activeMcp = new Map<string, McpToolCallCell>();
  private readonly patches = new Map<string, PatchCell>();
  private stream: MarkdownStream | null = null;
  private streamStarted = false;
  private reasoning = "";
  private rawReasoning = "";

  constructor(
    private readonly sink: ChatSink,
    private readonly theme: Theme,
    private readonly config: Pick<Config, "hideAgentReasoning" | "showRawAgentReasoning" | "cwd">,
  ) {}

  get contextLeft(): number | null {
    return contextLeftPercent(this.tokenInfo, this.contextWindow);
  }

  /** Lines for the live region: streaming text and running tools. */
  liveLines(width: number, now: number, tick: number): string[] {
    const out: string[] = [];
    for (const c of this.activeExec.values()) out.push("", ...c.renderLive(width, now, tick));
    for (const c of this.activeMcp.values()) out.push("", ...c.renderLive(width, now, tick));
    if (this.stream) {
      const lines = this.stream.liveLines();
      if (lines.length > 0) {
        const bulleted = this.streamStarted ? lines.map(indent) : withBullet(AGENT_BULLET, lines);
        out.push(...(this.streamStarted ? [] : [""]), ...bulleted);
      }
    }
    return out;
  }

  /** Move finished streamed lines to the scrollback (called once per frame). */
  drainStream(): void {
    if (!this.stream) return;
    const lines = this.stream.takeFinished();
    if (lines.length > 0) this.emitStreamLines(lines);
  }

  private emitStreamLines(lines: string[]): void {
    const out = this.streamStarted ? lines.map(indent) : ["", ...withBullet(AGENT_BULLET, lines)];
    this.streamStarted = true;
    this.sink.commitLines(out);
  }

  /** The screen was cleared and the transcript rewritten: stream the open message out again. */
  rewindStream(): void {
    this.stream?.rewind();
    this.streamStarted = false;
  }

  /** End the streaming agent message, committing what is left. */
  finishStream(): void {
    const s = this.stream;
    if (!s) return;
    const rest = s.finish();
    if (rest.length > 0) this.emitStreamLines(rest);
    if (s.text.trim() !== "") this.sink.recordCell(new AgentMessageCell(s.text, this.theme));
    this.stream = null;
    this.streamStarted = false;
  }

  private flushReasoning(): void {
    const text = this.reasoning.trim();
    this.reasoning = "";
    if (text && !this.config.hideAgentReasoning)
      this.sink.addCell(new ReasoningCell(text, this.theme));
    const raw = this.rawReasoning.trim();
    this.rawReasoning = "";
    if (raw && this.config.showRawAgentReasoning)
      this.sink.addCell(new ReasoningCell(raw, this.theme, true));
  }

  /** Commit everything in flight before a new cell so the transcript keeps event order. */
  private flushAll(): void {
    this.flushReasoning();
    this.finishStream();
  }

  private add(cell: HistoryCell): void {
    this.flushAll();
    this.sink.addCell(cell);
  }

  notice(level: "error" | "warning" | "info", message: string, details: string[] = []): void {
    this.add(new NoticeCell(level, message, this.theme, details));
  }

  handle(msg: EventMsg): void {
    switch (msg.type) {
      case "task_started":
        this.taskRunning = true;
        this.taskStartedAt = Date.now();
        this.statusHeader = "Working";
        if (msg.model_context_window) this.contextWindow = msg.model_context_window;
        return;
      case "task_complete":
        this.flushAll();
        this.endActive("");
        this.taskRunning = false;
        return;
      case "turn_aborted":
        this.flushAll();
        this.endActive("interrupted");
        this.taskRunning = false;
        this.approvals.length = 0;
        if (msg.reason === "interrupted") {
          this.notice(
            "error",
            "Turn interrupted. Tell the model what to do differently, or send a new request.",
          );
        }
        return;
      case "agent_message_delta":
        this.flushReasoning();
        if (!this.stream) this.stream = new MarkdownStream(this.theme, () => this.sink.width() - 2);
        this.stream.push(msg.delta);
        return;
      case "agent_message":
        this.flushReasoning();
        if (!this.stream) {
          this.stream = new MarkdownStream(this.theme, () => this.sink.width() - 2);
          this.stream.push(msg.message);
        }
        this.finishStream();
        return;
      case "agent_reasoning_delta": {
        this.reasoning += msg.delta;
        const h = reasoningHeader(this.reasoning);
        if (h) this.statusHeader = h;
        return;
      }
      case "agent_reasoning":
        this.reasoning = msg.text;
        this.flushReasoning();
        return;
      case "agent_reasoning_section_break":
        this.flushReasoning();
        return;
      case "agent_reasoning_raw_content_delta":
        this.rawReasoning += msg.delta;
        return;
      case "agent_reasoning_raw_content":
        this.rawReasoning = msg.text;
        return;
      case "user_message":
        return;
      case "exec_command_begin": {
        this.flushAll();
        const cell = new ExecCell(
          msg.call_id,
          msg.command,
          msg.parsed_cmd,
          this.theme,
          Date.now(),
          msg.source === "user_shell",
        );
        this.activeExec.set(msg.call_id, cell);
        return;
      }
      case "exec_command_output_delta": {
        const cell = this.activeExec.get(msg.call_id);
        if (cell) cell.appendOutput(Buffer.from(msg.chunk, "base64").toString("utf8"));
        return;
      }
      case "exec_command_end": {
        let cell = this.activeExec.get(msg.call_id);
        this.activeExec.delete(msg.call_id);
        cell ??= new ExecCell(
          msg.call_id,
          msg.command,
          [],
          this.theme,
          Date.now() - msg.duration_ms,
        );
        cell.finish({
          exitCode: msg.exit_code,
          durationMs: msg.duration_ms,
          // formatted_output is the model-facing text (chunk id, wall time…); never show it.
          output: msg.aggregated_output,
        });
        this.add(cell);
        return;
      }
      case "exec_approval_request":
        this.flushAll();
        this.approvals.push({
          kind: "exec",
          callId: msg.call_id,
          command: msg.command,
          cwd: msg.cwd,
          reason: msg.reason ?? null,
        });
        return;
      case "apply_patch_approval_request":
        this.flushAll();
        this.approvals.push({
          kind: "patch",
          callId: msg.call_id,
          changes: msg.changes,
          cwd: this.config.cwd,
          reason: msg.reason ?? null,
          grantRoot: msg.grant_root ?? null,
        });
        return;
      case "patch_apply_begin": {
        this.flushAll();
        this.patches.set(
          msg.call_id,
          new PatchCell(msg.call_id, msg.changes, this.config.cwd, this.theme),
        );
        return;
      }
      case "patch_apply_end": {
        const cell =
          this.patches.get(msg.call_id) ??
          new PatchCell(msg.call_id, msg.changes, this.config.cwd, this.theme);
        this.patches.delete(msg.call_id);
        cell.state = msg.success ? "applied" : "failed";
        cell.error = msg.stderr || msg.stdout;
        this.add(cell);
        return;
      }
      case "turn_diff":
        this.lastTurnDiff = msg.unified_diff;
        return;
      case "plan_update":
        this.add(new PlanCell(msg.plan, msg.explanation ?? null, this.theme));
        return;
      case "token_count":
        if (msg.info) this.tokenInfo = msg.info;
        return;
      case "web_search_begin":
        this.statusHeader = "Searching the web";
        return;
      case "web_search_end":
        this.add(new WebSearchCell(msg.query, this.theme));
        return;
      case "view_image_tool_call":
        this.add(new ViewImageCell(msg.path, this.theme));
        return;
      case "mcp_tool_call_begin":
        this.flushAll();
        this.activeMcp.set(
          msg.call_id,
          new McpToolCallCell(msg.call_id, msg.invocation, this.theme, Date.now()),
        );
        return;
      case "mcp_tool_call_end": {
        const cell =
          this.activeMcp.get(msg.call_id) ??
          new McpToolCallCell(
            msg.call_id,
            msg.invocation,
            this.theme,
            Date.now() - msg.duration_ms,
          );
        this.activeMcp.delete(msg.call_id);
        cell.finish(msg.duration_ms, msg.result);
        this.add(cell);
        return;
      }
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
      case "context_compacted":
        this.notice("info", "Context compacted: the conversation so far was summarised.");
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
      case "entered_review_mode":
        this.notice("info", `Code review started: ${msg.review_request.user_facing_hint}`);
        return;
      case "exited_review_mode":
        this.exitedReview(msg);
        return;
      default:
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

  private exitedReview(msg: Extract<EventMsg, { type: "exited_review_mode" }>): void {
    // The findings follow as the review turn's agent message (Codex's rendering); this only
    // marks the end of review mode.
    this.notice("info", msg.review_output ? "Code review finished." : "Code review ended.");
  }

  /** Commands still running when the turn ends are shown as interrupted. */
  private endActive(reason: string): void {
    for (const c of this.activeExec.values()) {
      c.finish({ exitCode: -1, durationMs: Date.now() - c.startedAt, output: reason });
      this.sink.addCell(c);
    }
    this.activeExec.clear();
    for (const c of this.activeMcp.values()) {
      c.finish(Date.now() - c.startedAt, { Err: reason || "ended" });
      this.sink.addCell(c);
    }
    this.activeMcp.clear();
  }
}
