// The item model (src/protocol/thread-items.ts) → transcript cells and the live region. A cell is
// created when its item starts, fed by the item's deltas and committed when it completes, all
// keyed by the item's stable id. Turn-level events (task start and end, approval requests,
// notices, usage) stay with ChatState (chat.ts), which owns one of these.
import type { Config } from "../../config/types.js";
import { fileChangesOf, parsedCommandsOf } from "../../core/items/convert.js";
import type { EventOf, ReviewDecision, ThreadItem, ThreadItemDelta } from "../../protocol/index.js";
import { splitShellWords } from "../../shell/display.js";
import type { HistoryCell } from "../extension.js";
import { withBullet } from "../cells/common.js";
import { ExecCell } from "../cells/exec.js";
import {
  AGENT_BULLET,
  AgentMessageCell,
  ReasoningCell,
  reasoningHeader,
} from "../cells/message.js";
import { NoticeCell } from "../cells/notice.js";
import { PatchCell } from "../cells/patch.js";
import { McpToolCallCell, ViewImageCell, WebSearchCell } from "../cells/tool.js";
import { MarkdownStream } from "../render/markdown-stream.js";
import type { Theme } from "../terminal/theme.js";
import type { ChatSink } from "./chat.js";

type ItemOf<T extends ThreadItem["type"]> = Extract<ThreadItem, { type: T }>;

const indent = (l: string) => (l === "" ? "" : "  " + l);

/** The reasoning item being received: the summary part streaming now and the parts shown. */
interface OpenReasoning {
  id: string;
  part: string;
  raw: string;
  /** Parts already committed as cells (at a section break), so completion does not repeat them. */
  shown: string[];
}

export class ItemCells {
  readonly activeExec = new Map<string, ExecCell>();
  readonly activeMcp = new Map<string, McpToolCallCell>();
  /** Commands waiting for the user's approval: not running, so not in the live region. */
  private readonly awaitingApproval = new Map<string, ExecCell>();
  private readonly patches = new Map<string, PatchCell>();
  private readonly patchOutput = new Map<string, string>();
  private stream: { id: string; md: MarkdownStream } | null = null;
  /** Messages whose streamed text is already committed (another cell cut their stream short). */
  private readonly streamedMessages = new Set<string>();
  private streamStarted = false;
  private reasoning: OpenReasoning | null = null;

  constructor(
    private readonly sink: ChatSink,
    private readonly theme: Theme,
    private readonly config: Pick<Config, "hideAgentReasoning" | "showRawAgentReasoning" | "cwd">,
    /** The status line's header follows the reasoning ("Working" until then). */
    private readonly setStatusHeader: (header: string) => void,
  ) {}

  started(msg: EventOf<"thread_item_started">): void {
    const item = msg.item;
    switch (item.type) {
      case "agentMessage":
        this.flushReasoning();
        this.streamFor(item.id);
        return;
      case "reasoning":
        this.flushReasoning();
        this.reasoning = { id: item.id, part: "", raw: "", shown: [] };
        return;
      case "commandExecution": {
        this.flush();
        const cell = execCell(item, this.theme, Date.now());
        // It runs once approved (approvalAnswered); until then the approval modal shows it.
        if (msg.for_approval) this.awaitingApproval.set(item.id, cell);
        else this.activeExec.set(item.id, cell);
        return;
      }
      case "fileChange":
        this.flush();
        this.patches.set(item.id, this.patchCell(item));
        return;
      case "mcpToolCall":
        this.flush();
        this.activeMcp.set(
          item.id,
          new McpToolCallCell(item.id, invocation(item), this.theme, Date.now()),
        );
        return;
      default:
        // Everything else is drawn once, when it completes.
        return;
    }
  }

  delta(itemId: string, delta: ThreadItemDelta): void {
    switch (delta.kind) {
      case "agentMessage":
        this.flushReasoning();
        this.streamFor(itemId).push(delta.delta);
        return;
      case "reasoningSummaryText": {
        const r = this.reasoningFor(itemId);
        r.part += delta.delta;
        const header = reasoningHeader(r.part);
        if (header) this.setStatusHeader(header);
        return;
      }
      case "reasoningSummaryPartAdded":
        this.flushReasoning();
        return;
      case "reasoningText":
        this.reasoningFor(itemId).raw += delta.delta;
        return;
      case "commandOutput":
        this.activeExec.get(itemId)?.appendOutput(delta.delta);
        return;
      case "fileChangeOutput":
        this.patchOutput.set(itemId, (this.patchOutput.get(itemId) ?? "") + delta.delta);
        return;
      case "mcpProgress":
        return;
    }
  }

