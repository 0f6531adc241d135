// The status line while a turn runs, and the footer under the composer.
import { SPINNER, formatElapsed } from "../cells/common.js";
import type { Theme } from "../terminal/theme.js";
import { stringWidth, truncate } from "../terminal/width.js";

export function statusLine(
  width: number,
  theme: Theme,
  opts: { header: string; elapsedMs: number; tick: number },
): string {
  const spin = theme.accent(SPINNER[opts.tick % SPINNER.length] ?? "•");
  const text = `${spin} ${theme.bold(opts.header)} ${theme.dim(`(${formatElapsed(opts.elapsedMs)} · esc to interrupt)`)}`;
  return truncate(text, width);
}

export function footerLine(
  width: number,
  theme: Theme,
  opts: { hint: string | null; contextLeft: number | null; running: boolean },
): string {
  const left =
    opts.hint ??
    (opts.running
      ? "⏎ queue message · ctrl+c interrupt · ctrl+t transcript"
      : "⏎ send · ⇧⏎/ctrl+j newline · ctrl+t transcript · / commands");
  const right = opts.contextLeft === null ? "" : `${opts.contextLeft}% context left`;
  const gap = width - 2 - stringWidth(left) - stringWidth(right);
  if (gap < 2) return truncate(theme.dim("  " + (right || left)), width);
  return theme.dim("  " + left + " ".repeat(gap) + right);
}
