// Keeps the live region at the bottom of a full screen. Until the screen has filled up, the
// region simply grows down from where the history ends. Once it is full, the terminal cannot
// scroll back down, so a region that shrank would leave the composer floating with blank rows
// under it, and a region that grew (a popup, an approval) would push history rows into the
// scrollback for good. So, once full, the region keeps its height: when it grows it is drawn over
// the last history rows (remembered here, and drawn again when it shrinks), and rows it no longer
// needs are blank filler above it until the next history lines take their place.
import { rowsOf } from "./width.js";

export class BottomAnchor {
  /** The live region's bottom is the screen's last row. */
  full = false;
  /** Screen row just below the last history row (meaningful while `full`). */
  histEnd = 0;
  /** Rows written since the screen was last known to start at its top row. */
  private rows = 0;
  /** The last committed rows, one entry per screen row; null for a row we cannot redraw. */
  private recent: (string | null)[] = [];

  constructor(private readonly height: () => number) {}

  /** Nothing is known about the screen (start, after a clear, after a resize or a suspend). */
  reset(): void {
    this.full = false;
    this.rows = 0;
    this.recent = [];
  }

  /** Lines written into the history; returns the screen rows they took. */
  committed(lines: readonly string[], width: number): number {
    let total = 0;
    for (const l of lines) {
      const n = rowsOf(l, width);
      total += n;
      // A line the terminal wrapped cannot be redrawn row by row.
      if (n === 1) this.recent.push(l);
      else for (let i = 0; i < n; i++) this.recent.push(null);
    }
    const keep = this.height();
    if (this.recent.length > keep) this.recent.splice(0, this.recent.length - keep);
    this.rows += total;
    return total;
  }

  /** After a frame drawn downwards from the history's end: is the screen full now? */
  checkFull(liveRows: number): void {
    if (this.full || liveRows === 0 || this.rows + liveRows < this.height()) return;
    this.full = true;
    this.histEnd = this.height() - liveRows;
  }

  /** The history row that belongs at screen row `row` (above `histEnd`), or "" if unknown. */
  historyRow(row: number): string {
    const back = this.histEnd - row;
    if (back <= 0 || back > this.recent.length) return "";
    return this.recent[this.recent.length - back] ?? "";
  }
}
