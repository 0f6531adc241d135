// Human-readable `codex exec` output (reference §9): a header, then each step on stderr; only
// the final agent message goes to stdout, so `codex exec "…" > answer.txt` captures just that.
// A thin adapter over the item model (src/protocol/thread-items.ts): commands, patches, MCP calls,
// messages, reasoning, web searches, image views and compactions are printed from their items;
// turn-level events (turn start and end, usage, errors, warnings, the plan) from the core's events.
import { fileChangesOf } from "../core/items/convert.js";
import type { Event, EventMsg, EventOf, FileChange, ThreadItem } from "../protocol/index.js";
import { CLI_VERSION } from "../version.js";
import { resolveColor, Styler, type ColorMode } from "./ansi.js";
import { fileChangeDiff } from "./file-change-diff.js";
import { formatDuration, formatThousands, headLines, summarizeSandbox } from "./human-format.js";
import { TurnTracker } from "./turn-tracker.js";
import type { EventProcessor, ExecResult, HeaderSummary, TextSink } from "./types.js";

type ItemOf<T extends ThreadItem["type"]> = Extract<ThreadItem, { type: T }>;

export interface HumanOutputOptions {
  stdout: TextSink;
  stderr: TextSink;
  /** `--color`; `auto` colours when stderr is a terminal and `NO_COLOR` is unset. */
  color: ColorMode | boolean;
  /** Environment consulted by `auto` (defaults to `process.env`). */
  env?: NodeJS.ProcessEnv;
  /** Do not show reasoning summaries (`hide_agent_reasoning`). */
  hideReasoning?: boolean;
  /** Show raw reasoning text (`show_raw_agent_reasoning`). */
  showRawReasoning?: boolean;
  /** Lines of command / tool output shown per call; Codex shows 20. */
  maxOutputLines?: number;
}

const DEFAULT_MAX_OUTPUT_LINES = 20;

export class HumanEventProcessor implements EventProcessor {
  private readonly style: Styler;
  private readonly turn = new TurnTracker();
  private readonly maxLines: number;
  private cwd = process.cwd();
  /** Output a file change reported (its `fileChangeOutput` deltas), by item id. */
  private readonly patchOutput = new Map<string, string>();
  /** The call whose `exec` header was the last thing printed, if any. */
  private lastPrintedExecHeader: string | null = null;
  private errorShownForTurn = false;
  private hideReasoning: boolean;
  private showRawReasoning: boolean;

  constructor(private readonly opts: HumanOutputOptions) {
    const color =
      typeof opts.color === "boolean"
        ? opts.color
        : resolveColor(opts.color, opts.stderr, opts.env);
    this.style = new Styler(color);
    this.hideReasoning = opts.hideReasoning ?? false;
    this.showRawReasoning = opts.showRawReasoning ?? false;
    this.maxLines = opts.maxOutputLines ?? DEFAULT_MAX_OUTPUT_LINES;
  }

  printHeader(summary: HeaderSummary): void {
    const s = this.style;
    const config = summary.config;
    this.cwd = config.cwd;
    this.hideReasoning = this.opts.hideReasoning ?? config.hideAgentReasoning;
    this.showRawReasoning = this.opts.showRawReasoning ?? config.showRawAgentReasoning;
    this.line(`codex-ts v${summary.version ?? CLI_VERSION}`);
    this.line("--------");
    const entries: [string, string][] = [
      ["workdir", config.cwd],
      ["model", config.model],
      ["provider", config.modelProviderId],
      ["approval", config.approvalPolicy],
      ["sandbox", summarizeSandbox(config.sandboxPolicy)],
    ];
    if (config.modelFamily.supportsReasoningSummaries) {
      // Like Codex, this is the configured effort; the model's default is not resolved here.
      entries.push(["reasoning effort", config.modelReasoningEffort ?? "none"]);
      entries.push(["reasoning summaries", config.modelReasoningSummary]);
    }
    entries.push(["session id", summary.sessionId]);
    for (const [key, value] of entries) this.line(`${s.paint(`${key}:`, "bold")} ${value}`);
    this.line("--------");
    this.line(s.paint("user", "cyan"));
    this.line(summary.prompt);
  }

  processEvent(ev: Event): void {
    // Errors outside any submission (e.g. an optional MCP server that failed to start) are
    // reported but never fail the turn.
    if (ev.id === "" && ev.msg.type === "error") {
      this.handle({ type: "warning", message: ev.msg.message });
      return;
    }
    this.handle(ev.msg);
  }