  completed(msg: EventOf<"thread_item_completed">): void {
    const item = msg.item;
    switch (item.type) {
      case "agentMessage":
        this.completeMessage(item);
        return;
      case "reasoning":
        this.completeReasoning(item);
        return;
      case "commandExecution":
        this.completeCommand(item, msg.by_turn_end === true);
        return;
      case "fileChange":
        this.completePatch(item, msg.by_turn_end === true);
        return;
      case "mcpToolCall":
        this.completeMcp(item, msg.by_turn_end === true);
        return;
      case "webSearch":
        this.add(new WebSearchCell(item.query, this.theme));
        return;
      case "imageView":
        this.add(new ViewImageCell(item.path, this.theme));
        return;
      case "contextCompaction":
        this.notice("Context compacted: the conversation so far was summarised.");
        return;
      case "enteredReviewMode":
        this.notice(`Code review started: ${item.review}`);
        return;
      case "exitedReviewMode":
        // The findings follow as the review turn's agent message (Codex's rendering); this only
        // marks the end of review mode. An interrupted review has no result text.
        this.notice(item.review !== "" ? "Code review finished." : "Code review ended.");
        return;
      default:
        // userMessage: the composer already drew it when it was sent. plan: not emitted yet.
        return;
    }
  }

  /** The core asked about a command that is shown running (a retry outside the sandbox). */
  awaitApproval(callId: string): void {
    const cell = this.activeExec.get(callId);
    if (!cell) return;
    this.activeExec.delete(callId);
    this.awaitingApproval.set(callId, cell);
  }

  /** The user answered an approval: an approved command starts running now. */
  approvalAnswered(callId: string, decision: ReviewDecision): void {
    const cell = this.awaitingApproval.get(callId);
    if (!cell || decision === "denied" || decision === "abort") return;
    this.awaitingApproval.delete(callId);
    cell.startedAt = Date.now();
    this.activeExec.set(callId, cell);
  }

  /**
   * The turn ended: tools still running are committed as ended (`reason` as their output), as
   * the items the turn's end closes say nothing of their own. Unapproved calls never ran.
   */
  endActive(reason: string): void {
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
    this.awaitingApproval.clear();
    this.patches.clear();
    this.patchOutput.clear();
    this.streamedMessages.clear();
  }

