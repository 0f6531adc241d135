// The composer's editor: a pure text buffer with a cursor, shell-style editing commands and a
// word-wrapped layout for display. No terminal I/O here; every operation is unit-tested.
import { graphemeWidth, graphemes, isPlainAscii } from "../terminal/width.js";

export interface Layout {
  /** Visual rows (plain text, no styling). */
  rows: string[];
  /** Offset in the text where each row starts. */
  starts: number[];
  cursorRow: number;
  cursorCol: number;
}

const isWordChar = (ch: string) => /[\p{L}\p{N}_]/u.test(ch);

export class TextBuffer {
  private _text = "";
  private _cursor = 0;
  /** Column wanted by Up/Down, kept across vertical moves. */
  private goalCol: number | null = null;
  private killRing = "";

  constructor(text = "", cursor?: number) {
    this.setText(text, cursor);
  }

  get text(): string {
    return this._text;
  }

  get cursor(): number {
    return this._cursor;
  }

  setText(text: string, cursor = text.length): void {
    this._text = text;
    this._cursor = clampToBoundary(text, Math.max(0, Math.min(cursor, text.length)));
    this.goalCol = null;
  }

  setCursor(cursor: number): void {
    this._cursor = clampToBoundary(this._text, Math.max(0, Math.min(cursor, this._text.length)));
    this.goalCol = null;
  }

  isEmpty(): boolean {
    return this._text.length === 0;
  }

  insert(s: string): void {
    this.replaceRange(this._cursor, this._cursor, s);
  }

  replaceRange(start: number, end: number, s: string): void {
    const a = Math.max(0, Math.min(start, end));
    const b = Math.min(this._text.length, Math.max(start, end));
    this._text = this._text.slice(0, a) + s + this._text.slice(b);
    this._cursor = a + s.length;
    this.goalCol = null;
  }

  backspace(): void {
    if (this._cursor === 0) return;
    this.replaceRange(prevBoundary(this._text, this._cursor), this._cursor, "");
  }

  deleteForward(): void {
    if (this._cursor >= this._text.length) return;
    const end = nextBoundary(this._text, this._cursor);
    const c = this._cursor;
    this.replaceRange(c, end, "");
    this._cursor = c;
  }

  left(): void {
    this.setCursor(prevBoundary(this._text, this._cursor));
  }

  right(): void {
    this.setCursor(nextBoundary(this._text, this._cursor));
  }

  /** Start of the current logical line (Ctrl-A, Home). */
  lineStart(): void {
    this.setCursor(this._text.lastIndexOf("\n", this._cursor - 1) + 1);
  }

  /** End of the current logical line (Ctrl-E, End). */
  lineEnd(): void {
    const nl = this._text.indexOf("\n", this._cursor);
    this.setCursor(nl === -1 ? this._text.length : nl);
  }

  wordLeft(): void {
    this.setCursor(this.wordStartBefore(this._cursor));
  }

  wordRight(): void {
    this.setCursor(this.wordEndAfter(this._cursor));
  }

  /** Ctrl-W / Alt-Backspace: delete the word before the cursor. */
  deleteWordBack(): void {
    const start = this.wordStartBefore(this._cursor);
    this.kill(start, this._cursor);
  }

  /** Alt-D: delete the word after the cursor. */
  deleteWordForward(): void {
    const end = this.wordEndAfter(this._cursor);
    const c = this._cursor;
    this.kill(c, end);
  }

  /** Ctrl-K: delete to end of line; at the end of a line, join with the next. */
  killToLineEnd(): void {
    const nl = this._text.indexOf("\n", this._cursor);
    const end = nl === -1 ? this._text.length : nl === this._cursor ? nl + 1 : nl;
    this.kill(this._cursor, end);
  }

  /** Ctrl-U: delete to start of line; at the start of a line, join with the previous. */
  killToLineStart(): void {
    const start = this._text.lastIndexOf("\n", this._cursor - 1) + 1;
    this.kill(start === this._cursor && start > 0 ? start - 1 : start, this._cursor);
  }

  /** Ctrl-Y: insert the last killed text. */
  yank(): void {
    if (this.killRing) this.insert(this.killRing);
  }

  private kill(start: number, end: number): void {
    if (end <= start) return;
    this.killRing = this._text.slice(start, end);
    this.replaceRange(start, end, "");
  }

  private wordStartBefore(pos: number): number {
    let i = pos;
    const t = this._text;
    while (i > 0 && !isWordChar(t[i - 1]!)) i--;
    while (i > 0 && isWordChar(t[i - 1]!)) i--;
    return i;
  }

  private wordEndAfter(pos: number): number {
    let i = pos;
    const t = this._text;
    while (i < t.length && !isWordChar(t[i]!)) i++;
    while (i < t.length && isWordChar(t[i]!)) i++;
    return i;
  }

  /** Move up one visual row; false when already on the first row (history recall takes over). */
  up(width: number): boolean {
    return this.vertical(width, -1);
  }

  down(width: number): boolean {
    return this.vertical(width, 1);
  }

