// The app's own keys, after overlays, approvals, popups and feature handlers had their turn:
// Ctrl-C (interrupt / clear / quit on a second press), Ctrl-D, Ctrl-Z, Ctrl-L and Esc.
import type { KeyEvent } from "../terminal/keys.js";

export interface DefaultKeyHost {
  isTaskRunning(): boolean;
  interrupt(): void;
  exit(): void;
  composerText(): string;
  clearComposer(): void;
  suspend(): void;
  clearScreen(): void;
}

/** A second Ctrl-C within this time quits. */
const QUIT_WINDOW_MS = 3000;

export class DefaultKeys {
  /** Shown in the footer instead of the key hints. */
  hint: string | null = null;
  private quitArmedAt = 0;

  constructor(private readonly host: DefaultKeyHost) {}

  /** Returns true when the key was taken. */
  handle(k: KeyEvent): boolean {
    const h = this.host;
    if (!(k.ctrl && k.name === "c")) this.hint = null;
    if (k.ctrl && !k.alt) {
      switch (k.name) {
        case "c":
          this.ctrlC();
          return true;
        case "d":
          if (h.composerText() !== "") return false;
          h.exit();
          return true;
        case "z":
          h.suspend();
          return true;
        case "l":
          h.clearScreen();
          return true;
      }
    }
    if (k.name === "escape" && !k.ctrl && !k.alt) {
      if (h.isTaskRunning()) h.interrupt();
      return true;
    }
    return false;
  }

  private ctrlC(): void {
    const h = this.host;
    if (h.isTaskRunning()) return h.interrupt();
    if (h.composerText() !== "") return h.clearComposer();
    if (this.hint && Date.now() - this.quitArmedAt < QUIT_WINDOW_MS) return h.exit();
    this.quitArmedAt = Date.now();
    this.hint = "ctrl+c again to quit";
  }
}
