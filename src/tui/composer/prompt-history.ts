// Up/Down recall: this session's prompts first, then older ones from history.jsonl (fetched by
// offset, newest first). Only active while the composer is empty or shows a recalled entry.

export type HistoryFetch = (offset: number) => Promise<string | null>;

export class PromptHistory {
  private local: string[] = [];
  /** 0 = newest entry; null = not browsing. */
  private index: number | null = null;
  private shown: string | null = null;
  private readonly cache = new Map<number, string | null>();

  constructor(
    private readonly fetch: HistoryFetch | null,
    /** Entries in history.jsonl when the session started. */
    private readonly persistentCount: number,
  ) {}

  /** Whether Up/Down should browse history for a composer showing `text`. */
  canNavigate(text: string): boolean {
    return text === "" || (this.shown !== null && text === this.shown);
  }

  record(text: string): void {
    if (text.trim() === "") return;
    if (this.local[this.local.length - 1] !== text) this.local.push(text);
    this.reset();
  }

  reset(): void {
    this.index = null;
    this.shown = null;
  }

  private get total(): number {
    return this.local.length + this.persistentCount;
  }

  /**
   * The older entry, or null at the oldest. A promise when it must be read from the file; the
   * caller shows it if the user has not moved on (check with `isCurrent`).
   */
  older(): string | Promise<string | null> | null {
    const next = this.index === null ? 0 : this.index + 1;
    if (next >= this.total) return null;
    return this.select(next);
  }

  /** The newer entry, or "" when stepping past the newest (back to an empty composer). */
  newer(): string | Promise<string | null> | null {
    if (this.index === null) return null;
    if (this.index === 0) {
      this.reset();
      return "";
    }
    return this.select(this.index - 1);
  }

  isCurrent(index: number): boolean {
    return this.index === index;
  }

  get currentIndex(): number | null {
    return this.index;
  }

  /** Remember what the composer shows, so editing it ends browsing. */
  setShown(text: string): void {
    this.shown = text;
  }

  private select(index: number): string | Promise<string | null> {
    this.index = index;
    if (index < this.local.length) {
      const text = this.local[this.local.length - 1 - index]!;
      this.shown = text;
      return text;
    }
    const offset = this.persistentCount - 1 - (index - this.local.length);
    if (this.cache.has(offset)) {
      const text = this.cache.get(offset) ?? "";
      this.shown = text;
      return text;
    }
    if (!this.fetch) return "";
    return this.fetch(offset).then((text) => {
      this.cache.set(offset, text);
      if (this.index === index) this.shown = text ?? "";
      return text;
    });
  }
}
