// The running TUI: owns the conversation, the chat state, the composer, the approval modal and
// the render loop, and dispatches input along the chain documented in src/tui/README.md.
import { existsSync } from "node:fs";
import type { Config } from "../../config/types.js";
import type { Conversation, NewConversation } from "../../core/index.js";
import type { Event, Op, UserInput } from "../../protocol/index.js";
import { CLI_VERSION } from "../../version.js";
import { HeaderCell, type HeaderInfo } from "../cells/header.js";
import { UserMessageCell } from "../cells/message.js";
import { NoticeCell } from "../cells/notice.js";
import { Composer } from "../composer/composer.js";
import { PromptHistory } from "../composer/prompt-history.js";
import type {
  HistoryCell,
  KeyHandler,
  NewSessionOptions,
  Overlay,
  Popup,
  SessionInfo,
  SlashCommand,
  TuiApi,
} from "../extension.js";
import type { InputEvent, KeyEvent } from "../terminal/keys.js";
import type { Frame, Screen } from "../terminal/screen.js";
import type { TerminalIO } from "../terminal/terminal-io.js";
import type { Theme } from "../terminal/theme.js";
import { ApprovalFlow } from "./approval-flow.js";
import { ChatState } from "./chat.js";
import { DefaultKeys } from "./default-keys.js";
import { MessageQueue } from "./message-queue.js";
import { exitSummary, liveFrame, overlayOutput } from "./frame.js";
import type { Notifier } from "./notifications.js";
import { handleSubmittedText } from "./submit.js";

/** Streaming frames are throttled to this interval (≈30 fps). */
const FRAME_MS = 33;
/** Spinner and elapsed-time refresh while something runs. */
const TICK_MS = 100;

/** What the user chose during a session (`/model`, `/approvals`), kept for the next one. */
export type SessionChoices = Pick<
  SessionInfo,
  "model" | "effort" | "approvalPolicy" | "sandboxPolicy"
>;

export interface SessionStarter {
  (opts: NewSessionOptions, carry?: SessionChoices): Promise<NewConversation>;
}

/** Whether a session's rollout file exists (a session that never ran a turn has none). */
function isSaved(s: SessionInfo | undefined): boolean {
  return !!s?.rolloutPath && existsSync(s.rolloutPath);
}

export interface AppDeps {
  config: Config;
  theme: Theme;
  io: TerminalIO;
  screen: Screen;
  notifier: Notifier;
  startSession: SessionStarter;
  history: (sessionConfigured: NewConversation["sessionConfigured"]) => PromptHistory;
}

export class App implements TuiApi {
  readonly composer: TuiApi["composer"];
  readonly config: Config;
  readonly theme: Theme;
  session!: SessionInfo;
  private conversation: Conversation | null = null;
  chat: ChatState;
  private input: Composer;
  private cells: HistoryCell[] = [];
  private readonly approvals: ApprovalFlow;
  private popup: Popup | null = null;
  private overlay: Overlay | null = null;
  private keyHandlers: { handler: KeyHandler; priority: number }[] = [];
  private commands = new Map<string, SlashCommand>();
  private eventListeners = new Set<(ev: Event) => void>();
  private composerListeners = new Set<() => void>();
  private readonly queue = new MessageQueue();
  private readonly defaultKeys: DefaultKeys;
  private tick = 0;
  private ticker: NodeJS.Timeout | null = null;
  private frameTimer: NodeJS.Timeout | null = null;
  private lastFrame = 0;
  private exiting = false;
  private exitResolve!: () => void;
  readonly exited = new Promise<void>((r) => (this.exitResolve = r));
  /** False until the first session is configured and `markReady` was called. */
  private ready = false;
  /** The latest earlier session of this run that has a rollout file (for the exit hint). */
  private lastSaved: SessionInfo | undefined;
  /** Frames rendered (benchmarks). */
  frames = 0;

