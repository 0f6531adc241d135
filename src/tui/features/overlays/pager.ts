// Scrolling and search over a list of ANSI lines: the state behind every full-screen overlay.
// Pure (no terminal access), so paging and search are unit-tested directly.
import type { KeyEvent, Theme } from "../../extension.js";
import { stripAnsi, truncate } from "../../terminal/width.js";

export type PagerResult = "handled" | "close" | "ignored";

export interface SearchState {
  query: string;
  /** Line indices containing the query (case-insensitive). */
  matches: number[];
  /** Index into `matches` of the current one, or -1. */
  current: number;
}

export class Pager {
  private lines: string[] = [];
  private plain: string[] = [];
  top = 0;
  /** Body rows available (set by the overlay on every render). */
  height = 10;
  /** Text typed after `/`, while the search prompt is open. */
  searchInput: string | null = null;
  search: SearchState | null = null;

  constructor(lines: string[] = []) {
    this.setLines(lines);
  }

  get lineCount(): number {
    return this.lines.length;
  }

  setLines(lines: string[]): void {
    this.lines = lines;
    this.plain = lines.map((l) => stripAnsi(l).toLowerCase());
    if (this.search) this.search = this.findAll(this.search.query, this.search.current);
    this.clamp();
  }

  get maxTop(): number {
    return Math.max(0, this.lines.length - this.height);
  }

  clamp(): void {
    this.top = Math.max(0, Math.min(this.top, this.maxTop));
  }

  scrollBy(delta: number): void {
    this.top += delta;
    this.clamp();
  }

  scrollToTop(): void {
    this.top = 0;
  }

  scrollToBottom(): void {
    this.top = this.maxTop;
  }

  /** Scroll so `line` is visible, a little below the top when the view has to move. */
  reveal(line: number): void {
    if (line >= this.top && line < this.top + this.height) return;
    this.top = line - Math.min(2, Math.floor(this.height / 4));
    this.clamp();
  }

  atBottom(): boolean {
    return this.top >= this.maxTop;
  }

  private findAll(query: string, current = 0): SearchState {
    const q = query.toLowerCase();
    const matches: number[] = [];
    if (q !== "") this.plain.forEach((l, i) => l.includes(q) && matches.push(i));
    return {
      query,
      matches,
      current: matches.length === 0 ? -1 : Math.min(current, matches.length - 1),
    };
  }

  /** Search from the top of the view down; the first match at or below it becomes current. */
  runSearch(query: string): void {
    const found = this.findAll(query);
    const firstBelow = found.matches.findIndex((line) => line >= this.top);
    found.current = found.matches.length === 0 ? -1 : firstBelow >= 0 ? firstBelow : 0;
    this.search = found;
    if (found.current >= 0) this.reveal(found.matches[found.current]!);
  }

  /** Go to the next (`1`) or previous (`-1`) match, wrapping around. */
  nextMatch(direction: 1 | -1): void {
    const s = this.search;
    if (!s || s.matches.length === 0) return;
    s.current = (s.current + direction + s.matches.length) % s.matches.length;
    const line = s.matches[s.current]!;
    // Moving to a match always puts it in view, even when it already was (so n "does" something).
    if (line < this.top || line >= this.top + this.height) this.reveal(line);
  }

  /** The standard pager keys. `close` for q/Esc (outside the search prompt). */
  handleKey(key: KeyEvent): PagerResult {
    if (this.searchInput !== null) return this.handleSearchKey(key);
    const page = Math.max(1, this.height - 1);
    const half = Math.max(1, Math.floor(this.height / 2));
    const n = key.name;
    if (key.ctrl) {
      if (n === "f") this.scrollBy(page);
      else if (n === "b") this.scrollBy(-page);
      else if (n === "d") this.scrollBy(half);
      else if (n === "u") this.scrollBy(-half);
      else if (n === "c" || n === "t") return "close";
      else return "ignored";
      return "handled";
    }
    switch (n) {
      case "q":
      case "escape":
        return "close";
      case "j":
      case "down":
        this.scrollBy(1);
        return "handled";
      case "k":
      case "up":
        this.scrollBy(-1);
        return "handled";
      case "pagedown":
      case "space":
      case " ":
        this.scrollBy(page);
        return "handled";
      case "pageup":
      case "b":
        this.scrollBy(-page);
        return "handled";
      case "home":
      case "g":
        this.scrollToTop();
        return "handled";
      case "end":
      case "G":
        this.scrollToBottom();
        return "handled";
      case "/":
        this.searchInput = "";
        return "handled";
      case "n":
        this.nextMatch(1);
        return "handled";
      case "N":
        this.nextMatch(-1);
        return "handled";
      default:
        return "ignored";
    }
  }

  private handleSearchKey(key: KeyEvent): PagerResult {
    const input = this.searchInput ?? "";
    if (key.name === "escape" || (key.ctrl && key.name === "c")) {
      this.searchInput = null;
    } else if (key.name === "enter") {
      this.searchInput = null;
      if (input === "") this.search = null;
      else this.runSearch(input);
    } else if (key.name === "backspace") {
      if (input === "") this.searchInput = null;
      else this.searchInput = input.slice(0, -1);
    } else if (key.text && !key.ctrl && !key.alt) {
      this.searchInput = input + key.text;
    }
    return "handled";
  }

  /** The visible body: exactly `height` lines (padded with blanks), matches highlighted. */
  renderBody(width: number, theme: Theme): string[] {
    const out: string[] = [];
    const current =
      this.search && this.search.current >= 0 ? this.search.matches[this.search.current] : -1;
    const matchSet = new Set(this.search?.matches ?? []);
    for (let i = this.top; i < this.top + this.height; i++) {
      const line = this.lines[i];
      if (line === undefined) {
        out.push("");
        continue;
      }
      if (this.search && this.search.query !== "" && matchSet.has(i)) {
        out.push(
          truncate(highlightQuery(stripAnsi(line), this.search.query, theme, i === current), width),
        );
      } else {
        out.push(truncate(line, width));
      }
    }
    return out;
  }

  /** How far down the view is, for the footer. */
  percent(): number {
    if (this.lines.length <= this.height) return 100;
    return Math.round(((this.top + this.height) / this.lines.length) * 100);
  }
}

function highlightQuery(plain: string, query: string, theme: Theme, current: boolean): string {
  const lower = plain.toLowerCase();
  const q = query.toLowerCase();
  const paint = current ? (s: string) => theme.inverse(theme.accent(s)) : theme.inverse;
  let out = "";
  let from = 0;
  for (let at = lower.indexOf(q); at >= 0; at = lower.indexOf(q, at + q.length)) {
    out += plain.slice(from, at) + paint(plain.slice(at, at + q.length));
    from = at + q.length;
  }
  return out + plain.slice(from);
}
