// A cursor over TOML source with just enough lexing (strings, escapes, dotted keys, comments)
// to find where keys and tables are; shared by the config error locator and the editor.

const BARE_KEY_CHAR = /[A-Za-z0-9_-]/;

export class TomlCursor {
  protected pos = 0;

  constructor(protected readonly src: string) {}

  protected peek(n = 0): string {
    return this.src[this.pos + n] ?? "";
  }

  protected atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  protected skipInlineSpace(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  protected skipToLineEnd(): void {
    while (!this.atEnd() && this.peek() !== "\n") this.pos++;
  }

  /** Whitespace, newlines and comments (between array elements and inline-table entries). */
  protected skipSpaceAndComments(): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.pos++;
      else if (c === "#") this.skipToLineEnd();
      else return;
    }
  }

  protected readString(): string {
    const quote = this.peek();
    const multi = this.src.startsWith(quote.repeat(3), this.pos);
    const delim = multi ? quote.repeat(3) : quote;
    this.pos += delim.length;
    let out = "";
    while (!this.atEnd()) {
      if (this.src.startsWith(delim, this.pos)) {
        this.pos += delim.length;
        // A multi-line string may end with up to two quotes of content (`""""` is legal).
        for (let extra = 0; multi && extra < 2 && this.peek() === quote; extra++) {
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

  protected readEscape(): string {
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
    const mapped = simple[e];
    if (mapped !== undefined) {
      this.pos += 2;
      return mapped;
    }
    const len = e === "u" ? 4 : e === "U" ? 8 : e === "x" ? 2 : 0;
    if (len > 0) {
      const cp = Number.parseInt(this.src.slice(this.pos + 2, this.pos + 2 + len), 16);
      this.pos += 2 + len;
      return Number.isFinite(cp) ? String.fromCodePoint(cp) : "";
    }
    // A line-ending backslash in a multi-line basic string swallows the newline and indentation.
    this.pos++;
    while (/\s/.test(this.peek())) this.pos++;
    return "";
  }

  /** A dotted key; returns its segments and the offset of each segment. */
  protected readKey(): { segments: string[]; offsets: number[] } {
    const segments: string[] = [];
    const offsets: number[] = [];
    for (;;) {
      this.skipInlineSpace();
      offsets.push(this.pos);
      const c = this.peek();
      if (c === '"' || c === "'") segments.push(this.readString());
      else {
        const start = this.pos;
        while (BARE_KEY_CHAR.test(this.peek())) this.pos++;
        if (this.pos === start) break;
        segments.push(this.src.slice(start, this.pos));
      }
      this.skipInlineSpace();
      if (this.peek() !== ".") break;
      this.pos++;
    }
    return { segments, offsets };
  }
}
