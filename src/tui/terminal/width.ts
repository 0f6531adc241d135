// Display width of terminal text, ANSI-aware: measuring, truncating, wrapping and padding.
// Widths are per grapheme cluster (what a terminal draws in one cell or two), measured by
// `string-width`: ZWJ sequences (👨‍👩‍👧), skin tones (👍🏽) and VS16 emoji (❤️) take 2 columns,
// combining marks none. Plain ASCII, nearly all of what is drawn, skips all of that.
import measure from "string-width";

// SGR and other CSI sequences, plus OSC 8 hyperlinks (terminated by BEL or ST).
const ANSI_RE = /\x1b\[[0-9;:?]*[A-Za-z]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)/g;

/** Widths of the graphemes seen so far; bounded so odd input cannot grow it forever. */
const widthCache = new Map<string, number>();
const WIDTH_CACHE_MAX = 4096;
/** The same for single code points, keyed by number (no string per lookup). */
const cpCache = new Map<number, number>();

export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, "");
}

/** Printable ASCII only: one column per UTF-16 unit, one grapheme per unit. */
export function isPlainAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

const isRegional = (cp: number) => cp >= 0x1f1e6 && cp <= 0x1f1ff;
const isJamo = (cp: number) =>
  (cp >= 0x1100 && cp <= 0x11ff) ||
  (cp >= 0xa960 && cp <= 0xa97f) ||
  (cp >= 0xd7b0 && cp <= 0xd7ff);
const isHangul = (cp: number) => isJamo(cp) || (cp >= 0xac00 && cp <= 0xd7a3);
const MARK_RE = /\p{M}/u;
const isModifier = (cp: number) => cp >= 0x1f3fb && cp <= 0x1f3ff;
const isTag = (cp: number) => cp >= 0xe0020 && cp <= 0xe007f;
/** ZWJ, the keycap mark and the variation selectors. */
const isJoinerMark = (cp: number) =>
  cp === 0x200d || cp === 0x20e3 || cp === 0xfe0e || cp === 0xfe0f;

/**
 * Whether `s` has code points that join a cluster with a neighbour: combining marks, ZWJ,
 * variation selectors, the keycap mark, Hangul conjoining jamo, skin-tone modifiers,
 * regional-indicator flags and emoji tags. Text without any has one cluster per code point.
 */
function hasJoiners(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x300) continue;
    if (isJoinerMark(c) || isJamo(c) || isMarkUnit(c)) return true;
    const d = s.charCodeAt(i + 1);
    // Surrogate pairs of U+1F3FB–1F3FF, U+1F1E6–1F1FF and U+E0020–E007F.
    if (c === 0xd83c && ((d >= 0xdffb && d <= 0xdfff) || (d >= 0xdde6 && d <= 0xddff))) return true;
    if (c === 0xdb40 && d >= 0xdc20 && d <= 0xdc7f) return true;
  }
  return false;
}

/** Marks in the BMP (all combining marks but a few rare astral ones), cached per code unit. */
const markCache = new Map<number, boolean>();
function isMarkUnit(c: number): boolean {
  if (c >= 0xd800 && c <= 0xdfff) return false;
  let m = markCache.get(c);
  if (m === undefined) {
    m = MARK_RE.test(String.fromCharCode(c));
    markCache.set(c, m);
  }
  return m;
}

/** Extends the cluster before it (UAX #29 Extend, SpacingMark, ZWJ, emoji modifiers, tags). */
function extendsCluster(ch: string, cp: number): boolean {
  if (cp < 0x300) return false;
  if (isJoinerMark(cp) || isModifier(cp) || isTag(cp)) return true;
  return cp <= 0xffff ? isMarkUnit(cp) : MARK_RE.test(ch);
}

/** Indic viramas that link consonants into one conjunct cluster (UAX #29 GB9c). */
const LINKERS = new Set([0x094d, 0x09cd, 0x0acd, 0x0b4d, 0x0c4d, 0x0d4d]);
const LETTER_RE = /^\p{L}$/u;

