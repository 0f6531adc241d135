// Layout helpers shared by the history cells.
import type { Theme } from "../terminal/theme.js";
import { stringWidth, wrapLine } from "../terminal/width.js";

export const SPINNER = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/** `bullet` before the first line, its width in spaces before the others. */
export function withBullet(bullet: string, lines: string[]): string[] {
  const pad = " ".repeat(stringWidth(bullet));
  return lines.map((l, i) => (i === 0 ? bullet + l : l === "" ? "" : pad + l));
}

/** Wrap text under a bullet: the first line after `bullet`, the rest indented to match. */
export function bulletText(bullet: string, text: string, width: number): string[] {
  const inner = Math.max(4, width - stringWidth(bullet));
  return withBullet(
    bullet,
    text.split("\n").flatMap((l) => wrapLine(l, inner)),
  );
}

/** Output under a cell: `  └ first` then `    next`. */
export function treeLines(lines: string[], theme: Theme): string[] {
  return lines.map((l, i) => (i === 0 ? theme.dim("  └ ") : "    ") + l);
}

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const s = ms / 1000;
  if (s < 60) return `${s.toFixed(s < 10 ? 1 : 0)}s`;
  const m = Math.floor(s / 60);
  const rest = Math.floor(s % 60);
  if (m < 60) return `${m}m ${String(rest).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** Elapsed time for the status line: `0s`, `1m 05s`. */
export function formatElapsed(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`;
}

/** Strip terminal control sequences from program output before showing it. */
export function sanitize(s: string): string {
  return s
    .replace(/\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][A-Z0-9]/g, "")
    .replace(/\r\n/g, "\n")
    .replace(/[^\S\n]*\r(?!\n)/g, "\n")
    .replace(/\t/g, "    ")
    .replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "");
}

export function shortenPath(p: string, home: string | undefined): string {
  if (home && (p === home || p.startsWith(home + "/"))) return "~" + p.slice(home.length);
  return p;
}
