// Esc-Esc backtrack in the app: the hint while primed, the transcript preview, and the fork.
import type { HistoryCell, KeyEvent, Popup, TuiApi } from "../../extension.js";
import { truncate } from "../../terminal/width.js";
import { TranscriptOverlay } from "../overlays/transcript.js";
import { FeatureErrorCell } from "../ui/cells.js";
import type { PopupSlot } from "../ui/popup-slot.js";
import { forkBeforeUserMessage } from "./fork.js";
import {
  IDLE,
  backtrackStep,
  type BacktrackEffect,
  type BacktrackEvent,
  type BacktrackState,
} from "./state.js";

const OWNER = "backtrack";
export const BACKTRACK_HINT = "Esc again to edit a previous message";
/** Above the app's defaults and the other features' handlers: Esc must reach us first. */
export const BACKTRACK_KEY_PRIORITY = 100;

function plainKey(key: KeyEvent, name: string): boolean {
  return key.name === name && !key.ctrl && !key.alt && !key.shift;
}

export class BacktrackFeature {
  private state: BacktrackState = IDLE;
  private overlay: TranscriptOverlay | null = null;
  /** The app's transcript when the preview opened (forking trims it). */
  private snapshot: readonly HistoryCell[] = [];

  constructor(
    private readonly api: TuiApi,
    private readonly slot: PopupSlot,
  ) {}

  get currentState(): BacktrackState {
    return this.state;
  }

  install(): () => void {
    return this.api.addKeyHandler((key) => this.onKey(key), BACKTRACK_KEY_PRIORITY);
  }

  private userCount(): number {
    return this.api.transcript().filter((c) => c.kind === "user").length;
  }

  private escapeEvent(): BacktrackEvent {
    return {
      type: "escape",
      composerEmpty: this.api.composer.text() === "",
      taskRunning: this.api.isTaskRunning(),
      userMessages: this.userCount(),
    };
  }

  /** Key handler (chain step 4): only Esc matters while idle. */
  private onKey(key: KeyEvent): boolean {
    if (this.state.mode !== "idle") return false;
    if (!plainKey(key, "escape")) return false;
    return this.dispatch(this.escapeEvent());
  }

  private dispatch(event: BacktrackEvent): boolean {
    const step = backtrackStep(this.state, event);
    this.state = step.state;
    for (const effect of step.effects) this.apply(effect);
    this.api.requestRedraw();
    return step.consumed;
  }

  private hintPopup(): Popup {
    return {
      render: (width) => [this.api.theme.dim(truncate(`  ${BACKTRACK_HINT}`, width))],
      handleKey: (key) =>
        this.dispatch(plainKey(key, "escape") ? this.escapeEvent() : { type: "other" }),
    };
  }

  private apply(effect: BacktrackEffect): void {
    switch (effect.type) {
      case "show_hint":
        if (!this.slot.show(OWNER, this.hintPopup())) this.state = IDLE;
        break;
      case "hide_hint":
        this.slot.close(OWNER);
        break;
      case "open_preview":
        this.openPreview();
        break;
      case "select":
        break;
      case "close_preview":
        this.closePreview();
        break;
      case "fork":
        void this.fork(effect.selected);
        break;
    }
  }

  private openPreview(): void {
    this.snapshot = [...this.api.transcript()];
    const overlay = new TranscriptOverlay(
      () => this.snapshot,
      this.api.theme,
      () => this.dispatch({ type: "close" }),
      {
        selected: () => (this.state.mode === "preview" ? this.state.selected : -1),
        handleKey: (key) => this.previewKey(key),
      },
      () => {
        // Also reached when the app closes the overlay itself: forget the preview then.
        if (this.overlay === overlay) {
          this.overlay = null;
          this.state = IDLE;
        }
      },
    );
    this.overlay = overlay;
    this.api.openOverlay(overlay);
  }

  private previewKey(key: KeyEvent): boolean {
    if (plainKey(key, "escape") || plainKey(key, "left")) return this.dispatch({ type: "older" });
    if (plainKey(key, "right")) return this.dispatch({ type: "newer" });
    if (plainKey(key, "enter")) return this.dispatch({ type: "enter" });
    if (plainKey(key, "q") || (key.ctrl && key.name === "c"))
      return this.dispatch({ type: "close" });
    return false;
  }

  private closePreview(): void {
    if (!this.overlay) return;
    this.overlay = null;
    this.api.closeOverlay();
  }

  private async fork(selected: number): Promise<void> {
    const cells = this.snapshot;
    const userIndices: number[] = [];
    cells.forEach((cell, i) => cell.kind === "user" && userIndices.push(i));
    const cellIndex = userIndices[selected];
    if (cellIndex === undefined) return;
    const prefill = cells[cellIndex]!.text ?? "";
    const rolloutPath = this.api.session.rolloutPath;
    try {
      if (!rolloutPath) {
        throw new Error(
          "This session is not saved to a rollout file (ephemeral), so it cannot be forked.",
        );
      }
      const initialHistory = await forkBeforeUserMessage(rolloutPath, selected, userIndices.length);
      await this.api.newSession({ initialHistory, prefill });
      // The kept cells open with the old session's header; show the new one's instead (the
      // model and permissions it runs with).
      const header = this.api.transcript().findLast((c) => c.kind === "header");
      const kept = cells.slice(0, cellIndex);
      const at = kept.findLastIndex((c) => c.kind === "header");
      if (header && at >= 0) kept[at] = header;
      this.api.replaceTranscript(kept);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.api.addCell(
        new FeatureErrorCell(`Could not edit the previous message: ${message}`, this.api.theme),
      );
    }
    this.api.requestRedraw();
  }
}
