// The `/` popup: lists the commands matching what follows `/`; Up/Down choose, Tab completes
// the name, Enter runs the selected command, Esc closes the popup.
import type { KeyEvent, Popup, SlashCommand, Theme } from "../../extension.js";
import { ListSelection, renderList } from "../ui/list-view.js";
import { filterCommands, type FilteredCommand } from "./filter.js";

export const SLASH_POPUP_ROWS = 8;

export interface SlashPopupHandlers {
  /** Put `/name ` in the composer. */
  complete(name: string): void;
  /** Run the command (with whatever arguments follow the name in the composer). */
  run(name: string): void;
  dismiss(): void;
}

export class SlashPopup implements Popup {
  private matches: FilteredCommand<SlashCommand>[] = [];
  private readonly selection = new ListSelection();
  private filter: string | null = null;

  constructor(
    private readonly theme: Theme,
    private readonly handlers: SlashPopupHandlers,
    private readonly taskRunning: () => boolean,
  ) {}

  /** Refilter; returns how many commands match. */
  update(commands: readonly SlashCommand[], filter: string): number {
    if (filter !== this.filter) this.selection.reset();
    this.filter = filter;
    this.matches = filterCommands(commands, filter);
    this.selection.clamp(this.matches.length);
    return this.matches.length;
  }

  selectedName(): string | null {
    return this.matches[this.selection.selected]?.command.name ?? null;
  }

  handleKey(key: KeyEvent): boolean {
    if (key.name === "up" || (key.ctrl && key.name === "p")) {
      this.selection.move(-1, this.matches.length);
      return true;
    }
    if (key.name === "down" || (key.ctrl && key.name === "n")) {
      this.selection.move(1, this.matches.length);
      return true;
    }
    if (key.name === "escape") {
      this.handlers.dismiss();
      return true;
    }
    const name = this.selectedName();
    if (key.name === "tab" && name !== null) {
      this.handlers.complete(name);
      return true;
    }
    if (key.name === "enter" && !key.shift && !key.alt && !key.ctrl && name !== null) {
      this.handlers.run(name);
      return true;
    }
    return false;
  }

  render(width: number): string[] {
    const busy = this.taskRunning();
    return renderList(
      this.matches.map(({ command, positions }) => ({
        label: `/${command.name}`,
        description: command.description,
        highlight: positions.map((p) => p + 1),
        disabled: busy && !command.availableDuringTask,
      })),
      this.selection,
      width,
      SLASH_POPUP_ROWS,
      this.theme,
    );
  }
}