  constructor(private readonly deps: AppDeps) {
    this.config = deps.config;
    this.theme = deps.theme;
    this.chat = this.newChat();
    this.approvals = new ApprovalFlow(
      () => this.chat,
      this.theme,
      deps.notifier,
      (op) => this.submit(op),
      (c) => this.addCell(c),
    );
    this.defaultKeys = new DefaultKeys({
      isTaskRunning: () => this.isTaskRunning(),
      interrupt: () => this.submit({ type: "interrupt" }),
      exit: () => this.exit(),
      composerText: () => this.input.text,
      clearComposer: () => this.input.clear(),
      suspend: () =>
        this.deps.io.suspend(() => {
          this.deps.screen.reset();
          this.render();
        }),
      clearScreen: () => {
        this.deps.screen.write("\x1b[H\x1b[2J");
        this.deps.screen.reset();
      },
    });
    this.input = new Composer(new PromptHistory(null, 0), () => this.requestRedraw());
    this.input.onChange(() => {
      for (const l of this.composerListeners) l();
    });
    this.composer = {
      text: () => this.input.text,
      cursor: () => this.input.buffer.cursor,
      setText: (t, c) => {
        this.input.setText(t, c);
        this.requestRedraw();
      },
      replaceRange: (s, e, t) => {
        this.input.replaceRange(s, e, t);
        this.requestRedraw();
      },
      onChange: (l) => {
        this.composerListeners.add(l);
        return () => this.composerListeners.delete(l);
      },
    };
  }

  // ---- lifecycle -------------------------------------------------------------------------

  /**
   * Paint the header and the composer from the config right away (typing works from the first
   * frame), then start the first conversation; resolves once it is configured.
   */
  async start(opts: NewSessionOptions = {}): Promise<void> {
    const c = this.config;
    this.addCell(
      this.header({
        model: c.model,
        effort: c.modelReasoningEffort ?? c.modelFamily.defaultReasoningEffort,
        cwd: c.cwd,
        approvalPolicy: c.approvalPolicy,
        sandboxPolicy: c.sandboxPolicy,
      }),
    );
    this.render();
    await this.attach(await this.deps.startSession(opts), opts.prefill, false);
  }

  private header(info: Omit<HeaderInfo, "version" | "home">): HeaderCell {
    return new HeaderCell({ ...info, version: CLI_VERSION, home: process.env.HOME }, this.theme);
  }

  private newChat(): ChatState {
    const chat = new ChatState(
      {
        addCell: (c) => this.addCell(c),
        commitLines: (l) => this.deps.screen.commit(l),
        recordCell: (c) => this.cells.push(c),
        width: () => this.deps.screen.width,
      },
      this.theme,
      this.config,
    );
    chat.contextWindow = this.config.modelContextWindow ?? this.config.modelFamily.contextWindow;
    return chat;
  }

  private async attach(conv: NewConversation, prefill?: string, withHeader = true): Promise<void> {
    const sc = conv.sessionConfigured;
    this.conversation = conv.conversation;
    this.session = {
      sessionId: sc.session_id,
      rolloutPath: sc.rollout_path,
      model: sc.model,
      effort: sc.reasoning_effort,
      approvalPolicy: sc.approval_policy,
      sandboxPolicy: sc.sandbox_policy,
      cwd: sc.cwd,
    };
    this.chat = this.newChat();
    this.input.history = this.deps.history(sc);
    if (withHeader) {
      this.addCell(
        this.header({
          model: sc.model,
          effort: sc.reasoning_effort,
          cwd: sc.cwd,
          approvalPolicy: sc.approval_policy,
          sandboxPolicy: sc.sandbox_policy,
        }),
      );
    }
    if (sc.initial_messages?.length) this.chat.replay(sc.initial_messages);
    if (prefill) this.input.setText(prefill);
    void this.pump(conv.conversation);
    // Messages sent before the session was ready.
    this.sendNextQueued();
    this.render();
  }

  private async pump(conv: Conversation): Promise<void> {
    for (;;) {
      const ev = await conv.nextEvent();
      if (!ev) break;
      if (conv !== this.conversation) continue;
      this.handleEvent(ev);
    }
    if (conv === this.conversation && !this.exiting) {
      // The session ended on its own (fatal error): leave.
      this.exit();
    }
  }

  async newSession(opts: NewSessionOptions = {}): Promise<void> {
    // `/new`, `/resume` and a backtrack fork continue with the session's current choices, so the
    // header and what the agent may do stay in agreement.
    const { model, effort, approvalPolicy, sandboxPolicy } = this.session;
    const carry: SessionChoices = { model, effort, approvalPolicy, sandboxPolicy };
    if (isSaved(this.session)) this.lastSaved = this.session;
    const old = this.conversation;
    this.conversation = null;
    this.approvals.clear();
    this.queue.clear();
    if (old) {
      old.submit({ type: "shutdown" });
      await old.finished;
    }
    try {
      await this.attach(await this.deps.startSession(opts, carry), opts.prefill);
    } catch (e) {
      this.addCell(
        new NoticeCell(
          "error",
          `Could not start a new session: ${(e as Error).message}`,
          this.theme,
        ),
      );
      this.exit();
    }
  }

