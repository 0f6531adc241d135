// Errors, warnings and informational lines.
import type { HistoryCell } from "../extension.js";
import type { Theme } from "../terminal/theme.js";
import { bulletText } from "./common.js";

export type NoticeLevel = "error" | "warning" | "info";

export class NoticeCell implements HistoryCell {
  readonly kind: string;
  constructor(
    readonly level: NoticeLevel,
    readonly message: string,
    private readonly theme: Theme,
    /** Extra dim lines (hints, details). */
    private readonly details: string[] = [],
  ) {
    this.kind = level;
  }

  render(width: number): string[] {
    const t = this.theme;
    const bullet = this.level === "error" ? "■ " : this.level === "warning" ? "⚠ " : "• ";
    const paint = this.level === "error" ? t.red : this.level === "warning" ? t.yellow : t.dim;
    const lines = bulletText(bullet, this.message, width).map((l) => paint(l));
    for (const d of this.details) lines.push(...bulletText("  ", d, width).map((l) => t.dim(l)));
    return lines;
  }
}

/** Lines of plain text with an optional title (e.g. /status output). */
export class TextCell implements HistoryCell {
  constructor(
    readonly kind: string,
    private readonly lines: (width: number) => string[],
  ) {}

  render(width: number): string[] {
    return this.lines(width);
  }
}
