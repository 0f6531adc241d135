// Desktop notifications while the terminal is unfocused: OSC 9 where the terminal shows it,
// else BEL. Filtered by `tui.notifications` (true/false, or a list of kinds).
export type NotificationKind = "agent-turn-complete" | "approval-requested";

const OSC9_TERMINALS = new Set(["iTerm.app", "WezTerm", "ghostty", "vscode", "Apple_Terminal"]);

export function notificationMethod(env: NodeJS.ProcessEnv): "osc9" | "bel" {
  const forced = env.CODEX_TS_NOTIFICATION_METHOD;
  if (forced === "osc9" || forced === "bel") return forced;
  if (OSC9_TERMINALS.has(env.TERM_PROGRAM ?? "")) return "osc9";
  if ((env.TERM ?? "").includes("kitty") || env.KITTY_WINDOW_ID) return "osc9";
  return "bel";
}

export function notificationAllowed(setting: boolean | string[], kind: NotificationKind): boolean {
  return Array.isArray(setting) ? setting.includes(kind) : setting;
}

export class Notifier {
  /** Unknown until the terminal reports focus; terminals without focus reporting never notify. */
  private focused = true;

  constructor(
    private readonly write: (s: string) => void,
    private readonly setting: boolean | string[],
    private readonly method: "osc9" | "bel",
  ) {}

  setFocused(focused: boolean): void {
    this.focused = focused;
  }

  get isFocused(): boolean {
    return this.focused;
  }

  /** Returns whether a notification was sent. */
  notify(kind: NotificationKind, message: string): boolean {
    if (this.focused || !notificationAllowed(this.setting, kind)) return false;
    // OSC payloads end at BEL/ESC; keep the text on one line without control characters.
    const text = message.replace(/[\x00-\x1f\x7f]+/g, " ").slice(0, 200);
    this.write(this.method === "osc9" ? `\x1b]9;${text}\x07` : "\x07");
    return true;
  }
}
