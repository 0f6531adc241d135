// Part B of the TUI: `@` file search, slash commands, Esc-Esc backtrack, overlays and the
// resume picker. The app calls `installFeatures` once the session is configured.
import type { TuiApi } from "../extension.js";
import { BacktrackFeature } from "./backtrack/feature.js";
import { installElicitation } from "./elicitation/feature.js";
import { FileSearchFeature } from "./file-search/feature.js";
import { installOverlayKeys } from "./overlays/feature.js";
import { openResumePicker } from "./resume-picker/feature.js";
import { SlashFeature } from "./slash/feature.js";
import { PopupSlot } from "./ui/popup-slot.js";

export { openDiffOverlay, openHelpOverlay, openTranscriptOverlay } from "./overlays/feature.js";
export { openResumePicker } from "./resume-picker/feature.js";

/** Installs every feature; returns a function that removes them again. */
export function installFeatures(api: TuiApi): () => void {
  const slot = new PopupSlot(api);
  const removers = [
    new SlashFeature(api, slot, { slot, openResumePicker: () => openResumePicker(api) }).install(),
    new FileSearchFeature(api, slot).install(),
    new BacktrackFeature(api, slot).install(),
    installOverlayKeys(api),
    installElicitation(api),
  ];
  return () => {
    for (const remove of removers) remove();
  };
}
