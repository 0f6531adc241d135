// The session header: version, model and effort, directory, approval and sandbox mode.
import type { AskForApproval, ReasoningEffort, SandboxPolicy } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import type { Theme } from "../terminal/theme.js";
import { padEnd, stringWidth, truncate, wrapLine } from "../terminal/width.js";
import { shortenPath } from "./common.js";

export interface HeaderInfo {
  version: string;
  model: string;
  effort: ReasoningEffort | null;
  cwd: string;
  approvalPolicy: AskForApproval;
  sandboxPolicy: SandboxPolicy;
  home?: string;
}

export function sandboxLabel(p: SandboxPolicy): string {
  if (p.type !== "workspace-write") return p.type;
  return p.network_access ? "workspace-write (network on)" : "workspace-write";
}

export class HeaderCell implements HistoryCell {
  readonly kind = "header";
  constructor(
    private readonly info: HeaderInfo,
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    const t = this.theme;
    const i = this.info;
    const rows: [string, string][] = [
      ["model", `${i.model}${i.effort ? ` ${i.effort}` : ""}`],
      ["directory", shortenPath(i.cwd, i.home)],
      ["approval", i.approvalPolicy],
      ["sandbox", sandboxLabel(i.sandboxPolicy)],
    ];
    const title = `${t.bold(">_ codex-ts")} ${t.dim(`(v${i.version})`)}`;
    const body = [title, "", ...rows.map(([k, v]) => `${t.dim(padEnd(k + ":", 11))}${v}`)];
    const inner = Math.min(Math.max(...body.map((b) => stringWidth(b))), Math.max(10, width - 4));
    const top = t.dim("╭" + "─".repeat(inner + 2) + "╮");
    const bottom = t.dim("╰" + "─".repeat(inner + 2) + "╯");
    const side = t.dim("│");
    return [
      top,
      ...body.map((b) => `${side} ${padEnd(truncate(b, inner), inner)} ${side}`),
      bottom,
      "",
      ...wrapLine("Describe a task, or type / for commands. ctrl+c to quit.", width - 2).map((l) =>
        t.dim("  " + l),
      ),
    ];
  }
}
