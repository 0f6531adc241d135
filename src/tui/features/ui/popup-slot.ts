// The app has one popup slot; several features here want it (file search, slash commands,
// pickers, the backtrack hint). This tracks who holds it so one feature closing its popup
// never removes another's.
import type { Popup, TuiApi } from "../../extension.js";

export class PopupSlot {
  private owner: string | null = null;
  private current: Popup | null = null;

  constructor(private readonly api: Pick<TuiApi, "setPopup" | "requestRedraw">) {}

  /** Show `popup` for `owner` unless a higher-priority owner holds the slot. */
  show(owner: string, popup: Popup, opts: { force?: boolean } = {}): boolean {
    if (this.owner !== null && this.owner !== owner && !opts.force) return false;
    this.owner = owner;
    this.current = popup;
    this.api.setPopup(popup);
    this.api.requestRedraw();
    return true;
  }

  /** Close the popup if `owner` holds the slot. */
  close(owner: string): void {
    if (this.owner !== owner) return;
    this.owner = null;
    this.current = null;
    this.api.setPopup(null);
    this.api.requestRedraw();
  }

  isOwnedBy(owner: string): boolean {
    return this.owner === owner;
  }

  get holder(): string | null {
    return this.owner;
  }

  get popup(): Popup | null {
    return this.current;
  }
}