  /** Lines for the live region: running tools, then the streaming message. */
  liveLines(width: number, now: number, tick: number): string[] {
    const out: string[] = [];
    for (const c of this.activeExec.values()) out.push("", ...c.renderLive(width, now, tick));
    for (const c of this.activeMcp.values()) out.push("", ...c.renderLive(width, now, tick));
    if (this.stream) {
      const lines = this.stream.md.liveLines();
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
    const lines = this.stream.md.takeFinished();
    if (lines.length > 0) this.emitStreamLines(lines);
  }

  /** The screen was cleared and the transcript rewritten: stream the open message out again. */
  rewindStream(): void {
    this.stream?.md.rewind();
    this.streamStarted = false;
  }

  /** End the streaming agent message, committing what is left. */
  finishStream(): void {
    const s = this.stream;
    if (!s) return;
    const rest = s.md.finish();
    if (rest.length > 0) this.emitStreamLines(rest);
    if (s.md.text.trim() !== "") {
      this.sink.recordCell(new AgentMessageCell(s.md.text, this.theme));
      this.streamedMessages.add(s.id);
    }
    this.stream = null;
    this.streamStarted = false;
  }

  /** Commit everything in flight before a new cell so the transcript keeps event order. */
  flush(): void {
    this.flushReasoning();
    this.finishStream();
  }

  private add(cell: HistoryCell): void {
    this.flush();
    this.sink.addCell(cell);
  }

  private notice(message: string): void {
    this.add(new NoticeCell("info", message, this.theme));
  }

  private streamFor(id: string): MarkdownStream {
    if (this.stream?.id !== id) {
      this.finishStream();
      const md = new MarkdownStream(this.theme, () => this.sink.width() - 2);
      this.stream = { id, md };
    }
    return this.stream.md;
  }

  private emitStreamLines(lines: string[]): void {
    const out = this.streamStarted ? lines.map(indent) : ["", ...withBullet(AGENT_BULLET, lines)];
    this.streamStarted = true;
    this.sink.commitLines(out);
  }

  private completeMessage(item: ItemOf<"agentMessage">): void {
    this.flushReasoning();
    const open = this.stream?.id === item.id;
    if (!open && this.streamedMessages.delete(item.id)) return;
    const md = this.streamFor(item.id);
    // Streamed text is already in the stream; a message that arrived whole is pushed now.
    if (!open || md.text === "") md.push(item.text);
    this.finishStream();
  }

  private reasoningFor(id: string): OpenReasoning {
    if (this.reasoning?.id !== id) {
      this.flushReasoning();
      this.reasoning = { id, part: "", raw: "", shown: [] };
    }
    return this.reasoning;
  }

  /** Commit the summary part received so far (a section ended, or another cell comes). */
  private flushReasoning(): void {
    const r = this.reasoning;
    if (!r) return;
    const text = r.part.trim();
    r.part = "";
    if (text) {
      r.shown.push(text);
      this.reasoningCell(text, false);
    }
    const raw = r.raw.trim();
    r.raw = "";
    if (raw) this.reasoningCell(raw, true);
  }

  private completeReasoning(item: ItemOf<"reasoning">): void {
    const r = this.reasoning?.id === item.id ? this.reasoning : null;
    this.reasoning = null;
    const shown = r?.shown ?? [];
    for (const part of item.summary) {
      const text = part.trim();
      if (shown[0] === text) shown.shift();
      else if (text) this.reasoningCell(text, false);
    }
    const raw = item.content.join("\n").trim() || (r?.raw.trim() ?? "");
    if (raw) this.reasoningCell(raw, true);
  }

  private reasoningCell(text: string, raw: boolean): void {
    const show = raw ? this.config.showRawAgentReasoning : !this.config.hideAgentReasoning;
    if (show) this.sink.addCell(new ReasoningCell(text, this.theme, raw));
  }

  private completeCommand(item: ItemOf<"commandExecution">, byTurnEnd: boolean): void {
    if (item.status === "declined") {
      // Refused: it never ran; the approval flow already recorded the decision.
      this.awaitingApproval.delete(item.id);
      this.activeExec.delete(item.id);
      return;
    }
    // Closed by its turn's end, which follows and commits what is still running (endActive).
    if (byTurnEnd) return;
    const cell =
      this.activeExec.get(item.id) ??
      this.awaitingApproval.get(item.id) ??
      execCell(item, this.theme, Date.now() - (item.durationMs ?? 0));
    this.activeExec.delete(item.id);
    this.awaitingApproval.delete(item.id);
    cell.finish({
      exitCode: item.exitCode ?? -1,
      durationMs: item.durationMs ?? 0,
      // The item's output is what the command printed (never the model-facing formatting).
      output: item.aggregatedOutput ?? "",
    });
    this.add(cell);
  }

  private completePatch(item: ItemOf<"fileChange">, byTurnEnd: boolean): void {
    const cell = this.patches.get(item.id) ?? this.patchCell(item);
    const output = this.patchOutput.get(item.id) ?? "";
    this.patches.delete(item.id);
    this.patchOutput.delete(item.id);
    // A refused patch was never applied; one its turn ended never reported an outcome.
    if (item.status === "declined" || byTurnEnd) return;
    cell.state = item.status === "completed" ? "applied" : "failed";
    cell.error = output;
    this.add(cell);
  }

  private completeMcp(item: ItemOf<"mcpToolCall">, byTurnEnd: boolean): void {
    if (byTurnEnd) return;
    const cell =
      this.activeMcp.get(item.id) ??
      new McpToolCallCell(
        item.id,
        invocation(item),
        this.theme,
        Date.now() - (item.durationMs ?? 0),
      );
    this.activeMcp.delete(item.id);
    const result = item.error
      ? { Err: item.error.message }
      : { Ok: { content: item.result?.content ?? [], isError: item.status === "failed" } };
    cell.finish(item.durationMs ?? 0, result);
    this.add(cell);
  }

  private patchCell(item: ItemOf<"fileChange">): PatchCell {
    return new PatchCell(item.id, fileChangesOf(item.changes), this.config.cwd, this.theme);
  }
}

function execCell(item: ItemOf<"commandExecution">, theme: Theme, startedAt: number): ExecCell {
  return new ExecCell(
    item.id,
    argvOf(item.command),
    parsedCommandsOf(item.commandActions),
    theme,
    startedAt,
    item.source === "userShell",
  );
}

/** The argv a command item's display text stands for (the text itself if it does not parse). */
function argvOf(command: string): string[] {
  const words = splitShellWords(command);
  return Array.isArray(words) ? words : [command];
}

function invocation(item: ItemOf<"mcpToolCall">) {
  return { server: item.server, tool: item.tool, arguments: item.arguments };
}
