// update_plan as a checklist.
import type { PlanItem } from "../../protocol/index.js";
import type { HistoryCell } from "../extension.js";
import type { Theme } from "../terminal/theme.js";
import { wrapLine } from "../terminal/width.js";

export class PlanCell implements HistoryCell {
  readonly kind = "plan";
  constructor(
    readonly plan: PlanItem[],
    readonly explanation: string | null,
    private readonly theme: Theme,
  ) {}

  render(width: number): string[] {
    const t = this.theme;
    const done = this.plan.filter((p) => p.status === "completed").length;
    const lines = [
      `${t.accent("• ")}${t.bold("Updated Plan")} ${t.dim(`(${done}/${this.plan.length} done)`)}`,
    ];
    if (this.explanation?.trim()) {
      for (const l of wrapLine(this.explanation.trim(), width - 4))
        lines.push("  " + t.dim(t.italic(l)));
    }
    this.plan.forEach((item, i) => {
      const box =
        item.status === "completed"
          ? t.green("✔")
          : item.status === "in_progress"
            ? t.accent("◐")
            : t.dim("☐");
      const paint =
        item.status === "completed"
          ? (s: string) => t.dim(s)
          : item.status === "in_progress"
            ? (s: string) => t.bold(s)
            : (s: string) => s;
      const wrapped = wrapLine(item.step, Math.max(8, width - 6));
      wrapped.forEach((w, j) => {
        const lead = j === 0 ? `${i === 0 ? t.dim("  └ ") : "    "}${box} ` : "      ";
        lines.push(lead + paint(w));
      });
    });
    return lines;
  }
}