  finish(): ExecResult {
    if (this.turn.isTurnOpen) {
      const alreadyShown = this.errorShownForTurn;
      const message = this.turn.abandonOpenTurn();
      if (!alreadyShown) this.error(message);
    }
    const usage = this.turn.totalUsage;
    if (usage) {
      const blended = usage.input_tokens - usage.cached_input_tokens + usage.output_tokens;
      this.line(this.style.paint("tokens used", "magenta", "italic"));
      this.line(formatThousands(blended));
    }
    const result = this.turn.result();
    // On a terminal the message was just shown on stderr; printing it again would duplicate it.
    if (result.lastMessage !== null && this.opts.stdout.isTTY !== true) {
      const text = result.lastMessage;
      this.opts.stdout.write(text.endsWith("\n") ? text : `${text}\n`);
    }
    return result;
  }

  private handle(msg: EventMsg): void {
    const s = this.style;
    switch (msg.type) {
      case "session_configured":
        this.cwd = msg.cwd;
        return;
      case "task_started":
        this.turn.turnStarted();
        this.errorShownForTurn = false;
        return;
      case "error":
        this.turn.error(msg.message);
        if (this.turn.isTurnOpen) this.errorShownForTurn = true;
        this.error(msg.message);
        return;
      case "warning":
        this.line(`${s.paint("warning:", "yellow", "bold")} ${msg.message}`);
        return;
      case "stream_error":
      case "background_event":
        this.line(s.paint(msg.message, "dim"));
        return;
      case "thread_item_started":
        // A call waiting for approval is not running: `codex exec` refuses it (nobody can answer),
        // and its item completes as declined, which prints nothing.
        if (!msg.for_approval) this.itemStarted(msg.item);
        return;
      case "thread_item_delta":
        if (msg.delta.kind === "fileChangeOutput") {
          this.patchOutput.set(
            msg.item_id,
            (this.patchOutput.get(msg.item_id) ?? "") + msg.delta.delta,
          );
        }
        return;
      case "thread_item_completed":
        // An item its turn's end closed never reported an end of its own: nothing to print.
        if (!msg.by_turn_end) this.itemCompleted(msg.item);
        return;
      case "plan_update":
        this.planUpdate(msg);
        return;
      case "token_count":
        if (msg.info) this.turn.totalUsage = msg.info.total_token_usage;
        return;
      case "task_complete":
        this.turn.turnComplete(msg.last_agent_message);
        return;
      case "turn_aborted":
        this.turn.turnAborted(msg.reason);
        if (msg.reason === "interrupted") this.line("task interrupted");
        else if (msg.reason === "replaced") this.line("task aborted: replaced by a new task");
        else this.line("task aborted: review ended");
        return;
      default:
        return;
    }
  }

  private line(text: string): void {
    this.lastPrintedExecHeader = null;
    this.opts.stderr.write(`${text}\n`);
  }

  private error(message: string): void {
    this.line(`${this.style.paint("ERROR:", "red")} ${message}`);
  }

  private execHeader(command: string, cwd: string): void {
    this.line(this.style.paint("exec", "italic", "magenta"));
    this.line(`${this.style.paint(command, "bold")} in ${cwd}`);
  }

  private itemStarted(item: ThreadItem): void {
    const s = this.style;
    if (item.type === "commandExecution") {
      this.execHeader(item.command, item.cwd);
      this.lastPrintedExecHeader = item.id;
    } else if (item.type === "mcpToolCall") {
      this.line(`${s.paint("tool", "magenta")} ${s.paint(formatInvocation(item), "bold")}`);
    }
  }

  private itemCompleted(item: ThreadItem): void {
    const s = this.style;
    switch (item.type) {
      case "agentMessage":
        this.turn.agentMessage(item.text);
        this.line(s.paint("codex", "italic", "magenta"));
        this.line(item.text);
        return;
      case "reasoning":
        this.reasoning(item);
        return;
      case "commandExecution":
        if (item.status !== "declined") this.execEnd(item);
        return;
      case "fileChange":
        this.patchEnd(item);
        return;
      case "mcpToolCall":
        this.mcpEnd(item);
        return;
      case "webSearch":
        this.line(`🌐 Searched: ${item.query}`);
        return;
      case "imageView":
        this.line(`${s.paint("viewed image", "magenta")} ${item.path}`);
        return;
      case "contextCompaction":
        this.line("context compacted");
        return;
      default:
        // User messages (echoed in the header), review markers and plans print nothing.
        return;
    }
  }

