// Comment-preserving edits of a TOML document: replace, add or remove one table (with its
// sub-tables) or one value, leaving every other byte of the text as it was.
import { parse, TomlError } from "smol-toml";
import {
  renderInlineValue,
  renderKeyPath,
  renderKeyValue,
  renderTable,
  type TomlTable,
  type TomlValue,
} from "./render.js";
import { scanTomlStructure, type HeaderEntry, type TomlStructure } from "./scan.js";

/** An edit that cannot be made without rewriting something the user wrote. */
export class TomlEditError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TomlEditError";
  }
}

interface Splice {
  start: number;
  end: number;
  text: string;
}

const startsWith = (path: readonly string[], prefix: readonly string[]) =>
  prefix.length <= path.length && prefix.every((seg, i) => path[i] === seg);

const samePath = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && startsWith(a, b);

/** 1-based line number of an offset. */
function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text[i] === "\n") line++;
  return line;
}

export class TomlDocument {
  private text: string;
  private structure: TomlStructure;
  /** Line ending for new text: CRLF when the document already uses it. */
  private readonly eol: string;

  /** Throws TomlError when `text` is not valid TOML. */
  constructor(text: string) {
    parse(text);
    this.text = text;
    this.structure = scanTomlStructure(text);
    this.eol = /\r\n/.test(text) ? "\r\n" : "\n";
  }

  toString(): string {
    return this.text;
  }

  /** Whether the document defines anything at or under `path`. */
  has(path: readonly string[]): boolean {
    return (
      this.structure.headers.some((h) => startsWith(h.path, path)) ||
      this.structure.keyValues.some((kv) => startsWith([...kv.tablePath, ...kv.key], path))
    );
  }

  /**
   * Make `[path]` hold exactly `values` (nested objects become sub-tables). An existing table is
   * replaced where it stands; a new one goes after its siblings, or at the end.
   */
  setTable(path: readonly string[], values: TomlTable): void {
    if (path.length === 0) throw new TomlEditError("setTable needs a non-empty table path");
    this.refuseInlineParent(path);
    const eol = this.eol;
    const rendered = renderTable(path, values, eol);
    const own = this.structure.headers.find((h) => h.kind === "table" && samePath(h.path, path));
    const splices: Splice[] = [];
    if (own) {
      splices.push({ start: own.lineStart, end: this.bodyEnd(own), text: rendered });
      for (const h of this.structure.headers)
        if (h !== own && startsWith(h.path, path)) splices.push(this.removalSplice(h));
      for (const kv of this.structure.keyValues)
        if (!samePath(kv.tablePath, path) && startsWith([...kv.tablePath, ...kv.key], path))
          splices.push({ start: kv.lineStart, end: kv.lineEnd, text: "" });
      this.apply(splices);
      return;
    }
    for (const h of this.structure.headers)
      if (startsWith(h.path, path)) splices.push(this.removalSplice(h));
    for (const kv of this.structure.keyValues)
      if (startsWith([...kv.tablePath, ...kv.key], path))
        splices.push({ start: kv.lineStart, end: kv.lineEnd, text: "" });
    splices.push(this.insertionSplice(path, rendered));
    this.apply(splices);
  }

  /** Remove `[path]` and everything under it. Returns whether anything was removed. */
  removeTable(path: readonly string[]): boolean {
    if (path.length === 0) throw new TomlEditError("removeTable needs a non-empty table path");
    const splices: Splice[] = [];
    for (const h of this.structure.headers)
      if (startsWith(h.path, path)) splices.push(this.removalSplice(h));
    for (const kv of this.structure.keyValues) {
      const full = [...kv.tablePath, ...kv.key];
      if (kv.inArrayTable && startsWith(kv.tablePath, path)) continue;
      if (startsWith(full, path)) splices.push({ start: kv.lineStart, end: kv.lineEnd, text: "" });
      else if (startsWith(path, full))
        throw new TomlEditError(
          `\`${renderKeyPath(full)}\` is written as an inline value on line ${lineOf(this.text, kv.lineStart)}; edit it by hand`,
        );
    }
    if (splices.length === 0) return false;
    this.apply(splices);
    return true;
  }

  /** Set one value (`path` = table path + key); other keys of the table are left alone. */
  setValue(path: readonly string[], value: TomlValue): void {
    if (path.length === 0) throw new TomlEditError("setValue needs a key");
    const tablePath = path.slice(0, -1);
    const key = path[path.length - 1] as string;
    const eol = this.eol;
    const existing = this.structure.keyValues.find(
      (kv) => !kv.inArrayTable && samePath([...kv.tablePath, ...kv.key], path),
    );
    if (existing) {
      const isTableValue = typeof value === "object" && !Array.isArray(value);
      if (isTableValue) throw new TomlEditError("setValue cannot write a table; use setTable");
      this.apply([
        { start: existing.valueStart, end: existing.valueEnd, text: renderInlineValue(value) },
      ]);
      return;
    }
    if (typeof value === "object" && !Array.isArray(value)) {
      this.setTable(path, value);
      return;
    }
    this.refuseInlineParent(path);
    const line = renderKeyValue(key, value, eol);
    if (tablePath.length === 0) {
      const first = this.structure.headers[0];
      const at = first ? this.attachedStart(first) : this.text.length;
      const lastRoot = this.structure.keyValues.filter((kv) => kv.tablePath.length === 0).at(-1);
      const pos = lastRoot ? lastRoot.lineEnd : at;
      const sep = first && !lastRoot ? eol : "";
      this.apply([{ start: pos, end: pos, text: this.ensureLineStart(pos) + line + sep }]);
      return;
    }
    const header = this.structure.headers.find(
      (h) => h.kind === "table" && samePath(h.path, tablePath),
    );
    if (header) {
      const pos = this.bodyEnd(header);
      this.apply([{ start: pos, end: pos, text: this.ensureLineStart(pos) + line }]);
      return;
    }
    const rendered = renderTable(tablePath, { [key]: value }, eol);
    this.apply([this.insertionSplice(tablePath, rendered)]);
  }

