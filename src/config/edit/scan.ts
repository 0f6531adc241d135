// A structural scan of a TOML document for in-place editing: where each table header and each
// key/value line starts and ends, as byte offsets into the original text. The scan runs only on
// text that smol-toml has already accepted, so it can be tolerant; what it must get right is
// where values end (multi-line strings and arrays can contain lines that look like headers).

/** A `[table]` or `[[array.of.tables]]` header line. */
export interface HeaderEntry {
  kind: "table" | "array";
  path: string[];
  /** Offset of the first character of the header's line. */
  lineStart: number;
  /** Offset just past the header line's newline (or the end of the text). */
  lineEnd: number;
}

/** A `key = value` statement (possibly spanning lines). */
export interface KeyValueEntry {
  /** Path of the table it is written in (the last header's path; `[]` for the root table). */
  tablePath: string[];
  /** The (possibly dotted) key. */
  key: string[];
  /** Set when the statement is inside a `[[array]]` element, which edits do not reach into. */
  inArrayTable: boolean;
  lineStart: number;
  valueStart: number;
  /** Offset just past the value's last character. */
  valueEnd: number;
  /** Offset just past the statement's line (trailing comment and newline included). */
  lineEnd: number;
}

export interface TomlStructure {
  headers: HeaderEntry[];
  keyValues: KeyValueEntry[];
}

const BARE_KEY_CHAR = /[A-Za-z0-9_-]/;

class StructureScanner {
  private pos = 0;
  private readonly headers: HeaderEntry[] = [];
  private readonly keyValues: KeyValueEntry[] = [];

  constructor(private readonly src: string) {}

  private peek(n = 0): string {
    return this.src[this.pos + n] ?? "";
  }

  private atEnd(): boolean {
    return this.pos >= this.src.length;
  }

  private skipInlineSpace(): void {
    while (this.peek() === " " || this.peek() === "\t") this.pos++;
  }

  private skipToLineEnd(): void {
    while (!this.atEnd() && this.peek() !== "\n") this.pos++;
  }

  /** Past the current line's newline. */
  private finishLine(): void {
    this.skipInlineSpace();
    if (this.peek() === "#") this.skipToLineEnd();
    else this.skipInlineSpace();
    // Anything else before the newline (e.g. "\r") is part of this line.
    this.skipToLineEnd();
    if (this.peek() === "\n") this.pos++;
  }

  /** Whitespace, newlines and comments (between array elements and inline-table entries). */
  private skipSpaceAndComments(): void {
    for (;;) {
      const c = this.peek();
      if (c === " " || c === "\t" || c === "\r" || c === "\n") this.pos++;
      else if (c === "#") this.skipToLineEnd();
      else return;
    }
  }

  private readString(): string {
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

  private readKey(): string[] {
    const segments: string[] = [];
    for (;;) {
      this.skipInlineSpace();
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
    return segments;
  }

  private skipValue(): void {
    const c = this.peek();
    if (c === '"' || c === "'") {
      this.readString();
    } else if (c === "[") {
      this.pos++;
      for (;;) {
        this.skipSpaceAndComments();
        if (this.peek() === "]" || this.atEnd()) break;
        const before = this.pos;
        this.skipValue();
        this.skipSpaceAndComments();
        if (this.peek() === ",") this.pos++;
        if (this.pos === before) this.pos++;
      }
      this.pos++;
    } else if (c === "{") {
      this.pos++;
      for (;;) {
        this.skipSpaceAndComments();
        if (this.peek() === "}" || this.atEnd()) break;
        const before = this.pos;
        this.readKey();
        this.skipInlineSpace();
        if (this.peek() === "=") this.pos++;
        this.skipInlineSpace();
        this.skipValue();
        this.skipSpaceAndComments();
        if (this.peek() === ",") this.pos++;
        if (this.pos === before) this.pos++;
      }
      this.pos++;
    } else {
      // Numbers, booleans, dates (which may contain a space): up to a delimiter.
      while (!this.atEnd() && !/[,\]}\n\r#]/.test(this.peek())) this.pos++;
      while (this.pos > 0 && /[ \t]/.test(this.src[this.pos - 1] ?? "")) this.pos--;
    }
  }

  scan(): TomlStructure {
    let table: string[] = [];
    let inArrayTable = false;
    while (!this.atEnd()) {
      const lineStart = this.pos;
      this.skipInlineSpace();
      const c = this.peek();
      if (c === "\n" || c === "\r" || c === "#" || c === "") {
        this.finishLine();
        continue;
      }
      if (c === "[") {
        const isArray = this.peek(1) === "[";
        this.pos += isArray ? 2 : 1;
        const path = this.readKey();
        this.skipInlineSpace();
        this.pos += isArray ? 2 : 1;
        this.finishLine();
        this.headers.push({
          kind: isArray ? "array" : "table",
          path,
          lineStart,
          lineEnd: this.pos,
        });
        table = path;
        inArrayTable = isArray;
        continue;
      }
      const key = this.readKey();
      this.skipInlineSpace();
      if (this.peek() === "=") this.pos++;
      this.skipInlineSpace();
      const valueStart = this.pos;
      this.skipValue();
      const valueEnd = this.pos;
      this.finishLine();
      this.keyValues.push({
        tablePath: table,
        key,
        inArrayTable,
        lineStart,
        valueStart,
        valueEnd,
        lineEnd: this.pos,
      });
    }
    return { headers: this.headers, keyValues: this.keyValues };
  }
}

/** The headers and key/value statements of an already-valid TOML text, in document order. */
export function scanTomlStructure(text: string): TomlStructure {
  return new StructureScanner(text).scan();
}
