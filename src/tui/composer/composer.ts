// The composer: a TextBuffer plus key bindings, paste placeholders and history recall.
import type { KeyEvent } from "../terminal/keys.js";
import type { Theme } from "../terminal/theme.js";
import { PromptHistory } from "./prompt-history.js";
import { TextBuffer } from "./text-buffer.js";

/** Pastes longer than this are shown as a placeholder and expanded on send. */
export const LARGE_PASTE_CHARS = 1000;
export const LARGE_PASTE_LINES = 10;

export type ComposerResult =
  { type: "submit"; text: string } | { type: "handled" } | { type: "unhandled" };

export interface ComposerView {
  lines: string[];
  cursorRow: number;
  cursorCol: number;
}

export class Composer {
  readonly buffer = new TextBuffer();
  private pastes = new Map<string, string>();
  private listeners = new Set<() => void>();
  /** Bumped on every change; lets async history results see whether the user moved on. */
  private version = 0;

  constructor(
    /** Replaced when a session starts (it knows history.jsonl's id and size). */
    public history: PromptHistory,
    private readonly onAsyncChange: () => void = () => {},
  ) {}

  get text(): string {
    return this.buffer.text;
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    this.version++;
    for (const l of this.listeners) l();
  }

  setText(text: string, cursor?: number): void {
    this.buffer.setText(text, cursor);
    this.changed();
  }

  replaceRange(start: number, end: number, text: string): void {
    this.buffer.replaceRange(start, end, text);
    this.changed();
  }

  clear(): void {
    this.pastes.clear();
    this.history.reset();
    this.setText("");
  }

  /** Bracketed paste: small pastes go in as typed; large ones become a placeholder. */
  paste(text: string): void {
    const lines = text.split("\n").length;
    if (text.length > LARGE_PASTE_CHARS || lines > LARGE_PASTE_LINES) {
      let label = `[Pasted ${lines} lines]`;
      if (lines === 1) label = `[Pasted ${text.length} chars]`;
      for (let n = 2; this.pastes.has(label); n++) label = label.replace(/( #\d+)?\]$/, ` #${n}]`);
      this.pastes.set(label, text);
      this.buffer.insert(label);
    } else {
      this.buffer.insert(text);
    }
    this.changed();
  }

  /** The text to send: placeholders expanded. Clears the composer. */
  takeSubmission(): string {
    let text = this.buffer.text;
    for (const [label, content] of this.pastes) text = text.split(label).join(content);
    this.history.record(this.buffer.text);
    this.pastes.clear();
    this.buffer.setText("");
    this.changed();
    return text;
  }

  handleKey(k: KeyEvent, width: number): ComposerResult {
    const b = this.buffer;
    const before = b.text;
    const done = (): ComposerResult => {
      if (b.text !== before) this.changed();
      else this.version++;
      return { type: "handled" };
    };
    const { ctrl, alt } = k;
    switch (k.name) {
      case "enter":
        if (k.shift || alt) {
          b.insert("\n");
          return done();
        }
        if (b.text.trim() === "") return { type: "handled" };
        return { type: "submit", text: this.takeSubmission() };
      case "backspace":
        if (alt || ctrl) b.deleteWordBack();
        else if (!this.deletePlaceholderBefore()) b.backspace();
        return done();
      case "delete":
        b.deleteForward();
        return done();
      case "left":
        if (ctrl || alt) b.wordLeft();
        else b.left();
        return done();
      case "right":
        if (ctrl || alt) b.wordRight();
        else b.right();
        return done();
      case "home":
        b.lineStart();
        return done();
      case "end":
        b.lineEnd();
        return done();
      case "up":
        return this.vertical(-1, width);
      case "down":
        return this.vertical(1, width);
    }
    if (ctrl && !alt) {
      switch (k.name) {
        case "a":
          b.lineStart();
          return done();
        case "e":
          b.lineEnd();
          return done();
        case "b":
          b.left();
          return done();
        case "f":
          b.right();
          return done();
        case "k":
          b.killToLineEnd();
          return done();
        case "u":
          b.killToLineStart();
          return done();
        case "w":
          b.deleteWordBack();
          return done();
        case "y":
          b.yank();
          return done();
        case "h":
          b.backspace();
          return done();
        case "d":
          b.deleteForward();
          return done();
        case "j":
          b.insert("\n");
          return done();
        case "p":
          return this.vertical(-1, width);
        case "n":
          return this.vertical(1, width);
      }
      return { type: "unhandled" };
    }
    if (alt && !ctrl) {
      switch (k.name) {
        case "b":
          b.wordLeft();
          return done();
        case "f":
          b.wordRight();
          return done();
        case "d":
          b.deleteWordForward();
          return done();
      }
      return { type: "unhandled" };
    }
    if (k.text !== undefined && !ctrl && !alt) {
      b.insert(k.text);
      return done();
    }
    return { type: "unhandled" };
  }

  private deletePlaceholderBefore(): boolean {
    const before = this.buffer.text.slice(0, this.buffer.cursor);
    for (const label of this.pastes.keys()) {
      if (before.endsWith(label)) {
        const c = this.buffer.cursor;
        this.buffer.replaceRange(c - label.length, c, "");
        this.pastes.delete(label);
        return true;
      }
    }
    return false;
  }

  private vertical(dir: -1 | 1, width: number): ComposerResult {
    const b = this.buffer;
    const browsing = this.history.canNavigate(b.text);
    if (!browsing || b.text === "") {
      const moved = dir < 0 ? b.up(width - 2) : b.down(width - 2);
      if (moved) {
        this.version++;
        return { type: "handled" };
      }
      if (!browsing) return { type: "handled" };
    }
    const next = dir < 0 ? this.history.older() : this.history.newer();
    if (next === null) return { type: "handled" };
    if (typeof next === "string") {
      this.showRecalled(next);
      return { type: "handled" };
    }
    const index = this.history.currentIndex;
    const version = ++this.version;
    void next.then((text) => {
      // Show it only if nothing happened in the meantime.
      if (this.version !== version || index === null || !this.history.isCurrent(index)) return;
      this.showRecalled(text ?? "");
      this.onAsyncChange();
    });
    return { type: "handled" };
  }

  private showRecalled(text: string): void {
    this.buffer.setText(text);
    this.history.setShown(text);
    this.changed();
  }

  render(width: number, theme: Theme, placeholder: string): ComposerView {
    const prompt = theme.accent(theme.bold("›")) + " ";
    const inner = Math.max(4, width - 2);
    if (this.buffer.isEmpty()) {
      return { lines: [prompt + theme.dim(placeholder)], cursorRow: 0, cursorCol: 2 };
    }
    const layout = this.buffer.layout(inner);
    const labels = [...this.pastes.keys()];
    const lines = layout.rows.map((r, i) => {
      let row = r;
      for (const label of labels) row = row.split(label).join(theme.accent(label));
      return (i === 0 ? prompt : "  ") + row;
    });
    return { lines, cursorRow: layout.cursorRow, cursorCol: layout.cursorCol + 2 };
  }
}
