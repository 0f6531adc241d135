// The transcript cells features add: information (command output such as /mcp) and errors.
import type { HistoryCell, Theme } from "../../extension.js";
import { stringWidth, wrapLine } from "../../terminal/width.js";

function bulleted(bullet: string, lines: readonly string[], width: number): string[] {
  const pad = " ".repeat(stringWidth(bullet));
  const inner = Math.max(4, width - stringWidth(bullet));
  const out: string[] = [];
  for (const line of lines) {
    for (const row of wrapLine(line, inner, "  "))
      out.push((out.length === 0 ? bullet : pad) + row);
  }
  return out;
}

export class FeatureInfoCell implements HistoryCell {
  readonly kind = "info";
  constructor(
    private readonly lines: readonly string[],
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    return bulleted("• ", this.lines, width).map((l, i) => (i === 0 ? l : this.theme.dim(l)));
  }
}

export class FeatureErrorCell implements HistoryCell {
  readonly kind = "error";
  constructor(
    private readonly message: string,
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    return bulleted("■ ", this.message.split("\n"), width).map((l) => this.theme.red(l));
  }
}