  exit(): void {
    if (this.exiting) return;
    this.exiting = true;
    this.stopTicker();
    if (this.frameTimer) clearTimeout(this.frameTimer);
    if (this.overlay) this.closeOverlay();
    const conv = this.conversation;
    const done = async () => {
      if (conv) {
        conv.submit({ type: "shutdown" });
        await conv.finished;
      }
      this.chat.finishStream();
      // The rollout file appears with the first recorded turn: a session started with /new and
      // left unused was never saved, so there is nothing to resume.
      const saved = isSaved(this.session) ? this.session : this.lastSaved;
      const lines = exitSummary(this.theme, this.chat.tokenInfo, saved);
      this.deps.screen.commit(lines);
      this.deps.screen.finish(true);
      this.exitResolve();
    };
    void done();
  }

  /** The first session is up and features are installed: show the composer. */
  markReady(): void {
    this.ready = true;
    this.render();
  }

  // ---- TuiApi ----------------------------------------------------------------------------

  size(): { columns: number; rows: number } {
    return { columns: this.deps.screen.width, rows: this.deps.screen.height };
  }

  submit(op: Op): string {
    if (!this.conversation) throw new Error("no active session");
    return this.conversation.submit(op);
  }

  onEvent(listener: (ev: Event) => void): () => void {
    this.eventListeners.add(listener);
    return () => this.eventListeners.delete(listener);
  }

  isTaskRunning(): boolean {
    return this.chat?.taskRunning ?? false;
  }

  setPopup(popup: Popup | null): void {
    this.popup = popup;
    this.requestRedraw();
  }

  openOverlay(overlay: Overlay): void {
    if (this.overlay) this.closeOverlay();
    this.overlay = overlay;
    this.deps.screen.suspend();
    this.deps.io.enterAltScreen();
    this.renderOverlay();
  }

  closeOverlay(): void {
    const o = this.overlay;
    if (!o) return;
    this.overlay = null;
    this.deps.io.leaveAltScreen();
    this.deps.screen.resume();
    o.onClose?.();
    // A resize while the overlay was open has not been applied to the inline view yet.
    if (this.deps.screen.handleResize()) {
      this.replaceTranscript([...this.cells]);
      return;
    }
    this.render();
  }

  addKeyHandler(handler: KeyHandler, priority = 0): () => void {
    const entry = { handler, priority };
    this.keyHandlers.push(entry);
    this.keyHandlers.sort((a, b) => b.priority - a.priority);
    return () => {
      this.keyHandlers = this.keyHandlers.filter((e) => e !== entry);
    };
  }

  registerSlashCommand(cmd: SlashCommand): void {
    this.commands.set(cmd.name, cmd);
  }

  slashCommands(): SlashCommand[] {
    return [...this.commands.values()];
  }

  addCell(cell: HistoryCell): void {
    this.cells.push(cell);
    this.deps.screen.commit(["", ...cell.render(this.deps.screen.width)]);
    this.requestRedraw();
  }

  transcript(): readonly HistoryCell[] {
    return this.cells;
  }

  replaceTranscript(cells: HistoryCell[]): void {
    this.cells = [];
    // Clear screen and scrollback, then write the kept cells again.
    this.deps.screen.write("\x1b[H\x1b[2J\x1b[3J");
    this.deps.screen.reset();
    for (const c of cells) this.addCell(c);
    // A message still streaming is not a cell yet; its finished lines are written again after.
    this.chat.rewindStream();
    this.render();
  }

  submitText(text: string): void {
    void handleSubmittedText(this, text);
  }

  requestRedraw(): void {
    if (this.exiting || this.frameTimer) return;
    const wait = Math.max(0, FRAME_MS - (Date.now() - this.lastFrame));
    this.frameTimer = setTimeout(() => {
      this.frameTimer = null;
      this.render();
    }, wait);
  }

  // ---- internals used by submit.ts and slash commands -----------------------------------