  private vertical(width: number, dir: -1 | 1): boolean {
    const layout = this.layout(width);
    const target = layout.cursorRow + dir;
    if (target < 0 || target >= layout.rows.length) return false;
    const goal = this.goalCol ?? layout.cursorCol;
    const row = layout.rows[target]!;
    let col = 0;
    let off = 0;
    for (const ch of graphemes(row)) {
      const w = graphemeWidth(ch);
      if (col + w > goal) break;
      col += w;
      off += ch.length;
    }
    // Stay before the row's soft-break space, so the cursor does not jump to the next row.
    const start = layout.starts[target]!;
    const nextStart = layout.starts[target + 1];
    let pos = start + off;
    if (nextStart !== undefined && pos >= nextStart && this._text[nextStart - 1] !== "\n") {
      pos = prevBoundary(this._text, nextStart);
    }
    this._cursor = clampToBoundary(this._text, Math.min(pos, this._text.length));
    this.goalCol = goal;
    return true;
  }

  /** Word-wrapped rows for `width` columns (one column is kept free for the cursor). */
  layout(width: number): Layout {
    const w = Math.max(2, width - 1);
    const rows: string[] = [];
    const starts: number[] = [];
    let offset = 0;
    for (const line of this._text.split("\n")) {
      for (const seg of wrapSegments(line, w)) {
        rows.push(line.slice(seg[0], seg[1]));
        starts.push(offset + seg[0]);
      }
      offset += line.length + 1;
    }
    // The cursor's row: the last row starting at or before it.
    let cursorRow = 0;
    for (let i = 0; i < starts.length; i++) {
      if (starts[i]! <= this._cursor) cursorRow = i;
    }
    const before = this._text.slice(starts[cursorRow]!, this._cursor);
    let cursorCol = 0;
    for (const ch of graphemes(before)) cursorCol += graphemeWidth(ch);
    return { rows, starts, cursorRow, cursorCol };
  }
}

/** [start, end) segments of one logical line, breaking after spaces where possible. */
export function wrapSegments(line: string, width: number): [number, number][] {
  if (isPlainAscii(line)) return wrapAscii(line, width);
  const out: [number, number][] = [];
  // Grapheme clusters with their offsets: a cluster is never split across rows.
  const units: { at: number; w: number; space: boolean }[] = [];
  let at = 0;
  for (const g of graphemes(line)) {
    units.push({ at, w: graphemeWidth(g), space: g === " " });
    at += g.length;
  }
  let start = 0;
  let col = 0;
  let lastBreak = -1;
  for (let k = 0; k < units.length;) {
    const u = units[k]!;
    if (col + u.w > width && u.at > start) {
      const cut = lastBreak > start ? lastBreak : u.at;
      out.push([start, cut]);
      start = cut;
      lastBreak = -1;
      col = 0;
      // Back to the first cluster of the new row.
      while (k > 0 && units[k - 1]!.at >= start) k--;
      continue;
    }
    col += u.w;
    k++;
    if (u.space) lastBreak = k < units.length ? units[k]!.at : line.length;
  }
  out.push([start, line.length]);
  return out;
}

/** `wrapSegments` for printable ASCII: one column per character, no cluster bookkeeping. */
function wrapAscii(line: string, width: number): [number, number][] {
  const out: [number, number][] = [];
  let start = 0;
  let lastBreak = -1;
  for (let i = 0; i < line.length; i++) {
    if (i - start + 1 > width && i > start) {
      const cut = lastBreak > start ? lastBreak : i;
      out.push([start, cut]);
      start = cut;
      lastBreak = -1;
    }
    if (line.charCodeAt(i) === 0x20) lastBreak = i + 1;
  }
  out.push([start, line.length]);
  return out;
}

/** Offsets in `s` where grapheme clusters start in the logical line around `i` (and its end). */
function lineBoundaries(s: string, i: number): number[] {
  const lineStart = s.lastIndexOf("\n", i - 1) + 1;
  const nl = s.indexOf("\n", i);
  const lineEnd = nl === -1 ? s.length : nl;
  const out: number[] = [];
  let at = lineStart;
  for (const g of graphemes(s.slice(lineStart, lineEnd))) {
    out.push(at);
    at += g.length;
  }
  out.push(lineEnd);
  return out;
}

/** ASCII on both sides of `i`: a cluster boundary without segmenting. */
function asciiAround(s: string, i: number): boolean {
  const a = i > 0 ? s.charCodeAt(i - 1) : 0;
  const b = i < s.length ? s.charCodeAt(i) : 0;
  return a < 0x7f && b < 0x7f;
}

function clampToBoundary(s: string, i: number): number {
  if (i <= 0 || i >= s.length || asciiAround(s, i)) return i;
  let best = 0;
  for (const b of lineBoundaries(s, i)) if (b <= i) best = b;
  return best;
}

function prevBoundary(s: string, i: number): number {
  if (i <= 0) return 0;
  if (s.charCodeAt(i - 1) < 0x7f) return i - 1;
  let best = 0;
  for (const b of lineBoundaries(s, i - 1)) if (b < i) best = b;
  return best;
}

function nextBoundary(s: string, i: number): number {
  if (i >= s.length) return s.length;
  if (asciiAround(s, i + 1)) return i + 1;
  for (const b of lineBoundaries(s, i)) if (b > i) return b;
  return s.length;
}
