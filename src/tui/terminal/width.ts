// Display width of terminal text, ANSI-aware: measuring, truncating, wrapping and padding.
import { eastAsianWidth } from "get-east-asian-width";

// SGR and other CSI sequences, plus OSC 8 hyperlinks (terminated by BEL or ST).
const ANSI_RE = /\x1b\[[0-9;:?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;
// Combining marks, zero-width spaces/joiners and variation selectors.
const ZERO_WIDTH_RE = /^(?:\p{Mn}|\p{Me}|[\u200b-\u200f]|[\ufe00-\ufe0f])$/u;
const EMOJI_RE = /\p{Extended_Pictographic}/u;

export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, "");
}

/** Columns one code point occupies. */
export function charWidth(cp: number): number {
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  if (cp < 0x300) return 1;
  if (cp === 0x200d) return 0;
  const ch = String.fromCodePoint(cp);
  if (ZERO_WIDTH_RE.test(ch)) return 0;
  if (cp >= 0x1f000 && EMOJI_RE.test(ch)) return 2;
  return eastAsianWidth(cp);
}

export function stringWidth(s: string): number {
  let w = 0;
  let plain = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      plain = false;
      break;
    }
  }
  if (plain) return s.length;
  for (const ch of stripAnsi(s)) w += charWidth(ch.codePointAt(0)!);
  return w;
}

type Unit = { esc: string } | { ch: string; w: number };

function units(s: string): Unit[] {
  const out: Unit[] = [];
  let last = 0;
  ANSI_RE.lastIndex = 0;
  for (let m = ANSI_RE.exec(s); m; m = ANSI_RE.exec(s)) {
    for (const ch of s.slice(last, m.index)) out.push({ ch, w: charWidth(ch.codePointAt(0)!) });
    out.push({ esc: m[0] });
    last = m.index + m[0].length;
  }
  for (const ch of s.slice(last)) out.push({ ch, w: charWidth(ch.codePointAt(0)!) });
  return out;
}

/** Tracks which SGR styles are open so a cut line can be closed and the next reopened. */
class StyleState {
  private active: string[] = [];
  apply(esc: string): void {
    if (!esc.endsWith("m") || !esc.startsWith("\x1b[")) return;
    const body = esc.slice(2, -1);
    if (body === "" || body === "0") this.active = [];
    else this.active.push(esc);
  }
  get open(): string {
    return this.active.join("");
  }
  get isOpen(): boolean {
    return this.active.length > 0;
  }
}

/** Cut to at most `width` columns, ending with `ellipsis` when something was cut. */
export function truncate(s: string, width: number, ellipsis = "…"): string {
  if (stringWidth(s) <= width) return s;
  const ew = stringWidth(ellipsis);
  const target = Math.max(0, width - ew);
  let out = "";
  let w = 0;
  const style = new StyleState();
  for (const u of units(s)) {
    if ("esc" in u) {
      out += u.esc;
      style.apply(u.esc);
      continue;
    }
    if (w + u.w > target) break;
    out += u.ch;
    w += u.w;
  }
  return out + (style.isOpen ? "\x1b[0m" : "") + (width >= ew ? ellipsis : "");
}

/** Pad with spaces to exactly `width` columns (truncating when longer). */
export function padEnd(s: string, width: number): string {
  const w = stringWidth(s);
  if (w > width) return truncate(s, width);
  return s + " ".repeat(width - w);
}

/**
 * Wrap one line (no newlines) to `width` columns at spaces, breaking long words hard. Styles
 * continue across the break. `indent` is prepended to continuation lines.
 */
export function wrapLine(s: string, width: number, indent = ""): string[] {
  if (width <= 0) return [s];
  if (stringWidth(s) <= width) return [s];
  const indentW = stringWidth(indent);
  const out: string[] = [];
  const style = new StyleState();
  let line: Unit[] = [];
  let lineW = 0;
  let lastSpace = -1;
  let limit = width;
  const emit = (us: Unit[]) => {
    let text = "";
    for (const u of us) text += "esc" in u ? u.esc : u.ch;
    return text;
  };
  let prefix = "";
  const pushLine = (us: Unit[]) => {
    // Trailing spaces at a soft break are dropped.
    let end = us.length;
    while (end > 0) {
      const u = us[end - 1]!;
      if ("ch" in u && u.ch === " ") end--;
      else break;
    }
    const body = emit(us.slice(0, end));
    for (const u of us) if ("esc" in u) style.apply(u.esc);
    out.push(prefix + body + (style.isOpen ? "\x1b[0m" : ""));
    prefix = indent + style.open;
    limit = Math.max(1, width - indentW);
  };
  for (const u of units(s)) {
    if ("esc" in u) {
      line.push(u);
      continue;
    }
    if (lineW + u.w > limit && lineW > 0) {
      if (u.ch === " ") {
        pushLine(line);
        line = [];
        lineW = 0;
        lastSpace = -1;
        continue;
      }
      if (lastSpace >= 0) {
        const head = line.slice(0, lastSpace);
        const tail = line.slice(lastSpace + 1);
        pushLine(head);
        line = tail;
        lineW = tail.reduce((n, t) => n + ("w" in t ? t.w : 0), 0);
      } else {
        pushLine(line);
        line = [];
        lineW = 0;
      }
      lastSpace = -1;
    }
    if (u.ch === " " && lineW === 0 && out.length > 0) continue;
    if (u.ch === " ") lastSpace = line.length;
    line.push(u);
    lineW += u.w;
  }
  if (line.length > 0 || out.length === 0) {
    out.push(prefix + emit(line));
  }
  return out;
}

/** Wrap multi-line text. */
export function wrapText(s: string, width: number, indent = ""): string[] {
  return s.split("\n").flatMap((l) => wrapLine(l, width, indent));
}

/** Cut a line into rows of exactly `width` columns, as the terminal would wrap it. */
export function rowsOf(s: string, width: number): number {
  if (width <= 0) return 1;
  return Math.max(1, Math.ceil(stringWidth(s) / width));
}
