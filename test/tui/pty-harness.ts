// Runs the built CLI in a real pseudo-terminal and reads the screen through a headless xterm.
// Tests wait for screen text (never fixed sleeps).
import path from "node:path";
import { spawn, type IPty } from "@lydell/node-pty";
import xterm from "@xterm/headless";
import { CLI } from "../harness.js";

const { Terminal } = xterm;

export interface PtyOptions {
  cwd: string;
  home: string;
  args?: string[];
  env?: Record<string, string | undefined>;
  cols?: number;
  rows?: number;
  /** The CLI entry (default: bin/codex.js). */
  cli?: string;
}

export const KEYS = {
  enter: "\r",
  escape: "\x1b",
  up: "\x1b[A",
  down: "\x1b[B",
  right: "\x1b[C",
  left: "\x1b[D",
  backspace: "\x7f",
  tab: "\t",
  ctrlC: "\x03",
  ctrlD: "\x04",
  ctrlJ: "\n",
  ctrlT: "\x14",
  shiftEnter: "\x1b[13;2u",
  pasteStart: "\x1b[200~",
  pasteEnd: "\x1b[201~",
} as const;

export class PtySession {
  readonly term: InstanceType<typeof Terminal>;
  readonly pty: IPty;
  /** Everything the program wrote (raw bytes as text). */
  raw = "";
  private waiters = new Set<() => void>();
  readonly exited: Promise<number>;
  private exitCode: number | null = null;

  constructor(opts: PtyOptions) {
    const cols = opts.cols ?? 100;
    const rows = opts.rows ?? 30;
    this.term = new Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
    const env: Record<string, string> = {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      LANG: "C.UTF-8",
      TERM: "xterm-256color",
      CODEX_HOME: opts.home,
      MOCK_API_KEY: "sk-mock-test-key",
    };
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (v === undefined) delete env[k];
      else env[k] = v;
    }
    this.pty = spawn(process.execPath, [opts.cli ?? CLI, ...(opts.args ?? [])], {
      name: "xterm-256color",
      cols,
      rows,
      cwd: opts.cwd,
      env,
    });
    this.pty.onData((d) => {
      this.raw += d;
      this.term.write(d, () => this.notify());
    });
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode }) => {
        this.exitCode = exitCode;
        // Let the terminal finish parsing what was written before the exit.
        this.term.write("", () => {
          this.notify();
          resolve(exitCode);
        });
      });
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  /** The visible screen, one string per row (trailing spaces trimmed). */
  screenLines(): string[] {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < this.term.rows; i++) {
      out.push(buf.getLine(buf.viewportY + i)?.translateToString(true) ?? "");
    }
    return out;
  }

  screen(): string {
    return this.screenLines().join("\n");
  }

  /** Scrollback and screen together. */
  allText(): string {
    const buf = this.term.buffer.active;
    const out: string[] = [];
    for (let i = 0; i < buf.length; i++) out.push(buf.getLine(i)?.translateToString(true) ?? "");
    return out.join("\n");
  }

  /** Resolves once `pred` holds for the terminal contents; rejects with a screen dump on timeout. */
  waitFor(pred: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    if (pred()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (pred()) {
          clearTimeout(timer);
          this.waiters.delete(check);
          resolve();
        } else if (this.exitCode !== null) {
          clearTimeout(timer);
          this.waiters.delete(check);
          reject(
            new Error(
              `process exited (${this.exitCode}) before ${what}\n--- screen ---\n${this.allText()}`,
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out waiting for ${what}\n--- screen ---\n${this.allText()}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  waitForText(
    text: string | RegExp,
    opts: { timeoutMs?: number; anywhere?: boolean } = {},
  ): Promise<void> {
    const has = () => {
      const s = opts.anywhere ? this.allText() : this.screen();
      return typeof text === "string" ? s.includes(text) : text.test(s);
    };
    return this.waitFor(has, `text ${String(text)}`, opts.timeoutMs);
  }

  waitForNoText(text: string | RegExp, timeoutMs?: number): Promise<void> {
    const gone = () => {
      const s = this.screen();
      return typeof text === "string" ? !s.includes(text) : !text.test(s);
    };
    return this.waitFor(gone, `text ${String(text)} to disappear`, timeoutMs);
  }

  write(s: string): void {
    this.pty.write(s);
  }

  /** Type text and wait until it shows on screen (so the next key is not taken as a paste). */
  async type(text: string): Promise<void> {
    this.pty.write(text);
    await this.waitForText(text.length > 40 ? text.slice(-40) : text);
  }

  /** Type a line into the composer (waiting until it shows) and press Enter. */
  async submit(text: string): Promise<void> {
    await this.type(text);
    this.pty.write(KEYS.enter);
  }

  paste(text: string): void {
    this.pty.write(KEYS.pasteStart + text + KEYS.pasteEnd);
  }

  resize(cols: number, rows: number): void {
    this.pty.resize(cols, rows);
    this.term.resize(cols, rows);
  }

  /**
   * Resize and wait for the program's next complete frame (the end of a synchronized-output
   * block), which it draws for the new size: resizing again before that would race its redraw.
   */
  async resizeAndRedraw(cols: number, rows: number): Promise<void> {
    const mark = this.raw.length;
    this.resize(cols, rows);
    await this.waitFor(() => this.raw.includes("\x1b[?2026l", mark), `a frame at ${cols}x${rows}`);
  }

  kill(): void {
    if (this.exitCode === null) this.pty.kill();
  }
}

export function startTui(opts: PtyOptions): PtySession {
  return new PtySession(opts);
}

export { path };
