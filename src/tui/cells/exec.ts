// A command the agent (or the user, via `!cmd`) ran: running, then succeeded or failed.
import type { ParsedCommand } from "../../protocol/index.js";
import { formatCommandForDisplay } from "../../shell/display.js";
import { extractShellScript } from "../../shell/shell-wrapper.js";
import type { HistoryCell } from "../extension.js";
import type { Theme } from "../terminal/theme.js";
import { truncate, wrapLine } from "../terminal/width.js";
import { SPINNER, formatDuration, sanitize, treeLines } from "./common.js";

/** Lines of output shown inline; the transcript overlay shows everything. */
export const EXEC_OUTPUT_LINES = 5;
/** Bytes of live output kept while a command runs. */
const LIVE_TAIL_BYTES = 16 * 1024;

export function commandText(command: string[]): string {
  const shell = extractShellScript(command, { anyShellPath: true });
  return shell ? shell.script : formatCommandForDisplay(command);
}

/** "Read foo.ts", "Search TODO in src", or null when the command is not just exploring. */
function exploreSummary(parsed: ParsedCommand[]): string[] | null {
  if (parsed.length === 0 || parsed.some((p) => p.type === "unknown")) return null;
  return parsed.map((p) => {
    switch (p.type) {
      case "read":
        return `Read ${p.name}`;
      case "list_files":
        return `List ${p.path ?? "."}`;
      case "search":
        return `Search ${p.query ?? ""}${p.path ? ` in ${p.path}` : ""}`.trim();
      default:
        return p.cmd;
    }
  });
}

export interface ExecResult {
  exitCode: number;
  durationMs: number;
  output: string;
}

export class ExecCell implements HistoryCell {
  readonly kind = "exec";
  private liveOutput = "";
  result: ExecResult | null = null;

  constructor(
    readonly callId: string,
    readonly command: string[],
    readonly parsed: ParsedCommand[],
    private readonly theme: Theme,
    /** When it started running (reset when an approval lets it run). */
    public startedAt: number,
    readonly userShell = false,
  ) {}

  appendOutput(chunk: string): void {
    this.liveOutput += chunk;
    if (this.liveOutput.length > LIVE_TAIL_BYTES * 2) {
      this.liveOutput = this.liveOutput.slice(-LIVE_TAIL_BYTES);
    }
  }

  finish(result: ExecResult): void {
    this.result = result;
    this.liveOutput = "";
  }

  /** The running form, for the live region. */
  renderLive(width: number, now: number, tick: number): string[] {
    const spin = this.theme.accent(SPINNER[tick % SPINNER.length] ?? "•");
    const elapsed = this.theme.dim(` (${formatDuration(now - this.startedAt)})`);
    const head = this.header(width, `${spin} `, this.theme.bold("Running"), elapsed);
    const tail = lastLines(sanitize(this.liveOutput), EXEC_OUTPUT_LINES);
    return [
      ...head,
      ...treeLines(
        tail.map((l) => this.theme.dim(truncate(l, width - 4))),
        this.theme,
      ),
    ];
  }

  render(width: number): string[] {
    return this.renderWith(width, EXEC_OUTPUT_LINES);
  }

  renderFull(width: number): string[] {
    return this.renderWith(width, Number.MAX_SAFE_INTEGER);
  }

  private renderWith(width: number, maxLines: number): string[] {
    const t = this.theme;
    const r = this.result;
    if (!r) return this.renderLive(width, Date.now(), 0);
    const ok = r.exitCode === 0;
    const bullet = ok ? t.green("• ") : t.red("• ");
    const verb = t.bold(this.userShell ? "You ran" : "Ran");
    const meta = ok
      ? t.dim(` · ${formatDuration(r.durationMs)}`)
      : t.red(` · exit ${r.exitCode}`) + t.dim(` · ${formatDuration(r.durationMs)}`);
    const head = this.header(width, bullet, verb, meta);
    const explore = exploreSummary(this.parsed);
    if (explore && ok && !this.userShell) return head;
    const all = sanitize(r.output).replace(/\n+$/, "");
    const lines = all === "" ? [] : all.split("\n");
    let shown: string[];
    if (lines.length > maxLines) {
      const headN = Math.ceil(maxLines / 2);
      const tailN = maxLines - headN;
      shown = [
        ...lines.slice(0, headN),
        t.dim(`… +${lines.length - maxLines} lines`),
        ...lines.slice(lines.length - tailN),
      ];
    } else {
      shown = lines;
    }
    const body = shown.map((l) => (l.startsWith("\x1b") ? l : t.dim(truncate(l, width - 4))));
    if (body.length === 0) body.push(t.dim("(no output)"));
    return [...head, ...treeLines(body, t)];
  }

  private header(width: number, bullet: string, verb: string, meta: string): string[] {
    const explore = exploreSummary(this.parsed);
    if (explore && !this.userShell) {
      const label = this.theme.bold("Explored");
      return [
        `${bullet}${label}${meta}`,
        ...treeLines(
          explore.map((e) => truncate(e, width - 4)),
          this.theme,
        ),
      ];
    }
    const cmd = commandText(this.command);
    const first = `${bullet}${verb} `;
    const wrapped = wrapLine(this.theme.accent(cmd.split("\n")[0] ?? ""), Math.max(10, width - 8));
    const extra = cmd.includes("\n") ? this.theme.dim(" …") : "";
    return wrapped.map((l, i) =>
      i === 0
        ? first + l + (wrapped.length === 1 ? extra + meta : "")
        : "    " + l + (i === wrapped.length - 1 ? extra + meta : ""),
    );
  }
}

function lastLines(s: string, n: number): string[] {
  const lines = s.replace(/\n+$/, "").split("\n");
  if (lines.length === 1 && lines[0] === "") return [];
  return lines.slice(-n);
}
