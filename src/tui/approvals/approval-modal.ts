// The approval prompt for a command or a patch: one key for each answer, the diff scrollable.
import type { FileChange, ReviewDecision } from "../../protocol/index.js";
import { commandText } from "../cells/exec.js";
import { renderChanges } from "../cells/patch.js";
import type { KeyEvent } from "../terminal/keys.js";
import type { Theme } from "../terminal/theme.js";
import { truncate, wrapLine } from "../terminal/width.js";

export type ApprovalRequest =
  | {
      kind: "exec";
      callId: string;
      command: string[];
      cwd: string;
      reason: string | null;
    }
  | {
      kind: "patch";
      callId: string;
      changes: Record<string, FileChange>;
      cwd: string;
      reason: string | null;
      grantRoot: string | null;
    };

interface Option {
  key: string;
  label: string;
  decision: ReviewDecision;
}

export class ApprovalModal {
  private selected = 0;
  private scroll = 0;
  private readonly options: Option[];
  private diffCache: { width: number; lines: string[] } | null = null;

  constructor(
    readonly request: ApprovalRequest,
    private readonly theme: Theme,
  ) {
    const what = request.kind === "exec" ? "run it" : "apply the changes";
    this.options = [
      { key: "y", label: `Yes, ${what}`, decision: "approved" },
      {
        key: "a",
        label:
          request.kind === "exec"
            ? "Yes, and don't ask again for this command this session"
            : "Yes, and don't ask again for these files this session",
        decision: "approved_for_session",
      },
      { key: "n", label: "No, and tell Codex what to do differently", decision: "denied" },
      { key: "esc", label: "No, and stop the turn", decision: "abort" },
    ];
  }

  /** A decision, or null when the key only moved the selection or scrolled. */
  handleKey(k: KeyEvent): ReviewDecision | null {
    if (k.ctrl && k.name === "c") return "abort";
    if (k.ctrl || k.alt) {
      if (k.ctrl && (k.name === "n" || k.name === "p")) this.move(k.name === "n" ? 1 : -1);
      return null;
    }
    switch (k.name) {
      case "y":
      case "Y":
        return "approved";
      case "a":
      case "A":
        return "approved_for_session";
      case "n":
      case "N":
        return "denied";
      case "escape":
        return "abort";
      case "enter":
        return this.options[this.selected]?.decision ?? null;
      case "up":
        this.move(-1);
        return null;
      case "down":
        this.move(1);
        return null;
      case "pageup":
      case "k":
        this.scroll = Math.max(0, this.scroll - (k.name === "k" ? 1 : 10));
        return null;
      case "pagedown":
      case "j":
        this.scroll += k.name === "j" ? 1 : 10;
        return null;
    }
    return null;
  }

  private move(d: number): void {
    const n = this.options.length;
    this.selected = (this.selected + d + n) % n;
  }

  /** Fits in `maxRows` rows; a long diff gets a scrollable window. */
  render(width: number, maxRows: number): string[] {
    const t = this.theme;
    const r = this.request;
    const out: string[] = [];
    const title =
      r.kind === "exec" ? t.bold("Allow this command to run?") : t.bold("Apply these changes?");
    out.push(t.yellow("▲ ") + title);
    if (r.reason?.trim()) {
      for (const l of wrapLine(r.reason.trim(), width - 4)) out.push("  " + t.italic(l));
    }
    // Options wrap rather than being cut, so the shortcut key at the end stays visible.
    const optionLines = this.options.flatMap((o, i) => {
      const sel = i === this.selected;
      const label = `${o.label} ${t.dim(`(${o.key})`)}`;
      return wrapLine(label, Math.max(10, width - 4), "    ").map((l, k) => {
        const line = k === 0 ? `  ${sel ? "›" : " "} ${l}` : l;
        return sel ? t.accent(line) : line;
      });
    });
    const footer = wrapLine(
      r.kind === "patch"
        ? "y/a/n/esc to answer · ↑↓ select · PgUp/PgDn or j/k scroll the diff"
        : "y/a/n/esc to answer · ↑↓ select · enter confirm",
      Math.max(10, width - 2),
    ).map((l) => t.dim("  " + l));
    if (r.kind === "exec") {
      const cmd = commandText(r.command);
      const cmdLines = cmd.split("\n").flatMap((l) => wrapLine(l, width - 6));
      const maxCmd = Math.max(1, maxRows - out.length - optionLines.length - footer.length - 3);
      cmdLines
        .slice(0, maxCmd)
        .forEach((l, i) => out.push((i === 0 ? "  $ " : "    ") + t.accent(l)));
      if (cmdLines.length > maxCmd) out.push(t.dim(`    … +${cmdLines.length - maxCmd} lines`));
      out.push(
        ...wrapLine(`in ${r.cwd}`, Math.max(10, width - 2), "   ").map((l) => t.dim("  " + l)),
      );
    } else {
      if (this.diffCache?.width !== width) {
        this.diffCache = {
          width,
          lines: renderChanges(r.changes, r.cwd, width - 2, t, Number.MAX_SAFE_INTEGER),
        };
      }
      const diff = this.diffCache.lines;
      const room = Math.max(3, maxRows - out.length - optionLines.length - footer.length - 2);
      const maxScroll = Math.max(0, diff.length - room);
      this.scroll = Math.min(this.scroll, maxScroll);
      const view = diff.slice(this.scroll, this.scroll + room);
      out.push(...view.map((l) => "  " + l));
      if (diff.length > room) {
        out.push(
          t.dim(`  lines ${this.scroll + 1}-${this.scroll + view.length} of ${diff.length}`),
        );
      }
      if (r.grantRoot) out.push(t.dim(`  also allows writes under ${r.grantRoot}`));
    }
    out.push("");
    out.push(...optionLines);
    out.push(...footer);
    return out.map((l) => truncate(l, width));
  }
}

/** The line left in the transcript after an answer. */
export function decisionSummary(req: ApprovalRequest, d: ReviewDecision, theme: Theme): string {
  const what =
    req.kind === "exec"
      ? theme.accent(truncate(commandText(req.command).split("\n")[0] ?? "", 60))
      : `changes to ${Object.keys(req.changes).length} file(s)`;
  switch (d) {
    case "approved":
      return `${theme.green("✔")} You approved ${what}`;
    case "approved_for_session":
      return `${theme.green("✔")} You approved ${what} for this session`;
    case "denied":
      return `${theme.red("✗")} You declined ${what}`;
    case "abort":
      return `${theme.red("✗")} You declined ${what} and stopped the turn`;
  }
}
