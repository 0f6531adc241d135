// The transcript overlay (Ctrl-T): every committed cell in full, scrollable and searchable.
// In backtrack mode it is the preview: one user message is highlighted and the keys move the
// highlight instead of closing.
import type { HistoryCell, InputEvent, KeyEvent, Overlay, Theme } from "../../extension.js";
import { renderPagerFrame } from "./frame.js";
import { Pager } from "./pager.js";

export interface BacktrackBinding {
  /** Index among the user cells (0 = oldest) to highlight. */
  selected(): number;
  /** Keys in preview mode; return true when used. */
  handleKey(key: KeyEvent): boolean;
}

export const BACKTRACK_HINTS = "Esc edit prev · → newer · Enter edit & fork here · q cancel";

const GUTTER = 2;

export class TranscriptOverlay implements Overlay {
  readonly pager = new Pager();
  private renderedWidth = -1;
  private renderedCount = -1;
  private renderedSelection = -1;
  /** First line of each user cell, in transcript order. */
  private userCellStarts: number[] = [];

  constructor(
    private readonly cells: () => readonly HistoryCell[],
    private readonly theme: Theme,
    /** Asks the app to close the overlay (q, Esc, Ctrl-T). */
    private readonly close: () => void,
    private readonly backtrack: BacktrackBinding | null = null,
    /** Told when the overlay has been closed, by itself or by the app. */
    private readonly onClosed?: () => void,
  ) {}

  get isBacktrack(): boolean {
    return this.backtrack !== null;
  }

  /** First line of the user cell `index` (0 = oldest), for tests and scrolling. */
  userCellLine(index: number): number | undefined {
    return this.userCellStarts[index];
  }

  private layout(width: number): void {
    const cells = this.cells();
    const selection = this.backtrack?.selected() ?? -1;
    if (
      width === this.renderedWidth &&
      cells.length === this.renderedCount &&
      selection === this.renderedSelection
    ) {
      return;
    }
    const wasAtBottom = this.renderedCount < 0 || this.pager.atBottom();
    const t = this.theme;
    const inner = this.backtrack ? Math.max(10, width - GUTTER) : width;
    const lines: string[] = [];
    const starts: number[] = [];
    for (const cell of cells) {
      const body = cell.renderFull?.(inner) ?? cell.render(inner);
      const isUser = cell.kind === "user";
      const mine = isUser && starts.length === selection;
      if (isUser) starts.push(lines.length);
      if (this.backtrack) {
        const bar = mine ? t.accent("▌ ") : "  ";
        for (const l of body) lines.push(bar + (mine ? t.bold(l) : l));
      } else {
        lines.push(...body);
      }
      lines.push("");
    }
    this.userCellStarts = starts;
    this.pager.setLines(lines);
    const selectionMoved = selection !== this.renderedSelection;
    this.renderedWidth = width;
    this.renderedCount = cells.length;
    this.renderedSelection = selection;
    if (this.backtrack && selectionMoved && selection >= 0) {
      const line = starts[selection];
      if (line !== undefined) this.pager.reveal(line);
    } else if (wasAtBottom) {
      this.pager.scrollToBottom();
    }
  }

  render(width: number, height: number): string[] {
    this.pager.height = Math.max(1, height - 2);
    this.layout(width);
    const title = this.backtrack ? "Edit a previous message" : "Transcript";
    return renderPagerFrame(this.pager, {
      title,
      hints: this.backtrack ? BACKTRACK_HINTS : undefined,
      width,
      height,
      theme: this.theme,
    });
  }

  handleInput(ev: InputEvent): void {
    if (ev.type !== "key") return;
    if (this.backtrack && this.pager.searchInput === null && this.backtrack.handleKey(ev)) return;
    if (this.pager.handleKey(ev) === "close") this.close();
  }

  onClose(): void {
    this.onClosed?.();
  }
}
