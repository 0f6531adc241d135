// The diff viewer: a unified diff, coloured, in a scrollable and searchable overlay.
import type { InputEvent, Overlay, Theme } from "../../extension.js";
import { renderPagerFrame } from "./frame.js";
import { Pager } from "./pager.js";

/** One unified-diff line coloured by its role; control characters are made harmless. */
export function colorDiffLine(line: string, theme: Theme): string {
  const text = line.replace(/\t/g, "    ").replace(/[\x00-\x08\x0b-\x1f\x7f]/g, "?");
  if (
    /^(diff --git |index |--- |\+\+\+ |new file mode|deleted file mode|similarity |rename (from|to) |old mode|new mode)/.test(
      text,
    )
  ) {
    return theme.bold(text);
  }
  if (text.startsWith("@@")) return theme.cyan(text);
  if (text.startsWith("+")) return theme.green(text);
  if (text.startsWith("-")) return theme.red(text);
  if (text.startsWith("\\")) return theme.dim(text);
  return text;
}

export function colorDiff(diff: string, theme: Theme): string[] {
  const lines = diff.replace(/\n$/, "").split("\n");
  return lines.map((l) => colorDiffLine(l, theme));
}

export class DiffOverlay implements Overlay {
  readonly pager: Pager;

  constructor(
    diff: string,
    private readonly theme: Theme,
    private readonly close: () => void,
    private readonly title = "Diff",
  ) {
    this.pager = new Pager(
      diff.trim() === "" ? [theme.dim("No changes.")] : colorDiff(diff, theme),
    );
  }

  render(width: number, height: number): string[] {
    return renderPagerFrame(this.pager, { title: this.title, width, height, theme: this.theme });
  }

  handleInput(ev: InputEvent): void {
    if (ev.type !== "key") return;
    if (this.pager.handleKey(ev) === "close") this.close();
  }
}
