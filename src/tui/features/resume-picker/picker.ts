// The resume picker's state and full-screen rendering, shared by `codex resume` (before the
// TUI starts) and `/resume` (as an overlay): a filterable list of saved sessions.
import type { KeyEvent, Theme } from "../../extension.js";
import { padEnd, truncate } from "../../terminal/width.js";
import { ListSelection } from "../ui/list-view.js";
import { humanSize, oneLine, relativeTime } from "./format.js";
import { matchesFilter, type PickerSession, type SessionSource } from "./session-source.js";

export type PickerKeyResult = "choose" | "cancel" | "handled" | "ignored";

const TIME_WIDTH = 16;
const SIZE_WIDTH = 8;
const DIR_WIDTH = 28;

function shortenHome(p: string): string {
  const home = process.env.HOME;
  if (home && (p === home || p.startsWith(home + "/"))) return "~" + p.slice(home.length);
  return p;
}

/** Keep the end of a long directory: the last components say the most. */
function tailTruncate(p: string, width: number): string {
  if (p.length <= width) return p;
  return "…" + p.slice(p.length - width + 1);
}

export class ResumePicker {
  filter = "";
  readonly selection = new ListSelection();
  private bodyRows = 10;
  private loadError: string | null = null;

  constructor(
    private readonly source: SessionSource,
    private readonly opts: {
      cwd: string;
      all: boolean;
      theme: Theme;
      /** Called when more sessions arrived in the background. */
      onChange?: () => void;
      now?: () => number;
    },
  ) {}

  /** Load the first page; resolves when it is there. */
  async start(): Promise<void> {
    await this.load(() => this.source.loadMore());
    // The first page may be short (few sessions here): fill the screen from the next ones.
    this.maybeLoadMore();
  }

  visible(): PickerSession[] {
    return this.source.sessions.filter((s) => matchesFilter(s, this.filter));
  }

  selected(): PickerSession | null {
    return this.visible()[this.selection.selected] ?? null;
  }

  private async load(fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.loadError = err instanceof Error ? err.message : String(err);
    }
    this.selection.clamp(this.visible().length);
    this.opts.onChange?.();
  }

  /** Fetch more when the selection nears the end, or a filter leaves too few rows. */
  private maybeLoadMore(): void {
    if (this.source.exhausted) return;
    const count = this.visible().length;
    if (this.selection.selected >= count - 5 || count < this.bodyRows) {
      void this.load(() => this.source.loadMore()).then(() => this.maybeLoadMore());
    }
  }

  handleKey(key: KeyEvent): PickerKeyResult {
    const count = this.visible().length;
    const page = Math.max(1, this.bodyRows - 1);
    if (key.ctrl && key.name === "c") return "cancel";
    switch (key.name) {
      case "escape":
        return "cancel";
      case "enter":
        return this.selected() ? "choose" : "handled";
      case "up":
        this.selection.moveClamped(-1, count);
        break;
      case "down":
        this.selection.moveClamped(1, count);
        break;
      case "pageup":
        this.selection.moveClamped(-page, count);
        break;
      case "pagedown":
        this.selection.moveClamped(page, count);
        break;
      case "home":
        this.selection.selected = 0;
        break;
      case "end":
        this.selection.selected = Math.max(0, count - 1);
        break;
      case "backspace":
        if (this.filter === "") return "handled";
        this.filter = this.filter.slice(0, -1);
        this.selection.reset();
        break;
      default:
        if (key.ctrl && key.name === "u") {
          this.filter = "";
          this.selection.reset();
        } else if (key.text && !key.ctrl && !key.alt) {
          this.filter += key.text;
          this.selection.reset();
        } else {
          return "ignored";
        }
    }
    this.maybeLoadMore();
    return "handled";
  }

  /** Typed text arriving as a paste is a filter too. */
  paste(text: string): void {
    this.filter += text.replace(/\s+/g, " ");
    this.selection.reset();
    this.maybeLoadMore();
  }

  render(width: number, height: number): string[] {
    const t = this.opts.theme;
    const now = this.opts.now?.() ?? Date.now();
    const lines: string[] = [];
    const where = this.opts.all ? "all directories" : shortenHome(this.opts.cwd);
    lines.push(t.bold(truncate(`Resume a session · ${where}`, width)));
    lines.push(
      this.filter === ""
        ? t.dim(truncate("Type to filter", width))
        : truncate(`Filter: ${this.filter}${t.inverse(" ")}`, width),
    );
    const sessions = this.visible();
    const showDir = this.opts.all || sessions.some((s) => !s.here);
    const header =
      padEnd("Started", TIME_WIDTH) +
      padEnd("Size", SIZE_WIDTH) +
      (showDir ? padEnd("Directory", DIR_WIDTH) : "") +
      "First message";
    lines.push(t.dim(truncate(`  ${header}`, width)));
    this.bodyRows = Math.max(1, height - lines.length - 1);
    if (sessions.length === 0) {
      const empty = this.loadError
        ? t.red(`Could not list sessions: ${this.loadError}`)
        : !this.source.exhausted
          ? t.dim("Loading sessions…")
          : this.filter !== ""
            ? t.dim(`No session matches "${this.filter}".`)
            : t.dim("No saved sessions yet.");
      lines.push(truncate(`  ${empty}`, width));
    } else {
      const top = this.selection.scrollInto(this.bodyRows, sessions.length);
      for (const s of sessions.slice(top, top + this.bodyRows)) {
        const selected = s === sessions[this.selection.selected];
        const dir = showDir
          ? padEnd(
              s.here && !this.opts.all
                ? "."
                : tailTruncate(shortenHome(s.cwd ?? "?"), DIR_WIDTH - 2),
              DIR_WIDTH,
            )
          : "";
        const row =
          padEnd(relativeTime(s.timestamp, now), TIME_WIDTH) +
          padEnd(humanSize(s.sizeBytes), SIZE_WIDTH) +
          dir +
          oneLine(s.firstUserMessage);
        const text = truncate(row, width - 2);
        lines.push(
          selected
            ? t.accent("› ") + t.bold(text)
            : "  " + (s.here || this.opts.all ? text : t.dim(text)),
        );
      }
    }
    while (lines.length < height - 1) lines.push("");
    const more = this.source.exhausted ? "" : " · more below";
    lines.push(
      t.dim(
        truncate(`↑/↓ choose · Enter resume · Esc cancel · ${sessions.length} shown${more}`, width),
      ),
    );
    return lines.slice(0, height);
  }
}