  /** A newline when `pos` is not at the start of a line (a last line without one). */
  private ensureLineStart(pos: number): string {
    return pos > 0 && this.text[pos - 1] !== "\n" ? this.eol : "";
  }

  /** Tables cannot be added inside a table that is written as an inline value. */
  private refuseInlineParent(path: readonly string[]): void {
    for (const kv of this.structure.keyValues) {
      const full = [...kv.tablePath, ...kv.key];
      if (full.length < path.length && startsWith(path, full))
        throw new TomlEditError(
          `\`${renderKeyPath(full)}\` is written as an inline value on line ${lineOf(this.text, kv.lineStart)}; rewrite it as [${renderKeyPath(full)}.NAME] tables or edit it by hand`,
        );
    }
  }

  private headerIndex(h: HeaderEntry): number {
    return this.structure.headers.indexOf(h);
  }

  /** End of a table's last statement (its trailing comments and blank lines are not included). */
  private bodyEnd(h: HeaderEntry): number {
    const next = this.structure.headers[this.headerIndex(h) + 1];
    const limit = next ? next.lineStart : this.text.length;
    let end = h.lineEnd;
    for (const kv of this.structure.keyValues)
      if (kv.lineStart >= h.lineEnd && kv.lineEnd <= limit) end = Math.max(end, kv.lineEnd);
    return end;
  }

  /** Where a header's own comment lines (directly above it, no blank line between) begin. */
  private attachedStart(h: HeaderEntry): number {
    const prev = this.structure.headers[this.headerIndex(h) - 1];
    const floor = prev ? this.bodyEnd(prev) : this.lastRootStatementEnd();
    let start = h.lineStart;
    while (start > floor) {
      const prevLineStart = this.text.lastIndexOf("\n", start - 2) + 1;
      const line = this.text.slice(prevLineStart, start).trim();
      if (prevLineStart < floor || !line.startsWith("#")) break;
      start = prevLineStart;
    }
    return start;
  }

  private lastRootStatementEnd(): number {
    const firstHeader = this.structure.headers[0]?.lineStart ?? this.text.length;
    let end = 0;
    for (const kv of this.structure.keyValues)
      if (kv.lineEnd <= firstHeader) end = Math.max(end, kv.lineEnd);
    return end;
  }

  /**
   * The text a removed header takes with it: its comments, header, body, and the blank lines up
   * to the next header's comments. The last table also takes the blank lines before it, so the
   * file does not end in blank lines.
   */
  private removalSplice(h: HeaderEntry): Splice {
    const next = this.structure.headers[this.headerIndex(h) + 1];
    const start = this.attachedStart(h);
    if (next) return { start, end: this.attachedStart(next), text: "" };
    let trimmed = start;
    while (trimmed > 0) {
      const prevLineStart = this.text.lastIndexOf("\n", trimmed - 2) + 1;
      if (this.text.slice(prevLineStart, trimmed).trim() !== "") break;
      trimmed = prevLineStart;
    }
    return { start: trimmed, end: this.text.length, text: "" };
  }

  /** Put a new table after the last table under the same parent, else at the end. */
  private insertionSplice(path: readonly string[], rendered: string): Splice {
    const parent = path.slice(0, -1);
    const related = this.structure.headers.filter(
      (h) => parent.length > 0 && startsWith(h.path, parent) && !startsWith(h.path, path),
    );
    const anchor = related.at(-1);
    if (anchor) {
      // After the whole group (the anchor's own sub-tables come right after it).
      const pos = this.bodyEnd(anchor);
      return { start: pos, end: pos, text: this.ensureLineStart(pos) + this.eol + rendered };
    }
    const pos = this.text.length;
    let prefix = this.ensureLineStart(pos);
    if (this.text.trim() !== "" && !/(\r?\n){2}$/.test(this.text + prefix)) prefix += this.eol;
    return { start: pos, end: pos, text: prefix + rendered };
  }

  /** Apply non-overlapping splices (overlapping removals are merged) and re-validate. */
  private apply(splices: Splice[]): void {
    const sorted = [...splices].sort((a, b) => a.start - b.start || a.end - b.end);
    const merged: Splice[] = [];
    for (const s of sorted) {
      const last = merged.at(-1);
      if (last && s.start < last.end) {
        if (s.text !== "" && last.text !== "")
          throw new TomlEditError("internal error: overlapping edits");
        merged[merged.length - 1] = {
          start: last.start,
          end: Math.max(last.end, s.end),
          text: last.text + s.text,
        };
      } else merged.push(s);
    }
    let out = this.text;
    for (const s of merged.reverse()) out = out.slice(0, s.start) + s.text + out.slice(s.end);
    try {
      parse(out);
    } catch (e) {
      const why = e instanceof TomlError ? e.message.split("\n")[0] : String(e);
      throw new TomlEditError(`the edit would make the file invalid TOML (${why})`);
    }
    this.text = out;
    this.structure = scanTomlStructure(out);
  }
}