/**
 * Grapheme clusters by the rules that matter in a terminal (marks, ZWJ sequences, modifiers,
 * flags, keycaps, tags, Hangul jamo, Indic conjuncts). Intl.Segmenter gives the same clusters
 * (a unit test compares them) but costs tens of microseconds a line, too much for every frame.
 */
function clusters(s: string): string[] {
  const out: string[] = [];
  let cur = "";
  let prevCp = -1;
  let joinNext = false;
  let regionalRun = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    const extend = cur !== "" && extendsCluster(ch, cp);
    const flagPair = isRegional(cp) && isRegional(prevCp) && regionalRun % 2 === 1;
    const jamo = isJamo(cp) && isHangul(prevCp);
    const conjunct = LINKERS.has(prevCp) && LETTER_RE.test(ch);
    if (cur !== "" && (extend || joinNext || flagPair || jamo || conjunct)) {
      cur += ch;
    } else {
      if (cur !== "") out.push(cur);
      cur = ch;
    }
    regionalRun = isRegional(cp) ? regionalRun + 1 : 0;
    joinNext = cp === 0x200d;
    prevCp = cp;
  }
  if (cur !== "") out.push(cur);
  return out;
}

/** The grapheme clusters of `s` (no ANSI sequences expected). */
export function graphemes(s: string): string[] {
  if (isPlainAscii(s)) return s.split("");
  if (!hasJoiners(s)) return Array.from(s);
  return clusters(s);
}

/** Columns one grapheme cluster occupies (0 for controls and lone combining marks). */
export function graphemeWidth(g: string): number {
  if (g.length === 1) return codePointWidth(g.charCodeAt(0));
  if (g.length === 2 && g.codePointAt(0)! > 0xffff) return codePointWidth(g.codePointAt(0)!);
  let w = widthCache.get(g);
  if (w === undefined) {
    w = measure(g, { countAnsiEscapeCodes: true });
    if (widthCache.size >= WIDTH_CACHE_MAX) widthCache.clear();
    widthCache.set(g, w);
  }
  return w;
}

/** Columns of a code point that forms a cluster on its own. */
function codePointWidth(cp: number): number {
  if (cp >= 0x20 && cp < 0x7f) return 1;
  if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0)) return 0;
  // Latin-1 and Latin Extended: one column; combining marks start at U+0300.
  if (cp < 0x300) return 1;
  let w = cpCache.get(cp);
  if (w === undefined) {
    w = measure(String.fromCodePoint(cp), { countAnsiEscapeCodes: true });
    if (cpCache.size >= WIDTH_CACHE_MAX) cpCache.clear();
    cpCache.set(cp, w);
  }
  return w;
}

export function stringWidth(s: string): number {
  if (isPlainAscii(s)) return s.length;
  const plain = s.includes("\x1b") ? stripAnsi(s) : s;
  if (plain !== s && isPlainAscii(plain)) return plain.length;
  if (hasJoiners(plain)) {
    let w = 0;
    for (const g of clusters(plain)) w += graphemeWidth(g);
    return w;
  }
  let w = 0;
  for (let i = 0; i < plain.length; i++) {
    const cp = plain.codePointAt(i)!;
    if (cp > 0xffff) i++;
    w += codePointWidth(cp);
  }
  return w;
}

type Unit = { esc: string } | { ch: string; w: number };

function units(s: string): Unit[] {
  const out: Unit[] = [];
  const text = (t: string) => {
    for (const ch of graphemes(t)) out.push({ ch, w: graphemeWidth(ch) });
  };
  let last = 0;
  ANSI_RE.lastIndex = 0;
  for (let m = ANSI_RE.exec(s); m; m = ANSI_RE.exec(s)) {
    text(s.slice(last, m.index));
    out.push({ esc: m[0] });
    last = m.index + m[0].length;
  }
  text(s.slice(last));
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