  /** A reasoning item's summary parts, joined by a newline (reference §9); then raw text. */
  private reasoning(item: ItemOf<"reasoning">): void {
    const s = this.style;
    const summary = item.summary.join("\n");
    if (!this.hideReasoning && summary.trim() !== "") this.line(s.paint(summary, "italic", "dim"));
    if (!this.showRawReasoning) return;
    for (const text of item.content) {
      this.line(s.paint("thinking", "italic", "magenta"));
      this.line(text);
    }
  }

  private execEnd(item: ItemOf<"commandExecution">): void {
    const s = this.style;
    if (this.lastPrintedExecHeader !== item.id) {
      // Other output came between start and end (parallel calls): say which command this is.
      this.execHeader(item.command, item.cwd);
    }
    const exitCode = item.exitCode ?? -1;
    const duration = formatDuration(item.durationMs ?? 0);
    if (exitCode === 0) this.line(s.paint(` succeeded in ${duration}:`, "green"));
    else this.line(s.paint(` exited ${exitCode} in ${duration}:`, "red"));
    this.outputLines(item.aggregatedOutput ?? "");
    this.line("");
  }

  private patchEnd(item: ItemOf<"fileChange">): void {
    const s = this.style;
    const output = this.patchOutput.get(item.id) ?? "";
    this.patchOutput.delete(item.id);
    if (item.status === "declined") return;
    this.line(s.paint("apply patch", "italic", "magenta"));
    if (item.status !== "completed") {
      this.line(s.paint("patch: failed", "red"));
      this.outputLines(output);
      this.line("");
      return;
    }
    this.line(s.paint("patch: completed", "green"));
    const changes = fileChangesOf(item.changes);
    for (const file of Object.keys(changes).sort())
      this.fileDiff(file, changes[file] as FileChange);
    this.line("");
  }

  private fileDiff(file: string, change: FileChange): void {
    const s = this.style;
    this.line(s.paint(file, "bold"));
    for (const diffLine of fileChangeDiff(file, change, this.cwd)) {
      if (diffLine.startsWith("+") && !diffLine.startsWith("+++"))
        this.line(s.paint(diffLine, "green"));
      else if (diffLine.startsWith("-") && !diffLine.startsWith("---"))
        this.line(s.paint(diffLine, "red"));
      else if (diffLine.startsWith("@@")) this.line(s.paint(diffLine, "cyan"));
      else this.line(diffLine);
    }
  }

  private mcpEnd(item: ItemOf<"mcpToolCall">): void {
    const s = this.style;
    const ok = item.status === "completed";
    const title = `${formatInvocation(item)} ${ok ? "success" : "failed"} in ${formatDuration(item.durationMs ?? 0)}:`;
    this.line(s.paint(title, ok ? "green" : "red"));
    this.outputLines(item.error ? item.error.message : mcpResultText(item));
    this.line("");
  }

  private planUpdate(msg: EventOf<"plan_update">): void {
    const s = this.style;
    this.line(s.paint("Plan update", "magenta"));
    if (msg.explanation && msg.explanation.trim() !== "")
      this.line(s.paint(msg.explanation, "italic"));
    for (const item of msg.plan) {
      if (item.status === "completed") this.line(`  ${s.paint("✓", "green")} ${item.step}`);
      else if (item.status === "in_progress") this.line(`  ${s.paint("→", "cyan")} ${item.step}`);
      else this.line(`  ${s.paint("•", "dim")} ${s.paint(item.step, "dim")}`);
    }
  }

  private outputLines(text: string): void {
    const { lines, omitted } = headLines(text, this.maxLines);
    for (const l of lines) this.line(this.style.paint(l, "dim"));
    if (omitted > 0) this.line(this.style.paint(`… +${omitted} lines`, "dim"));
  }
}

function formatInvocation(item: ItemOf<"mcpToolCall">): string {
  const args =
    item.arguments === undefined || item.arguments === null ? "" : JSON.stringify(item.arguments);
  return `${item.server}.${item.tool}(${args})`;
}

/** An MCP result as the tool's CallToolResult JSON (what the server answered, pretty-printed). */
function mcpResultText(item: ItemOf<"mcpToolCall">): string {
  if (!item.result) return "";
  const { content, structuredContent } = item.result;
  const result: Record<string, unknown> = { content };
  if (structuredContent !== null && structuredContent !== undefined)
    result.structuredContent = structuredContent;
  if (item.status === "failed") result.isError = true;
  return JSON.stringify(result, null, 2);
}
