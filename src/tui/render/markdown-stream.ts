// Streaming Markdown: as deltas arrive, finished parts are rendered once and handed out for the
// scrollback; only the unfinished tail is re-rendered for the live region. The source is cut into
// chunks at blank lines outside code fences, so the work per frame is bounded by the open chunk.
import type { Theme } from "../terminal/theme.js";
import { renderMarkdown } from "./markdown.js";

const FENCE_RE = /^ {0,3}(```|~~~)/;
/** A line that can only be paragraph text, so a line break before the next such line is a safe cut. */
const PLAIN_LINE_RE = /^(?![\s#>|]|[-*+] |\d+[.)]\s|```|~~~|[-=*_]{3,}\s*$)\S/;

export class MarkdownStream {
  private source = "";
  /** Offset of the open chunk's start; everything before it has been committed. */
  private chunkStart = 0;
  /** Rendered lines of the open chunk already committed. */
  private chunkCommitted = 0;
  private chunksCommitted = 0;
  /** Whether the next chunk starts after a blank line (rendered with a blank separator). */
  private separated = true;
  private cachedLive: { key: string; lines: string[] } | null = null;

  constructor(
    private readonly theme: Theme,
    private readonly width: () => number,
  ) {}

  get text(): string {
    return this.source;
  }

  push(delta: string): void {
    this.source += delta;
  }

  /** Lines that are final now; each is returned once. */
  takeFinished(): string[] {
    const out: string[] = [];
    const lastNl = this.source.lastIndexOf("\n");
    if (lastNl < this.chunkStart) return out;
    // Close every complete chunk.
    for (;;) {
      const boundary = this.nextBoundary(lastNl + 1);
      if (!boundary) break;
      const end = boundary.end;
      const lines = this.renderChunk(this.source.slice(this.chunkStart, end));
      if (this.chunkCommitted === 0) out.push(...this.separator());
      out.push(...lines.slice(this.chunkCommitted));
      this.chunkStart = end;
      this.chunkCommitted = 0;
      this.chunksCommitted++;
      this.separated = !boundary.soft;
    }
    // Within the open chunk, commit completed lines but the last (a following `---` or table
    // delimiter could still restyle it).
    const complete = this.source.slice(this.chunkStart, lastNl + 1);
    if (complete.trim() === "" || /^\s*\|/m.test(complete)) return out;
    const lines = this.renderChunk(complete);
    const upTo = lines.length - 1;
    if (upTo > this.chunkCommitted) {
      if (this.chunkCommitted === 0) out.push(...this.separator());
      out.push(...lines.slice(this.chunkCommitted, upTo));
      this.chunkCommitted = upTo;
    }
    return out;
  }

  /** The not-yet-final lines (re-rendered while streaming). */
  liveLines(): string[] {
    const open = this.source.slice(this.chunkStart);
    if (open.trim() === "") return [];
    const key = `${this.width()}:${open}`;
    if (this.cachedLive?.key === key) return this.cachedLive.lines;
    const all = this.renderChunk(open);
    const lines = [
      ...(this.chunkCommitted === 0 ? this.separator() : []),
      ...all.slice(this.chunkCommitted),
    ];
    this.cachedLive = { key, lines };
    return lines;
  }

  /** The stream ended: everything left. */
  finish(): string[] {
    const open = this.source.slice(this.chunkStart);
    this.chunkStart = this.source.length;
    if (open.trim() === "") return [];
    const lines = this.renderChunk(open.replace(/\n+$/, ""));
    const out = [
      ...(this.chunkCommitted === 0 ? this.separator() : []),
      ...lines.slice(this.chunkCommitted),
    ];
    this.chunkCommitted = 0;
    this.chunksCommitted++;
    return out;
  }

  /** Hand out every finished line again (the screen was cleared and is being rewritten). */
  rewind(): void {
    this.chunkStart = 0;
    this.chunkCommitted = 0;
    this.chunksCommitted = 0;
    this.separated = true;
    this.cachedLive = null;
  }

  get hasOutput(): boolean {
    return this.chunksCommitted > 0 || this.chunkCommitted > 0;
  }

  private separator(): string[] {
    return this.chunksCommitted > 0 && this.separated ? [""] : [];
  }

  private renderChunk(text: string): string[] {
    return renderMarkdown(text, this.width(), this.theme);
  }

  /**
   * Where the open chunk ends, if it is complete: at a blank line outside a fence followed by an
   * unindented line, or ("soft", no blank separator) between two plain paragraph lines of a
   * chunk that is plain text so far. Null when it is not complete. Only looks before `limit`.
   */
  private nextBoundary(limit: number): { end: number; soft: boolean } | null {
    let pos = this.chunkStart;
    let fence: string | null = null;
    let sawContent = false;
    let blankAfterContent = false;
    let allPlain = true;
    while (pos < limit) {
      const nl = this.source.indexOf("\n", pos);
      if (nl === -1 || nl >= limit) break;
      const line = this.source.slice(pos, nl);
      const m = FENCE_RE.exec(line);
      if (fence) {
        if (m && m[1] === fence && line.trim() === fence) fence = null;
      } else if (line.trim() === "") {
        if (sawContent) blankAfterContent = true;
      } else {
        if (blankAfterContent && !/^\s/.test(line)) return { end: pos, soft: false };
        const plain = PLAIN_LINE_RE.test(line);
        if (sawContent && allPlain && plain) return { end: pos, soft: true };
        if (m) fence = m[1] ?? null;
        allPlain &&= plain;
        sawContent = true;
        blankAfterContent = false;
      }
      pos = nl + 1;
    }
    return null;
  }
}
