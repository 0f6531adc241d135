// MCP tool calls, web searches and image views.
import type { McpInvocation } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import type { Theme } from "../terminal/theme.js";
import { truncate } from "../terminal/width.js";
import { SPINNER, formatDuration, sanitize, treeLines } from "./common.js";

const RESULT_LINES = 5;

function invocationText(inv: McpInvocation): string {
  const args =
    inv.arguments === undefined || inv.arguments === null ? "" : JSON.stringify(inv.arguments);
  return `${inv.server}.${inv.tool}(${args})`;
}

/** Text of a CallToolResult (`{ content: [{type:"text", text}] }`) or JSON of anything else. */
function resultText(result: unknown): string {
  if (result && typeof result === "object" && "content" in result) {
    const content = (result as { content: unknown }).content;
    if (Array.isArray(content)) {
      return content
        .map((c) =>
          c && typeof c === "object" && "text" in c && typeof c.text === "string"
            ? c.text
            : c && typeof c === "object" && "type" in c
              ? `<${String(c.type)}>`
              : JSON.stringify(c),
        )
        .join("\n");
    }
  }
  return JSON.stringify(result, null, 2) ?? "";
}

export class McpToolCallCell implements HistoryCell {
  readonly kind = "mcp";
  result: { ok: boolean; text: string; durationMs: number } | null = null;

  constructor(
    readonly callId: string,
    readonly invocation: McpInvocation,
    private readonly theme: Theme,
    readonly startedAt: number,
  ) {}

  finish(durationMs: number, result: { Ok: unknown } | { Err: string }): void {
    const isErr = "Err" in result;
    const isToolError =
      !isErr &&
      result.Ok !== null &&
      typeof result.Ok === "object" &&
      (result.Ok as { isError?: boolean }).isError === true;
    this.result = {
      ok: !isErr && !isToolError,
      text: isErr ? result.Err : resultText(result.Ok),
      durationMs,
    };
  }

  renderLive(width: number, now: number, tick: number): string[] {
    const t = this.theme;
    const spin = t.accent(SPINNER[tick % SPINNER.length] ?? "•");
    return [
      truncate(
        `${spin} ${t.bold("Calling")} ${invocationText(this.invocation)}${t.dim(` (${formatDuration(now - this.startedAt)})`)}`,
        width,
      ),
    ];
  }

  render(width: number): string[] {
    return this.renderWith(width, RESULT_LINES);
  }

  renderFull(width: number): string[] {
    return this.renderWith(width, Number.MAX_SAFE_INTEGER);
  }

  private renderWith(width: number, max: number): string[] {
    const t = this.theme;
    const r = this.result;
    if (!r) return this.renderLive(width, Date.now(), 0);
    const bullet = r.ok ? t.green("• ") : t.red("• ");
    const head = truncate(
      `${bullet}${t.bold("Called")} ${invocationText(this.invocation)}${t.dim(` · ${formatDuration(r.durationMs)}`)}`,
      width,
    );
    const all = sanitize(r.text)
      .replace(/\n+$/, "")
      .split("\n")
      .filter((l, i, a) => a.length > 1 || l !== "");
    const shown = all
      .slice(0, max)
      .map((l) => (r.ok ? t.dim(truncate(l, width - 4)) : t.red(truncate(l, width - 4))));
    if (all.length > max) shown.push(t.dim(`… +${all.length - max} lines`));
    return [head, ...treeLines(shown, t)];
  }
}

export class WebSearchCell implements HistoryCell {
  readonly kind = "web_search";
  constructor(
    readonly query: string,
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    return [
      truncate(
        `${this.theme.accent("• ")}${this.theme.bold("Searched the web")} ${this.query}`,
        width,
      ),
    ];
  }
}

export class ViewImageCell implements HistoryCell {
  readonly kind = "view_image";
  constructor(
    readonly path: string,
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    return [
      truncate(`${this.theme.accent("• ")}${this.theme.bold("Viewed image")} ${this.path}`, width),
    ];
  }
}
