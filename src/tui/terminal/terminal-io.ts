// Terminal modes for the TUI: raw input, bracketed paste, focus reporting, the kitty keyboard
// "disambiguate" flag (so Shift-Enter is distinguishable), and restoring all of it on exit,
// on signals and on crashes.
import { InputParser, type InputEvent } from "./keys.js";

const ENABLE = "\x1b[?2004h\x1b[?1004h\x1b[>1u";
const DISABLE = "\x1b[<u\x1b[?1004l\x1b[?2004l";
const ENTER_ALT = "\x1b[?1049h\x1b[H\x1b[2J";
const LEAVE_ALT = "\x1b[?1049l";

export interface TtyIn extends NodeJS.ReadableStream {
  isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export interface TtyOut extends NodeJS.WritableStream {
  columns?: number;
  rows?: number;
  on(event: "resize", listener: () => void): this;
  off(event: "resize", listener: () => void): this;
}

export class TerminalIO {
  private parser: InputParser;
  private active = false;
  private altScreen = false;
  private readonly onData = (d: Buffer | string) => this.parser.feed(d.toString());
  private readonly onResizeEvent = () => this.resizeListener();
  private readonly restoreOnExit = () => this.stop();

  constructor(
    readonly input: TtyIn,
    readonly output: TtyOut,
    onInput: (ev: InputEvent) => void,
    private readonly resizeListener: () => void,
  ) {
    this.parser = new InputParser(onInput);
  }

  start(): void {
    if (this.active) return;
    this.active = true;
    this.input.setRawMode?.(true);
    this.input.on("data", this.onData);
    this.input.resume();
    this.output.on("resize", this.onResizeEvent);
    this.output.write(ENABLE);
    process.on("exit", this.restoreOnExit);
  }

  stop(): void {
    if (!this.active) return;
    this.active = false;
    this.parser.dispose();
    this.input.off("data", this.onData);
    this.output.off("resize", this.onResizeEvent);
    if (this.altScreen) this.leaveAltScreen();
    this.output.write(DISABLE + "\x1b[?25h");
    this.input.setRawMode?.(false);
    this.input.pause();
    process.off("exit", this.restoreOnExit);
  }

  /** Ctrl-Z: give the terminal back, stop, and set everything up again on SIGCONT. */
  suspend(onResume: () => void): void {
    this.stop();
    process.once("SIGCONT", () => {
      this.start();
      onResume();
    });
    process.kill(process.pid, "SIGTSTP");
  }

  enterAltScreen(): void {
    if (this.altScreen) return;
    this.altScreen = true;
    this.output.write(ENTER_ALT);
  }

  leaveAltScreen(): void {
    if (!this.altScreen) return;
    this.altScreen = false;
    this.output.write(LEAVE_ALT);
  }

  get inAltScreen(): boolean {
    return this.altScreen;
  }
}
