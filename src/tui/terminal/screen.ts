// The inline renderer. Committed lines go into the terminal's scrollback once; the live region
// below them is repainted as a per-line diff inside a synchronized-output block. Nothing is ever
// cleared wholesale, so there is no flicker, and the scrollback stays the terminal's own.
import { BottomAnchor } from "./anchor.js";
import { rowsOf, stringWidth, truncate } from "./width.js";

export interface Output {
  write(s: string): unknown;
  columns?: number;
  rows?: number;
}

export interface Frame {
  lines: string[];
  /** Where the terminal cursor should rest (row within `lines`, column); hidden when absent. */
  cursor?: { row: number; col: number };
}

const SYNC_START = "\x1b[?2026h";
const SYNC_END = "\x1b[?2026l";
const HIDE_CURSOR = "\x1b[?25l";
const SHOW_CURSOR = "\x1b[?25h";
const ERASE_LINE_RIGHT = "\x1b[K";
const ERASE_DOWN = "\x1b[J";

export class Screen {
  private prev: string[] = [];
  /** Row of the terminal cursor relative to the top of the live region. */
  private cursorRow = 0;
  private pending: string[] = [];
  private prevWidth: number;
  private prevHeight: number;
  private cursorVisible = false;
  private suspended = false;
  private readonly anchor = new BottomAnchor(() => this.height);
  /** Bytes written so far (benchmarks and tests). */
  bytesWritten = 0;

  constructor(private readonly out: Output) {
    this.prevWidth = this.width;
    this.prevHeight = this.height;
  }

  get width(): number {
    return Math.max(20, this.out.columns ?? 80);
  }

  get height(): number {
    return Math.max(5, this.out.rows ?? 24);
  }

