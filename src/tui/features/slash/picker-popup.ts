// A picker (model, effort, approval mode, review target…) shown in the popup slot: Up/Down or
// a digit choose, Enter confirms, Esc closes.
import type { KeyEvent, Popup, Theme } from "../../extension.js";
import { truncate } from "../../terminal/width.js";
import { ListSelection, renderList } from "../ui/list-view.js";
import type { Picker, PickerItem } from "./actions.js";

export const PICKER_ROWS = 8;

export class PickerPopup implements Popup {
  readonly selection = new ListSelection();

  constructor(
    readonly picker: Picker,
    private readonly theme: Theme,
    private readonly onChoose: (item: PickerItem) => void,
    private readonly onCancel: () => void,
  ) {
    const current = picker.items.findIndex((item) => item.current);
    if (current >= 0) this.selection.selected = current;
  }

  handleKey(key: KeyEvent): boolean {
    const count = this.picker.items.length;
    if (key.name === "up" || (key.ctrl && key.name === "p") || key.name === "k") {
      this.selection.move(-1, count);
      return true;
    }
    if (key.name === "down" || (key.ctrl && key.name === "n") || key.name === "j") {
      this.selection.move(1, count);
      return true;
    }
    if (key.name === "pageup") {
      this.selection.moveClamped(-PICKER_ROWS, count);
      return true;
    }
    if (key.name === "pagedown") {
      this.selection.moveClamped(PICKER_ROWS, count);
      return true;
    }
    if (key.name === "escape" || (key.ctrl && key.name === "c")) {
      this.onCancel();
      return true;
    }
    if (key.name === "enter") {
      const item = this.picker.items[this.selection.selected];
      if (item) this.onChoose(item);
      else this.onCancel();
      return true;
    }
    if (/^[1-9]$/.test(key.name) && !key.ctrl && !key.alt) {
      const item = this.picker.items[Number(key.name) - 1];
      if (item) this.onChoose(item);
      return true;
    }
    // The picker is modal: other keys do nothing rather than editing a hidden composer line.
    return true;
  }

  render(width: number): string[] {
    const t = this.theme;
    const lines = [t.bold(truncate(this.picker.title, width))];
    if (this.picker.hint) lines.push(t.dim(truncate(this.picker.hint, width)));
    if (this.picker.items.length === 0) {
      lines.push(t.dim(truncate(`  ${this.picker.emptyText ?? "Nothing to choose from."}`, width)));
    } else {
      const rows = this.picker.items.map((item, i) => ({
        label: `${i < 9 ? `${i + 1}. ` : "   "}${item.label}`,
        description: item.description,
        current: item.current,
      }));
      lines.push(...renderList(rows, this.selection, width, PICKER_ROWS, t));
    }
    lines.push(t.dim(truncate("Enter to confirm · Esc to go back", width)));
    return lines;
  }
}
