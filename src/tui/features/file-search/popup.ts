// The `@` popup: shows the best matches for the word after `@` while the user types; Up/Down
// choose, Tab or Enter put the path in place of the `@word`, Esc closes it.
import type { KeyEvent, Popup, Theme } from "../../extension.js";
import { truncate } from "../../terminal/width.js";
import { ListSelection, renderList } from "../ui/list-view.js";
import type { SearchSnapshot } from "./search.js";

export const FILE_POPUP_ROWS = 8;

export interface FilePopupHandlers {
  /** Insert the chosen path. */
  accept(path: string): void;
  /** Close without inserting. */
  dismiss(): void;
}

function isMove(key: KeyEvent): -1 | 1 | 0 {
  if (key.name === "up" || (key.ctrl && key.name === "p")) return -1;
  if (key.name === "down" || (key.ctrl && key.name === "n")) return 1;
  return 0;
}

/**
 * A path too long for the row keeps its end (the file name matters most): `…` + tail, with the
 * highlight positions moved along.
 */
export function fitPath(
  path: string,
  positions: readonly number[],
  room: number,
): { label: string; highlight: number[] } {
  if (path.length <= room || room < 4) return { label: path, highlight: [...positions] };
  const cut = path.length - (room - 1);
  return {
    label: `…${path.slice(cut)}`,
    highlight: positions.filter((p) => p >= cut).map((p) => p - cut + 1),
  };
}

export class FileSearchPopup implements Popup {
  private snapshot: SearchSnapshot | null = null;
  private readonly selection = new ListSelection();
  private lastQuery: string | null = null;

  constructor(
    private readonly theme: Theme,
    private readonly handlers: FilePopupHandlers,
  ) {}

  /** New results (or the same query refined): keep the selection on screen. */
  update(snapshot: SearchSnapshot): void {
    if (snapshot.query !== this.lastQuery) this.selection.reset();
    this.lastQuery = snapshot.query;
    this.snapshot = snapshot;
    this.selection.clamp(snapshot.matches.length);
  }

  selectedPath(): string | null {
    return this.snapshot?.matches[this.selection.selected]?.path ?? null;
  }

  handleKey(key: KeyEvent): boolean {
    const delta = isMove(key);
    if (delta !== 0) {
      this.selection.move(delta, this.snapshot?.matches.length ?? 0);
      return true;
    }
    if (key.name === "escape") {
      this.handlers.dismiss();
      return true;
    }
    if ((key.name === "tab" || key.name === "enter") && !key.shift && !key.alt && !key.ctrl) {
      const path = this.selectedPath();
      if (path === null) {
        // Nothing to insert: Tab does nothing; Enter falls through and submits as typed.
        return key.name === "tab";
      }
      this.handlers.accept(path);
      return true;
    }
    return false;
  }

  render(width: number): string[] {
    const t = this.theme;
    const snap = this.snapshot;
    if (!snap || snap.query === "") {
      return [t.dim(truncate("  Type to search files; Esc to cancel", width))];
    }
    const lines = renderList(
      snap.matches.map((m) => fitPath(m.path, m.positions, width - 2)),
      this.selection,
      width,
      FILE_POPUP_ROWS,
      t,
    );
    if (snap.error && snap.matches.length === 0) {
      lines.push(t.red(truncate(`  ${snap.error}`, width)));
    } else if (lines.length === 0) {
      lines.push(t.dim(truncate(snap.indexing ? "  Searching…" : "  No matching files", width)));
    } else if (snap.indexing) {
      lines.push(
        t.dim(truncate(`  indexing… ${snap.indexed.toLocaleString("en-US")} files`, width)),
      );
    }
    return lines;
  }
}
