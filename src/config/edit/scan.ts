// A structural scan of a TOML document for in-place editing: where each table header and each
// key/value line starts and ends, as byte offsets into the original text. The scan runs only on
// text that smol-toml has already accepted, so it can be tolerant; what it must get right is
// where values end (multi-line strings and arrays can contain lines that look like headers).
import { TomlCursor } from "../toml-cursor.js";

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

class StructureScanner extends TomlCursor {
  private readonly headers: HeaderEntry[] = [];
  private readonly keyValues: KeyValueEntry[] = [];

  /** Past the current line's newline. */
  private finishLine(): void {
    this.skipInlineSpace();
    if (this.peek() === "#") this.skipToLineEnd();
    else this.skipInlineSpace();
    // Anything else before the newline (e.g. "\r") is part of this line.
    this.skipToLineEnd();
    if (this.peek() === "\n") this.pos++;
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
        const path = this.readKey().segments;
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
      const key = this.readKey().segments;
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
