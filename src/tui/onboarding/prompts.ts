// Small interactive screens drawn in the live region before the app starts: a choice list and a
// masked text field. Both resolve to null when the user backs out (Esc, Ctrl-C).
import type { InputEvent } from "../terminal/keys.js";
import type { Screen } from "../terminal/screen.js";
import type { Theme } from "../terminal/theme.js";
import { wrapLine } from "../terminal/width.js";

export interface PromptHost {
  screen: Screen;
  theme: Theme;
  /** Route input to `handler` until the returned function is called. */
  capture(handler: (ev: InputEvent) => void): () => void;
}

export interface Choice {
  label: string;
  detail?: string;
  /** Single-key shortcut. */
  key?: string;
}

export function selectPrompt(
  host: PromptHost,
  opts: { title: string; body: string[]; choices: Choice[]; initial?: number },
): Promise<number | null> {
  const { screen, theme: t } = host;
  let selected = opts.initial ?? 0;
  const draw = () => {
    const w = screen.width;
    const lines: string[] = ["", t.bold(opts.title), ""];
    for (const b of opts.body) lines.push(...wrapLine(b, w - 2).map((l) => "  " + l));
    if (opts.body.length) lines.push("");
    opts.choices.forEach((c, i) => {
      const sel = i === selected;
      const label = `${sel ? "›" : " "} ${i + 1}. ${c.label}`;
      lines.push("  " + (sel ? t.accent(t.bold(label)) : label));
      if (c.detail) lines.push(...wrapLine(c.detail, w - 8).map((l) => "       " + t.dim(l)));
    });
    lines.push("", t.dim("  ↑↓ to move · enter to choose · esc to quit"));
    screen.render({ lines });
  };
  return new Promise((resolve) => {
    const release = host.capture((ev) => {
      if (ev.type !== "key") return;
      const done = (v: number | null) => {
        release();
        resolve(v);
      };
      if (ev.name === "escape" || (ev.ctrl && (ev.name === "c" || ev.name === "d")))
        return done(null);
      if (ev.name === "up" || (ev.ctrl && ev.name === "p"))
        selected = (selected - 1 + opts.choices.length) % opts.choices.length;
      else if (ev.name === "down" || (ev.ctrl && ev.name === "n"))
        selected = (selected + 1) % opts.choices.length;
      else if (ev.name === "enter") return done(selected);
      else if (/^[1-9]$/.test(ev.name) && Number(ev.name) <= opts.choices.length)
        return done(Number(ev.name) - 1);
      else {
        const i = opts.choices.findIndex((c) => c.key === ev.name);
        if (i >= 0) return done(i);
      }
      draw();
    });
    draw();
  });
}

export function secretPrompt(
  host: PromptHost,
  opts: { title: string; body: string[]; label: string; validate?: (v: string) => string | null },
): Promise<string | null> {
  const { screen, theme: t } = host;
  let value = "";
  let error: string | null = null;
  const draw = () => {
    const w = screen.width;
    const lines: string[] = ["", t.bold(opts.title), ""];
    for (const b of opts.body) lines.push(...wrapLine(b, w - 2).map((l) => "  " + l));
    lines.push("");
    const masked =
      value.length > 0 ? "•".repeat(Math.min(value.length, w - opts.label.length - 6)) : "";
    const row = lines.length;
    lines.push(`  ${opts.label} ${masked}`);
    if (error) lines.push("  " + t.red(error));
    lines.push("", t.dim("  enter to save · esc to quit"));
    screen.render({
      lines,
      cursor: { row, col: Math.min(w - 1, 3 + opts.label.length + masked.length) },
    });
  };
  return new Promise((resolve) => {
    const release = host.capture((ev) => {
      const done = (v: string | null) => {
        release();
        resolve(v);
      };
      if (ev.type === "paste") value += ev.text.trim();
      else if (ev.type === "key") {
        if (ev.name === "escape" || (ev.ctrl && ev.name === "c")) return done(null);
        if (ev.name === "enter") {
          const v = value.trim();
          error = opts.validate?.(v) ?? (v ? null : "Enter a key, or press esc to quit.");
          if (!error) return done(v);
        } else if (ev.name === "backspace") value = value.slice(0, -1);
        else if (ev.ctrl && ev.name === "u") value = "";
        else if (ev.text && !ev.ctrl && !ev.alt) value += ev.text;
      }
      draw();
    });
    draw();
  });
}
