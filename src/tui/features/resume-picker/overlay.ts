// `/resume` inside the TUI: the picker as a full-screen overlay.
import type { InputEvent, Overlay } from "../../extension.js";
import type { ResumePicker } from "./picker.js";
import type { PickerSession } from "./session-source.js";

export class ResumePickerOverlay implements Overlay {
  constructor(
    readonly picker: ResumePicker,
    private readonly onChoose: (session: PickerSession) => void,
    private readonly onCancel: () => void,
  ) {}

  render(width: number, height: number): string[] {
    return this.picker.render(width, height);
  }

  handleInput(ev: InputEvent): void {
    if (ev.type === "paste") {
      this.picker.paste(ev.text);
      return;
    }
    if (ev.type !== "key") return;
    const result = this.picker.handleKey(ev);
    if (result === "cancel") this.onCancel();
    else if (result === "choose") {
      const session = this.picker.selected();
      if (session) this.onChoose(session);
    }
  }
}
