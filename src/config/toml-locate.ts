// smol-toml reports positions only for syntax errors, so validation errors need their own way to
// find where a key was written. This is a tolerant scanner over *already valid* TOML that records
// the 1-based line/column where each key path (tables, dotted keys, inline tables, array elements)
// first appears.

export interface SourcePosition {
  line: number;
  column: number;
}

export type KeyPath = readonly (string | number)[];

const BARE_KEY = /[A-Za-z0-9_-]/;

/** Identity of a key path inside the position map. */
export function keyPathId(path: KeyPath): string {
  return JSON.stringify(path);
}

class Scanner {
  pos = 0;
  readonly positions = new Map<string, SourcePosition>();
  private readonly lineStarts: number[] = [0];

  constructor(private readonly src: string) {
    for (let i = 0; i < src.length; i++) if (src[i] === "\n") this.lineStarts.push(i + 1);
  }

  private positionOf(offset: number): SourcePosition {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((this.lineStarts[mid] ?? 0) <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - (this.lineStarts[lo] ?? 0) + 1 };
  }

  private record(path: KeyPath, offset: number): void {
    const id = keyPathId(path);
    if (!this.positions.has(id)) this.positions.set(id, this.positionOf(offset));
  }

  private peek(n = 0): string {
    return this.src[this.pos + n] ?? "";
  }

  private skipInlineSpace(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  /** Whitespace, newlines and comments (used inside arrays). */
  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.pos++;
      else if (c === "#") this.skipToLineEnd();
      else return;
    }
  }

  private skipToLineEnd(): void {
    while (this.pos < this.src.length && this.peek() !== "\n") this.pos++;
  }

  private readString(): string {
    const quote = this.peek();
    const multi = this.src.startsWith(quote.repeat(3), this.pos);
    const delim = multi ? quote.repeat(3) : quote;
    this.pos += delim.length;
    let out = "";
    while (this.pos < this.src.length) {
      if (this.src.startsWith(delim, this.pos)) {
        this.pos += delim.length;
        // A multi-line string may end with up to two extra quotes (`""""` is legal).
        while (multi && this.peek() === quote) {
          out += quote;
          this.pos++;
        }
        return out;
      }
      const c = this.peek();
      if (quote === '"' && c === "\\") {
        out += this.readEscape();
        continue;
      }
      out += c;
      this.pos++;
    }
    return out;
  }

  private readEscape(): string {
    const e = this.peek(1);
    const simple: Record<string, string> = {
      b: "\b",
      t: "\t",
      n: "\n",
      f: "\f",
      r: "\r",
      '"': '"',
      "\\": "\\",
      e: "\x1b",
    };
    if (e in simple) {
      this.pos += 2;
      return simple[e] ?? "";
    }
    const len = e === "u" ? 4 : e === "U" ? 8 : e === "x" ? 2 : 0;
    if (len > 0) {
      const hex = this.src.slice(this.pos + 2, this.pos + 2 + len);
      this.pos += 2 + len;
      const cp = Number.parseInt(hex, 16);
      return Number.isFinite(cp) ? String.fromCodePoint(cp) : "";
    }
    // Line-ending backslash in a multi-line basic string: swallow the newline and indentation.
    this.pos++;
    while (/\s/.test(this.peek())) this.pos++;
    return "";
  }

  /** A dotted key; returns its segments and the offset of each segment. */
  private readKey(): { segments: string[]; offsets: number[] } {
    const segments: string[] = [];
    const offsets: number[] = [];
    for (;;) {
      this.skipInlineSpace();
      offsets.push(this.pos);
      const c = this.peek();
      if (c === '"' || c === "'") segments.push(this.readString());
      else {
        const start = this.pos;
        while (BARE_KEY.test(this.peek())) this.pos++;
        if (this.pos === start) break;
        segments.push(this.src.slice(start, this.pos));
      }
      this.skipInlineSpace();
      if (this.peek() !== ".") break;
      this.pos++;
    }
    return { segments, offsets };
  }

  private readKeyValue(table: KeyPath): void {
    const { segments, offsets } = this.readKey();
    // Dotted keys implicitly create their parent tables: all of them point at the key's start.
    const keyStart = offsets[0] ?? this.pos;
    for (let i = 0; i < segments.length; i++) {
      this.record([...table, ...segments.slice(0, i + 1)], keyStart);
    }
    this.skipInlineSpace();
    if (this.peek() === "=") this.pos++;
    this.skipInlineSpace();
    this.skipValue([...table, ...segments]);
  }

  private skipValue(path: KeyPath): void {
    const c = this.peek();
    if (c === '"' || c === "'") {
      this.readString();
    } else if (c === "[") {
      this.pos++;
      let index = 0;
      for (;;) {
        this.skipSpaceAndComments();
        if (this.peek() === "]" || this.pos >= this.src.length) break;
        this.record([...path, index], this.pos);
        this.skipValue([...path, index]);
        index++;
        this.skipSpaceAndComments();
        if (this.peek() === ",") this.pos++;
      }
      this.pos++;
    } else if (c === "{") {
      this.pos++;
      for (;;) {
        this.skipSpaceAndComments();
        if (this.peek() === "}" || this.pos >= this.src.length) break;
        const before = this.pos;
        this.readKeyValue(path);
        this.skipSpaceAndComments();
        if (this.peek() === ",") this.pos++;
        if (this.pos === before) this.pos++;
      }
      this.pos++;
    } else {
      while (this.pos < this.src.length && !/[,\]}\n#]/.test(this.peek())) this.pos++;
    }
  }

  scan(): void {
    let table: KeyPath = [];
    const arrayCounts = new Map<string, number>();
    while (this.pos < this.src.length) {
      this.skipSpaceAndComments();
      if (this.pos >= this.src.length) break;
      const start = this.pos;
      if (this.peek() === "[") {
        const isArray = this.peek(1) === "[";
        this.pos += isArray ? 2 : 1;
        const { segments } = this.readKey();
        this.skipToLineEnd();
        if (isArray) {
          const id = keyPathId(segments);
          const index = arrayCounts.get(id) ?? 0;
          arrayCounts.set(id, index + 1);
          this.record(segments, start);
          table = [...segments, index];
        } else {
          table = segments;
        }
        for (let i = 1; i <= table.length; i++) this.record(table.slice(0, i), start);
        continue;
      }
      this.readKeyValue(table);
      if (this.pos === start) this.pos++;
      this.skipInlineSpace();
      if (this.peek() === "#") this.skipToLineEnd();
    }
  }
}

/** Map of every key path in `source` to where it is first written. */
export function indexKeyPositions(source: string): Map<string, SourcePosition> {
  const scanner = new Scanner(source);
  scanner.scan();
  return scanner.positions;
}

/**
 * Where `path` is written in `positions`; falls back to the nearest enclosing key that was
 * written (e.g. an array element of a one-line array reports the array's key).
 */
export function lookupKeyPosition(
  positions: Map<string, SourcePosition>,
  path: KeyPath,
): SourcePosition | undefined {
  for (let n = path.length; n > 0; n--) {
    const hit = positions.get(keyPathId(path.slice(0, n)));
    if (hit) return hit;
  }
  return undefined;
}

/** Human spelling of a key path: `projects."/a/b".trust_level`, `notify[0]`. */
export function formatKeyPath(path: KeyPath): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else {
      const bare = /^[A-Za-z0-9_-]+$/.test(seg);
      out += (out === "" ? "" : ".") + (bare ? seg : JSON.stringify(seg));
    }
  }
  return out;
}
