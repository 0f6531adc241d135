// `codex resume` without an id: the picker on the alternate screen before the TUI starts, so
// no session is created until one is chosen.
import { InputParser } from "../../terminal/keys.js";
import { themeFromEnv } from "../../terminal/theme.js";
import { ResumePicker } from "./picker.js";
import { SessionSource, type PickerSession } from "./session-source.js";

const ALT_ON = "\x1b[?1049h\x1b[?25l\x1b[?2004h";
const ALT_OFF = "\x1b[?2004l\x1b[?25h\x1b[?1049l";

export interface StandalonePickerOptions {
  codexHome: string;
  cwd: string;
  all: boolean;
  input?: NodeJS.ReadStream;
  output?: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

/** The chosen session, or null when the user cancelled. */
export function pickSessionInTerminal(
  opts: StandalonePickerOptions,
): Promise<PickerSession | null> {
  const input = opts.input ?? process.stdin;
  const output = opts.output ?? process.stdout;
  const theme = themeFromEnv(opts.env ?? process.env);
  return new Promise((resolve) => {
    let finished = false;
    const draw = () => {
      if (finished) return;
      const width = output.columns || 80;
      const height = output.rows || 24;
      const lines = picker.render(width, height);
      // Synchronized output: the terminal shows the whole frame at once, no flicker.
      output.write(
        `\x1b[?2026h\x1b[H${lines.map((l) => `${l}\x1b[K`).join("\r\n")}\x1b[J\x1b[?2026l`,
      );
    };
    const source = new SessionSource({ codexHome: opts.codexHome, cwd: opts.cwd, all: opts.all });
    const picker = new ResumePicker(source, {
      cwd: opts.cwd,
      all: opts.all,
      theme,
      onChange: draw,
    });
    const finish = (session: PickerSession | null) => {
      if (finished) return;
      finished = true;
      parser.dispose();
      input.off("data", onData);
      output.off("resize", draw);
      if (input.isTTY) input.setRawMode(false);
      input.pause();
      output.write(ALT_OFF);
      resolve(session);
    };
    const parser = new InputParser((ev) => {
      if (ev.type === "paste") picker.paste(ev.text);
      else if (ev.type === "key") {
        const result = picker.handleKey(ev);
        if (result === "cancel") return finish(null);
        if (result === "choose") return finish(picker.selected());
      }
      draw();
    });
    const onData = (chunk: Buffer | string) => parser.feed(chunk.toString());
    if (input.isTTY) input.setRawMode(true);
    input.setEncoding("utf8");
    input.on("data", onData);
    input.resume();
    output.on("resize", draw);
    output.write(ALT_ON);
    draw();
    void picker.start();
  });
}
