// Keys that open the full-screen overlays: Ctrl-T (transcript) and `?` on an empty composer
// (help). The diff viewer is opened by `/diff` through `openDiffOverlay`.
import type { KeyEvent, TuiApi } from "../../extension.js";
import { DiffOverlay } from "./diff.js";
import { HelpOverlay } from "./help.js";
import { TranscriptOverlay } from "./transcript.js";

export const OVERLAY_KEY_PRIORITY = 50;

export function openTranscriptOverlay(api: TuiApi): void {
  api.openOverlay(
    new TranscriptOverlay(
      () => api.transcript(),
      api.theme,
      () => api.closeOverlay(),
    ),
  );
}

export function openHelpOverlay(api: TuiApi): void {
  api.openOverlay(new HelpOverlay(api.slashCommands(), api.theme, () => api.closeOverlay()));
}

/** Show a unified diff (e.g. the turn diff or `git diff`) full-screen. */
export function openDiffOverlay(api: TuiApi, diff: string, title = "Diff"): void {
  api.openOverlay(new DiffOverlay(diff, api.theme, () => api.closeOverlay(), title));
}

export function installOverlayKeys(api: TuiApi): () => void {
  return api.addKeyHandler((key: KeyEvent) => {
    if (key.ctrl && !key.alt && key.name === "t") {
      openTranscriptOverlay(api);
      return true;
    }
    if (key.name === "?" && !key.ctrl && !key.alt && api.composer.text() === "") {
      openHelpOverlay(api);
      return true;
    }
    return false;
  }, OVERLAY_KEY_PRIORITY);
}
