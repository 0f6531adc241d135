// The help overlay (`?` on an empty composer): keys and slash commands.
import type { InputEvent, Overlay, SlashCommand, Theme } from "../../extension.js";
import { padEnd } from "../../terminal/width.js";
import { renderPagerFrame } from "./frame.js";
import { Pager } from "./pager.js";

export const KEY_HELP: readonly [string, string][] = [
  ["Enter", "send the message (queued if a turn is running)"],
  ["Shift-Enter / Ctrl-J", "new line"],
  ["Esc", "interrupt the running turn"],
  ["Esc Esc", "edit a previous message (on an empty composer)"],
  ["Up / Down", "recall earlier prompts"],
  ["Ctrl-A / Ctrl-E", "start / end of line"],
  ["Ctrl-K / Ctrl-U / Ctrl-W", "delete to end / to start / previous word"],
  ["Alt-B / Alt-F", "word left / right"],
  ["@", "insert a file path (fuzzy search)"],
  ["/", "slash commands"],
  ["!cmd", "run a shell command yourself"],
  ["Ctrl-T", "transcript (search with /, n, N)"],
  ["Ctrl-C", "clear the composer, interrupt, or quit when pressed twice"],
  ["Ctrl-D", "quit (on an empty composer)"],
  ["?", "this help (on an empty composer)"],
];

export function helpLines(commands: readonly SlashCommand[], theme: Theme): string[] {
  const keyWidth = Math.max(...KEY_HELP.map(([k]) => k.length)) + 2;
  const lines = [theme.bold("Keys"), ""];
  for (const [key, what] of KEY_HELP) lines.push(`  ${theme.accent(padEnd(key, keyWidth))}${what}`);
  lines.push("", theme.bold("Commands"), "");
  const sorted = [...commands].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const nameWidth = Math.max(10, ...sorted.map((c) => c.name.length + 3));
  for (const c of sorted)
    lines.push(`  ${theme.accent(padEnd(`/${c.name}`, nameWidth))}${c.description}`);
  return lines;
}

export class HelpOverlay implements Overlay {
  readonly pager: Pager;

  constructor(
    commands: readonly SlashCommand[],
    private readonly theme: Theme,
    private readonly close: () => void,
  ) {
    this.pager = new Pager(helpLines(commands, theme));
  }

  render(width: number, height: number): string[] {
    return renderPagerFrame(this.pager, { title: "Help", width, height, theme: this.theme });
  }

  handleInput(ev: InputEvent): void {
    if (ev.type !== "key") return;
    if (ev.name === "?" || this.pager.handleKey(ev) === "close") this.close();
  }
}
