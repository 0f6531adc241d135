// A patch the agent applied (or tried to): per-file stats and a coloured diff.
import type { FileChange } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import { changeStats, renderChangeBody, statsLabel } from "../render/diff.js";
import type { Theme } from "../terminal/theme.js";
import { treeLines } from "./common.js";

/** Diff lines shown inline per patch; the transcript overlay shows all of them. */
export const PATCH_INLINE_LINES = 40;

export type PatchState = "applying" | "applied" | "failed" | "rejected";

export function displayPath(p: string, cwd: string): string {
  return p.startsWith(cwd + "/") ? p.slice(cwd.length + 1) : p;
}

/** "Edited/Added/Deleted path (+a -r)" per file, then its diff. */
export function renderChanges(
  changes: Record<string, FileChange>,
  cwd: string,
  width: number,
  theme: Theme,
  maxLines: number,
): string[] {
  const out: string[] = [];
  let budget = maxLines;
  let hidden = 0;
  for (const [file, change] of Object.entries(changes)) {
    const verb = change.type === "add" ? "Added" : change.type === "delete" ? "Deleted" : "Edited";
    const moved =
      change.type === "update" && change.move_path
        ? ` → ${displayPath(change.move_path, cwd)}`
        : "";
    out.push(
      `${theme.bold(verb)} ${displayPath(file, cwd)}${moved} ${statsLabel(changeStats(change), theme)}`,
    );
    const body = renderChangeBody(change, width - 4, theme);
    const shown = body.slice(0, Math.max(0, budget));
    hidden += body.length - shown.length;
    budget -= shown.length;
    out.push(...shown.map((l) => "  " + l));
  }
  if (hidden > 0) out.push(theme.dim(`… +${hidden} lines (ctrl+t to view the transcript)`));
  return out;
}

export class PatchCell implements HistoryCell {
  readonly kind = "patch";
  state: PatchState = "applying";
  error = "";

  constructor(
    readonly callId: string,
    readonly changes: Record<string, FileChange>,
    private readonly cwd: string,
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    return this.renderWith(width, PATCH_INLINE_LINES);
  }

  renderFull(width: number): string[] {
    return this.renderWith(width, Number.MAX_SAFE_INTEGER);
  }

  private renderWith(width: number, max: number): string[] {
    const t = this.theme;
    const files = Object.keys(this.changes).length;
    const total = Object.values(this.changes).reduce(
      (acc, c) => {
        const s = changeStats(c);
        return { added: acc.added + s.added, removed: acc.removed + s.removed };
      },
      { added: 0, removed: 0 },
    );
    const noun = `${files} file${files === 1 ? "" : "s"}`;
    const title =
      this.state === "failed"
        ? t.red("• ") + t.bold(`Failed to edit ${noun}`)
        : this.state === "rejected"
          ? t.red("• ") + t.bold(`Rejected edit of ${noun}`)
          : (this.state === "applied" ? t.green("• ") : t.accent("• ")) +
            t.bold(`${this.state === "applying" ? "Editing" : "Edited"} ${noun}`);
    const lines = [`${title} ${statsLabel(total, t)}`];
    if (this.state === "rejected") return lines;
    lines.push(...treeLines(renderChanges(this.changes, this.cwd, width - 4, t, max), t));
    if (this.state === "failed" && this.error.trim()) {
      lines.push(
        ...treeLines(
          this.error
            .trim()
            .split("\n")
            .map((l) => t.red(l)),
          t,
        ),
      );
    }
    return lines;
  }
}
