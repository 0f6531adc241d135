// Human-readable `codex exec` output (reference §9): a header, then each step on stderr; only
// the final agent message goes to stdout, so `codex exec "…" > answer.txt` captures just that.
import type { Event, EventMsg, EventOf, FileChange } from "../protocol/index.js";
import { CLI_VERSION } from "../version.js";
import { resolveColor, Styler, type ColorMode } from "./ansi.js";
import { CoreEventNormalizer } from "./event-normalizer.js";
import { fileChangeDiff } from "./file-change-diff.js";
import { formatDuration, formatThousands, headLines, summarizeSandbox } from "./human-format.js";
// display.js directly: the shell index also loads the bash parser, which exec output does not need.
import { formatCommandForDisplay as shellJoin } from "../shell/display.js";
import { TurnTracker } from "./turn-tracker.js";
import type { EventProcessor, ExecResult, HeaderSummary, TextSink } from "./types.js";

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
  private readonly normalizer = new CoreEventNormalizer();
  private readonly turn = new TurnTracker();
  private readonly maxLines: number;
  private cwd = process.cwd();
  /** Running commands, so an end can be labelled when other output came in between. */
  private readonly runningCommands = new Map<string, { command: string; cwd: string }>();
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
    for (const msg of this.normalizer.push(ev.msg)) this.handle(msg);
  }

  finish(): ExecResult {
    for (const msg of this.normalizer.flush()) this.handle(msg);
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
      case "agent_message":
        this.turn.agentMessage(msg.message);
        this.line(s.paint("codex", "italic", "magenta"));
        this.line(msg.message);
        return;
      case "agent_reasoning":
        if (!this.hideReasoning) this.line(s.paint(msg.text, "italic", "dim"));
        return;
      case "agent_reasoning_raw_content":
        if (this.showRawReasoning) {
          this.line(s.paint("thinking", "italic", "magenta"));
          this.line(msg.text);
        }
        return;
      case "exec_command_begin": {
        const command = shellJoin(msg.command);
        this.runningCommands.set(msg.call_id, { command, cwd: msg.cwd });
        this.execHeader(command, msg.cwd);
        this.lastPrintedExecHeader = msg.call_id;
        return;
      }
      case "exec_command_end":
        this.execEnd(msg);
        return;
      case "patch_apply_end":
        this.patchEnd(msg);
        return;
      case "mcp_tool_call_begin":
        this.line(
          `${s.paint("tool", "magenta")} ${s.paint(formatInvocation(msg.invocation), "bold")}`,
        );
        return;
      case "mcp_tool_call_end":
        this.mcpEnd(msg);
        return;
      case "web_search_end":
        this.line(`🌐 Searched: ${msg.query}`);
        return;
      case "view_image_tool_call":
        this.line(`${s.paint("viewed image", "magenta")} ${msg.path}`);
        return;
      case "plan_update":
        this.planUpdate(msg);
        return;
      case "token_count":
        if (msg.info) this.turn.totalUsage = msg.info.total_token_usage;
        return;
      case "context_compacted":
        this.line("context compacted");
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

  private execEnd(msg: EventOf<"exec_command_end">): void {
    const s = this.style;
    const running = this.runningCommands.get(msg.call_id);
    this.runningCommands.delete(msg.call_id);
    if (this.lastPrintedExecHeader !== msg.call_id) {
      // Other output came between begin and end (parallel calls): say which command this is.
      this.execHeader(running?.command ?? shellJoin(msg.command), running?.cwd ?? msg.cwd);
    }
    const duration = formatDuration(msg.duration_ms);
    if (msg.exit_code === 0) this.line(s.paint(` succeeded in ${duration}:`, "green"));
    else this.line(s.paint(` exited ${msg.exit_code} in ${duration}:`, "red"));
    this.outputLines(msg.aggregated_output);
    this.line("");
  }

  private patchEnd(msg: EventOf<"patch_apply_end">): void {
    const s = this.style;
    this.line(s.paint("apply patch", "italic", "magenta"));
    if (!msg.success) {
      this.line(s.paint("patch: failed", "red"));
      this.outputLines(msg.stderr || msg.stdout);
      this.line("");
      return;
    }
    this.line(s.paint("patch: completed", "green"));
    for (const file of Object.keys(msg.changes).sort())
      this.fileDiff(file, msg.changes[file] as FileChange);
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

  private mcpEnd(msg: EventOf<"mcp_tool_call_end">): void {
    const s = this.style;
    const isError =
      "Err" in msg.result ||
      (typeof msg.result.Ok === "object" &&
        msg.result.Ok !== null &&
        (msg.result.Ok as { isError?: unknown }).isError === true);
    const title = `${formatInvocation(msg.invocation)} ${isError ? "failed" : "success"} in ${formatDuration(msg.duration_ms)}:`;
    this.line(s.paint(title, isError ? "red" : "green"));
    const body =
      "Err" in msg.result ? msg.result.Err : (JSON.stringify(msg.result.Ok, null, 2) ?? "");
    this.outputLines(body);
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

function formatInvocation(invocation: {
  server: string;
  tool: string;
  arguments?: unknown;
}): string {
  const args =
    invocation.arguments === undefined || invocation.arguments === null
      ? ""
      : JSON.stringify(invocation.arguments);
  return `${invocation.server}.${invocation.tool}(${args})`;
}
