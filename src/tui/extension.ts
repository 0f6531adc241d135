// The contract between the TUI app and its pluggable features (src/tui/features/**).
// Features import types from here only; see src/tui/README.md for the key dispatch order.
import type { Config } from "../config/types.js";
import type { InitialHistory } from "../core/index.js";
import type {
  AskForApproval,
  Event,
  Op,
  ReasoningEffort,
  SandboxPolicy,
} from "../protocol/index.js";
import type { InputEvent, KeyEvent } from "./terminal/keys.js";
import type { Theme } from "./terminal/theme.js";

export type { InputEvent, KeyEvent, PasteEvent, FocusEvent } from "./terminal/keys.js";
export type { Theme } from "./terminal/theme.js";

/** One finished entry of the transcript, written once into the scrollback. */
export interface HistoryCell {
  /** "user", "agent", "reasoning", "exec", "patch", "plan", "mcp", "web_search", "info", "error", … */
  readonly kind: string;
  /** Lines for the inline transcript (ANSI-styled, each at most `width` columns). */
  render(width: number): string[];
  /** The untruncated form for the transcript overlay (e.g. all of a command's output). */
  renderFull?(width: number): string[];
  /** For user cells: the message as typed (backtrack pre-fills the composer with it). */
  readonly text?: string;
}

/** Drawn above the composer inside the live region. */
export interface Popup {
  render(width: number): string[];
  /** Return true to consume the key. */
  handleKey(key: KeyEvent): boolean;
}

/** A full-screen view on the alternate screen. */
export interface Overlay {
  /** At most `height` lines. */
  render(width: number, height: number): string[];
  handleInput(ev: InputEvent): void;
  /** Called when the overlay is closed (by itself or by the app). */
  onClose?(): void;
}

/** Return true to consume the key. */
export type KeyHandler = (key: KeyEvent) => boolean;

export interface SlashCommand {
  /** Without the slash, e.g. "diff" or "prompts:fix". */
  name: string;
  description: string;
  /** Shown dimmed in the popup when the command is unavailable while a turn runs. */
  availableDuringTask?: boolean;
  run(api: TuiApi, args: string): void | Promise<void>;
}

export interface ComposerApi {
  text(): string;
  /** Cursor as an offset into text() (UTF-16 units). */
  cursor(): number;
  setText(text: string, cursor?: number): void;
  replaceRange(start: number, end: number, text: string): void;
  onChange(listener: () => void): () => void;
}

export interface SessionInfo {
  sessionId: string;
  rolloutPath: string | null;
  model: string;
  effort: ReasoningEffort | null;
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  cwd: string;
}

export interface NewSessionOptions {
  initialHistory?: InitialHistory;
  /** Text put into the composer once the new session is ready. */
  prefill?: string;
}

/** Everything a feature may do with the running app. */
export interface TuiApi {
  readonly config: Config;
  readonly theme: Theme;
  readonly session: SessionInfo;
  readonly composer: ComposerApi;
  /** Terminal size now. */
  size(): { columns: number; rows: number };
  submit(op: Op): string;
  /** Called for every core event, after the app has handled it. */
  onEvent(listener: (ev: Event) => void): () => void;
  isTaskRunning(): boolean;
  setPopup(popup: Popup | null): void;
  openOverlay(overlay: Overlay): void;
  closeOverlay(): void;
  addKeyHandler(handler: KeyHandler, priority?: number): () => void;
  registerSlashCommand(cmd: SlashCommand): void;
  slashCommands(): SlashCommand[];
  /** Commit a cell to the transcript (and the scrollback). */
  addCell(cell: HistoryCell): void;
  transcript(): readonly HistoryCell[];
  /** Clear screen and scrollback and rewrite these cells (backtrack). */
  replaceTranscript(cells: HistoryCell[]): void;
  newSession(opts?: NewSessionOptions): Promise<void>;
  /** Submit text as if typed in the composer (slash commands included). */
  submitText(text: string): void;
  requestRedraw(): void;
  exit(): void;
}
