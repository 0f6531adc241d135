// smol-toml reports positions only for syntax errors, so validation errors need their own way to
// find where a key was written. This is a tolerant scanner over *already valid* TOML that records
// the 1-based line/column where each key path (tables, dotted keys, inline tables, array elements)
// first appears.
import { TomlCursor } from "./toml-cursor.js";

export interface SourcePosition {
  line: number;
  column: number;
}

export type KeyPath = readonly (string | number)[];

/** Identity of a key path inside the position map. */
export function keyPathId(path: KeyPath): string {
  return JSON.stringify(path);
}

class Scanner extends TomlCursor {
  readonly positions = new Map<string, SourcePosition>();
  private readonly lineStarts: number[] = [0];

  constructor(src: string) {
    super(src);
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
