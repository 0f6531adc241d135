// `/resume` in the TUI: pick a session in an overlay, then continue it in place of this one.
import { loadResumedHistory } from "../../../session/index.js";
import type { TuiApi } from "../../extension.js";
import { FeatureErrorCell } from "../ui/cells.js";
import { ResumePickerOverlay } from "./overlay.js";
import { ResumePicker } from "./picker.js";
import { SessionSource } from "./session-source.js";

export function openResumePicker(api: TuiApi, opts: { all?: boolean } = {}): void {
  const all = opts.all ?? false;
  const cwd = api.session.cwd;
  const source = new SessionSource({ codexHome: api.config.codexHome, cwd, all });
  const picker = new ResumePicker(source, {
    cwd,
    all,
    theme: api.theme,
    onChange: () => api.requestRedraw(),
  });
  const overlay = new ResumePickerOverlay(
    picker,
    (session) => {
      api.closeOverlay();
      void resumeInPlace(api, session.id);
    },
    () => api.closeOverlay(),
  );
  api.openOverlay(overlay);
  void picker.start();
}

async function resumeInPlace(api: TuiApi, id: string): Promise<void> {
  try {
    const initialHistory = await loadResumedHistory(api.config.codexHome, { id });
    await api.newSession({ initialHistory });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    api.addCell(new FeatureErrorCell(`Could not resume session ${id}: ${message}`, api.theme));
  }
  api.requestRedraw();
}
