// User messages, agent messages (Markdown) and reasoning summaries.
import type { HistoryCell } from "../extension.js";
import { renderMarkdown } from "../render/markdown.js";
import type { Theme } from "../terminal/theme.js";
import { wrapLine } from "../terminal/width.js";
import { bulletText, withBullet } from "./common.js";

export class UserMessageCell implements HistoryCell {
  readonly kind = "user";
  constructor(
    readonly text: string,
    private readonly theme: Theme,
    private readonly images: string[] = [],
  ) {}

  render(width: number): string[] {
    const inner = Math.max(4, width - 2);
    const body = this.text.split("\n").flatMap((l) => wrapLine(l, inner));
    const lines = body.map((l, i) => (i === 0 ? this.theme.accent("› ") : "  ") + l);
    for (const img of this.images) lines.push(this.theme.dim(`  [image: ${img}]`));
    return lines;
  }
}

export const AGENT_BULLET = "• ";

/** Agent message lines: Markdown, bulleted, wrapped to `width`. */
export function renderAgentMarkdown(text: string, width: number, theme: Theme): string[] {
  return withBullet(AGENT_BULLET, renderMarkdown(text, Math.max(10, width - 2), theme));
}

export class AgentMessageCell implements HistoryCell {
  readonly kind = "agent";
  constructor(
    readonly text: string,
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    return renderAgentMarkdown(this.text, width, this.theme);
  }
}

export class ReasoningCell implements HistoryCell {
  readonly kind = "reasoning";
  constructor(
    readonly text: string,
    private readonly theme: Theme,
    private readonly raw = false,
  ) {}

  render(width: number): string[] {
    const body = renderMarkdown(this.text.trim(), Math.max(10, width - 2), this.theme);
    const label = this.raw ? "thinking (raw)" : "thinking";
    return [
      this.theme.dim(this.theme.italic(label)),
      ...withBullet(
        "  ",
        body.map((l) => this.theme.dim(this.theme.italic(l))),
      ),
    ];
  }
}

/** First `**bold**` phrase of a reasoning summary: the status line shows it while working. */
export function reasoningHeader(text: string): string | null {
  const m = /\*\*([^*\n]+)\*\*/.exec(text);
  return m ? m[1]!.trim() : null;
}

export { bulletText };
