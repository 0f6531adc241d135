// A scrolling single-selection list rendered to lines: the body of every popup and picker here
// (file matches, slash commands, model/approval/review choices, sessions).
import type { Theme } from "../../extension.js";
import { padEnd, stringWidth, truncate } from "../../terminal/width.js";

export interface ListRow {
  label: string;
  description?: string;
  /** Marks the current setting ("(current)"). */
  current?: boolean;
  /** Shown dimmed (e.g. unavailable while a turn runs). */
  disabled?: boolean;
  /** Indices of `label` characters to emphasise (fuzzy matches). */
  highlight?: readonly number[];
}

/** Which row is selected and which rows are on screen. */
export class ListSelection {
  selected = 0;
  top = 0;

  /** Clamp after the row count changed (e.g. new search results). */
  clamp(count: number): void {
    if (count === 0) {
      this.selected = 0;
      this.top = 0;
      return;
    }
    this.selected = Math.min(Math.max(0, this.selected), count - 1);
    this.top = Math.min(this.top, this.selected);
  }

  /** Move by `delta` rows, wrapping around at either end. */
  move(delta: number, count: number): void {
    if (count === 0) return;
    this.selected = (((this.selected + delta) % count) + count) % count;
  }

  /** Move by `delta` rows without wrapping (page keys). */
  moveClamped(delta: number, count: number): void {
    if (count === 0) return;
    this.selected = Math.min(count - 1, Math.max(0, this.selected + delta));
  }

  reset(): void {
    this.selected = 0;
    this.top = 0;
  }

  /** Scroll so the selected row is within `visible` rows; returns the first visible index. */
  scrollInto(visible: number, count: number): number {
    if (this.selected < this.top) this.top = this.selected;
    if (this.selected >= this.top + visible) this.top = this.selected - visible + 1;
    this.top = Math.max(0, Math.min(this.top, Math.max(0, count - visible)));
    return this.top;
  }
}

function highlightLabel(
  label: string,
  positions: readonly number[] | undefined,
  theme: Theme,
): string {
  if (!positions || positions.length === 0) return label;
  const marks = new Set(positions);
  let out = "";
  let run = "";
  let inMatch = false;
  for (let i = 0; i < label.length; i++) {
    const hit = marks.has(i);
    if (hit !== inMatch && run !== "") {
      out += inMatch ? theme.bold(theme.accent(run)) : run;
      run = "";
    }
    inMatch = hit;
    run += label[i];
  }
  out += inMatch ? theme.bold(theme.accent(run)) : run;
  return out;
}

/**
 * At most `maxRows` lines: the visible rows, the selected one marked with `›`. Descriptions
 * line up in a column after the widest visible label.
 */
export function renderList(
  rows: readonly ListRow[],
  selection: ListSelection,
  width: number,
  maxRows: number,
  theme: Theme,
): string[] {
  if (rows.length === 0 || maxRows <= 0) return [];
  const visible = Math.min(maxRows, rows.length);
  const top = selection.scrollInto(visible, rows.length);
  const shown = rows.slice(top, top + visible);
  const labelWidth = Math.min(
    Math.max(...shown.map((r) => stringWidth(r.label) + (r.current ? 10 : 0))),
    Math.max(10, Math.floor(width * 0.6)),
  );
  return shown.map((row, k) => {
    const selected = top + k === selection.selected;
    const marker = selected ? theme.accent("› ") : "  ";
    let label = highlightLabel(row.label, row.highlight, theme);
    if (row.current) label += theme.dim(" (current)");
    const room = width - 2 - labelWidth - 2;
    const hasDescription = !!row.description && room > 3;
    label = truncate(label, hasDescription ? labelWidth : width - 2);
    if (hasDescription) label = padEnd(label, labelWidth);
    if (selected) label = theme.bold(label);
    if (row.disabled) label = theme.dim(label);
    const description = hasDescription ? `  ${theme.dim(truncate(row.description!, room))}` : "";
    return truncate(marker + label + description, width);
  });
}