  /** Queue finished lines for the scrollback; they are written with the next `render`. */
  commit(lines: string[]): void {
    for (const l of lines) this.pending.push(l);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** While suspended (an overlay owns the alternate screen) nothing is written. */
  suspend(): void {
    this.suspended = true;
  }

  /** Back from the alternate screen: the main screen is as we left it. */
  resume(): void {
    this.suspended = false;
  }

  /**
   * The terminal was resized: terminals reflow what is on screen, so the old live region now
   * covers a different number of rows. Move to its top by the reflowed count and clear below.
   * Returns true when that top is no longer on screen (the terminal got shorter than the region
   * above the cursor and pushed its first rows into the scrollback): those rows cannot be
   * erased, so the caller must repaint everything (see `App.handleResize`). Also true when the
   * screen was full: the region was anchored to the bottom, which a repaint re-establishes.
   */
  handleResize(): boolean {
    const width = this.width;
    const height = this.height;
    if (width === this.prevWidth && height === this.prevHeight) return false;
    let rowsAbove = 0;
    for (let i = 0; i < Math.min(this.cursorRow, this.prev.length); i++) {
      rowsAbove += rowsOf(this.prev[i]!, width);
    }
    const lost = this.prev.length > 0 && rowsAbove >= height;
    if (!this.suspended && !lost) {
      this.write(HIDE_CURSOR + "\r" + (rowsAbove > 0 ? `\x1b[${rowsAbove}A` : "") + ERASE_DOWN);
    }
    // A full screen had history under the region or filler above it, at the old size.
    const wasFull = this.anchor.full;
    this.anchor.reset();
    this.prev = [];
    this.cursorRow = 0;
    this.prevWidth = width;
    this.prevHeight = height;
    return (lost || wasFull) && !this.suspended;
  }

  render(frame: Frame): void {
    if (this.suspended) return;
    const width = this.width;
    // The live region must fit on screen, or moving up to its top would reach into scrollback.
    const maxRows = this.height - 1;
    let lines = frame.lines.map((l) => (stringWidth(l) > width ? truncate(l, width) : l));
    let cursor = frame.cursor;
    if (lines.length > maxRows) {
      const cut = lines.length - maxRows;
      lines = lines.slice(cut);
      if (cursor) cursor = cursor.row >= cut ? { ...cursor, row: cursor.row - cut } : undefined;
    }
    const pending = this.pending;
    this.pending = [];
    let s = SYNC_START;
    if (this.cursorVisible) s += HIDE_CURSOR;
    // Go to the top of the live region.
    s += "\r" + (this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : "");
    if (this.anchor.full) {
      this.renderAnchored(s, lines, cursor, pending, width);
      return;
    }
    let row = 0;
    if (pending.length > 0) {
      // Committed lines take the live region's place; the live region is written after them.
      for (const l of pending) s += lineOut(l, width) + "\r\n";
      for (let i = 0; i < lines.length; i++) {
        s += lineOut(lines[i]!, width);
        if (i < lines.length - 1) s += "\r\n";
      }
      s += ERASE_DOWN;
      row = Math.max(0, lines.length - 1);
    } else {
      const n = Math.max(lines.length, 1);
      for (let i = 0; i < lines.length; i++) {
        const line = lines[i]!;
        if (i > 0) {
          // Existing rows are reached with cursor-down; rows beyond the old region need a newline
          // so the terminal scrolls.
          s += i < Math.max(this.prev.length, 1) ? "\r\x1b[B" : "\r\n";
        }
        row = i;
        if (this.prev[i] !== line) s += "\r" + lineOut(line, width);
      }
      if (lines.length < this.prev.length) {
        if (lines.length > 0) s += "\r\n";
        s += "\r" + ERASE_DOWN;
        if (lines.length > 0) s += "\x1b[1A";
      }
      row = Math.min(row, n - 1);
    }
    this.anchor.committed(pending, width);
    this.anchor.checkFull(lines.length);
    this.finishFrame(s, lines, cursor, row, width);
  }

  /**
   * A frame on a full screen (see `BottomAnchor`): the region ends on the last row and never
   * shrinks; rows it does not need show the history they covered, or blank filler.
   */
  private renderAnchored(
    s: string,
    lines: string[],
    cursor: Frame["cursor"],
    pending: string[],
    width: number,
  ): void {
    const height = this.height;
    const a = this.anchor;
    const top = height - this.prev.length;
    let rows: string[];
    if (pending.length > 0) {
      // History rows the region covered go back first, then the new history, then the region;
      // what does not fit scrolls into the scrollback, each row exactly once.
      const covered = Math.max(0, a.histEnd - top);
      for (let i = 0; i < covered; i++) s += lineOut(a.historyRow(top + i), width) + "\r\n";
      for (const l of pending) s += lineOut(l, width) + "\r\n";
      const histEnd = top + covered + a.committed(pending, width);
      const room = height - histEnd;
      rows = [...new Array<string>(Math.max(0, room - lines.length)).fill(""), ...lines];
      a.histEnd = Math.min(histEnd, height - lines.length);
      s += rows.map((l) => lineOut(l, width)).join("\r\n") + ERASE_DOWN;
    } else {
      const size = Math.max(this.prev.length, lines.length);
      const fillTop = height - size;
      const filler = Array.from({ length: size - lines.length }, (_, i) =>
        a.historyRow(fillTop + i),
      );
      rows = [...filler, ...lines];
      if (size > this.prev.length) {
        // Grow upwards over the last history rows instead of scrolling them away.
        const up = size - this.prev.length;
        s += (up > 0 ? `\x1b[${up}A` : "") + rows.map((l) => lineOut(l, width)).join("\r\n");
      } else {
        for (let i = 0; i < rows.length; i++) {
          if (i > 0) s += "\r\x1b[B";
          if (this.prev[i] !== rows[i]) s += "\r" + lineOut(rows[i]!, width);
        }
      }
    }
    const shift = rows.length - lines.length;
    this.finishFrame(
      s,
      rows,
      cursor && { ...cursor, row: cursor.row + shift },
      Math.max(0, rows.length - 1),
      width,
    );
  }

  /** Park the cursor (row `row` of `lines` is where the writing ended) and write the frame. */
  private finishFrame(
    s: string,
    lines: string[],
    cursor: Frame["cursor"],
    row: number,
    width: number,
  ): void {
    let cursorRow = row;
    if (cursor && lines.length > 0) {
      const up = row - cursor.row;
      if (up > 0) s += `\x1b[${up}A`;
      else if (up < 0) s += `\x1b[${-up}B`;
      s += "\r" + (cursor.col > 0 ? `\x1b[${cursor.col}C` : "");
      s += SHOW_CURSOR;
      cursorRow = cursor.row;
      this.cursorVisible = true;
    } else {
      this.cursorVisible = false;
    }
    s += SYNC_END;
    this.write(s);
    this.prev = lines;
    this.cursorRow = cursorRow;
    this.prevWidth = width;
    this.prevHeight = this.height;
  }

  /** Leave the cursor below the live region (on exit), so the shell prompt starts clean. */
  finish(clearLive: boolean): void {
    let s = "\r" + (this.cursorRow > 0 ? `\x1b[${this.cursorRow}A` : "");
    if (this.anchor.full) {
      // History rows under the region go back before it is cleared.
      const top = this.height - this.prev.length;
      for (let i = 0; i < Math.max(0, this.anchor.histEnd - top); i++) {
        s += lineOut(this.anchor.historyRow(top + i), this.width) + "\r\n";
      }
    }
    for (const l of this.pending) s += lineOut(l, this.width) + "\r\n";
    this.pending = [];
    if (clearLive) {
      s += ERASE_DOWN;
    } else {
      for (const l of this.prev) s += lineOut(l, this.width) + "\r\n";
    }
    s += SHOW_CURSOR;
    this.write(s);
    this.prev = [];
    this.cursorRow = 0;
    this.anchor.reset();
  }

  /** Forget what is on screen (after clearing it): the next frame paints everything. */
  reset(): void {
    this.prev = [];
    this.cursorRow = 0;
    this.anchor.reset();
  }

  write(s: string): void {
    this.bytesWritten += s.length;
    this.out.write(s);
  }
}

/** A full-width line must not be followed by erase-to-end (it would eat the last column). */
function lineOut(line: string, width: number): string {
  return stringWidth(line) >= width ? line : line + ERASE_LINE_RIGHT;
}