  /** Send a user message now (or queue it while a turn runs). */
  sendUserMessage(text: string, items: UserInput[]): void {
    if (this.isTaskRunning() || !this.conversation) {
      this.queue.push({ text, items });
      this.requestRedraw();
      return;
    }
    this.addCell(
      new UserMessageCell(
        text,
        this.theme,
        items.filter((i) => i.type === "local_image").map((i) => (i as { path: string }).path),
      ),
    );
    this.submit({ type: "user_input", items });
    if (text.trim()) this.submit({ type: "add_to_history", text });
    // The turn starts when the core says so; show it as working right away.
    this.chat.taskRunning = true;
    this.chat.taskStartedAt = Date.now();
    this.chat.statusHeader = "Working";
    this.startTicker();
    this.requestRedraw();
  }

  // ---- events ----------------------------------------------------------------------------

  private handleEvent(ev: Event): void {
    const msg = ev.msg;
    this.chat.handle(msg);
    this.approvals.update();
    if (msg.type === "task_started") this.startTicker();
    if (msg.type === "task_complete" || msg.type === "turn_aborted") {
      this.approvals.clear();
      if (msg.type === "task_complete") {
        const last = msg.last_agent_message?.trim();
        this.deps.notifier.notify(
          "agent-turn-complete",
          last ? `Codex: ${last}` : "Codex finished the task",
        );
      }
      // An interrupt hands queued messages back for editing instead of sending them.
      const handBack = msg.type === "turn_aborted" ? this.queue.drainText() : null;
      if (handBack !== null) this.input.setText(handBack);
      this.sendNextQueued();
    }
    if (msg.type === "shutdown_complete") this.chat.taskRunning = false;
    for (const l of this.eventListeners) l(ev);
    if (!this.chat.taskRunning && this.chat.activeExec.size === 0) this.stopTicker();
    this.requestRedraw();
  }

  private sendNextQueued(): void {
    const next = this.queue.shift();
    if (next) this.sendUserMessage(next.text, next.items);
  }

  // ---- input -----------------------------------------------------------------------------

  handleInput(ev: InputEvent): void {
    if (this.exiting) return;
    if (ev.type === "focus") {
      this.deps.notifier.setFocused(ev.focused);
      return;
    }
    if (this.overlay) {
      this.overlay.handleInput(ev);
      if (this.overlay) this.renderOverlay();
      return;
    }
    if (ev.type === "paste") {
      if (!this.approvals.modal) this.input.paste(ev.text);
      this.render();
      return;
    }
    this.handleKey(ev);
    this.render();
  }

  private handleKey(k: KeyEvent): void {
    if (this.approvals.modal) {
      this.approvals.handleKey(k);
      return;
    }
    if (this.popup?.handleKey(k)) return;
    for (const { handler } of this.keyHandlers) if (handler(k)) return;
    if (this.defaultKeys.handle(k)) return;
    const r = this.input.handleKey(k, this.deps.screen.width);
    if (r.type === "submit") this.submitText(r.text);
  }

  // ---- rendering -------------------------------------------------------------------------

  private startTicker(): void {
    if (this.ticker) return;
    this.ticker = setInterval(() => {
      this.tick++;
      this.requestRedraw();
    }, TICK_MS);
  }

  private stopTicker(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  /** The live region, top to bottom. */
  liveFrame(): Frame {
    return liveFrame({
      width: this.deps.screen.width,
      rows: this.deps.screen.height,
      theme: this.theme,
      now: Date.now(),
      tick: this.tick,
      ready: this.ready,
      chat: this.chat,
      modal: this.approvals.modal,
      queuedText: this.queue.texts,
      popup: this.popup,
      composer: this.input,
      hint: this.defaultKeys.hint,
    });
  }

  render(): void {
    if (this.exiting) return;
    if (this.frameTimer) {
      clearTimeout(this.frameTimer);
      this.frameTimer = null;
    }
    if (this.overlay) {
      this.renderOverlay();
      return;
    }
    this.chat.drainStream();
    this.lastFrame = Date.now();
    this.frames++;
    this.deps.screen.render(this.liveFrame());
  }

  private renderOverlay(): void {
    const o = this.overlay;
    if (!o) return;
    const { columns, rows } = this.size();
    this.deps.screen.write(overlayOutput(o.render(columns, rows), columns, rows));
  }

  handleResize(): void {
    if (this.overlay) {
      this.renderOverlay();
      return;
    }
    if (this.deps.screen.handleResize()) {
      // Part of the live region (a tall approval, a popup) went into the scrollback where it
      // cannot be erased: clear screen and scrollback and write the transcript again.
      this.replaceTranscript([...this.cells]);
      return;
    }
    this.render();
  }
}
