// File changes (FileChange maps and unified diffs) as coloured lines with line numbers.
import type { FileChange } from "../../protocol/index.js";
import type { Theme } from "../terminal/theme.js";
import { truncate } from "../terminal/width.js";

export interface DiffStats {
  added: number;
  removed: number;
}

export function changeStats(change: FileChange): DiffStats {
  if (change.type === "add") return { added: lineCount(change.content), removed: 0 };
  if (change.type === "delete") return { added: 0, removed: lineCount(change.content) };
  let added = 0;
  let removed = 0;
  for (const l of change.unified_diff.split("\n")) {
    if (l.startsWith("+") && !l.startsWith("+++")) added++;
    else if (l.startsWith("-") && !l.startsWith("---")) removed++;
  }
  return { added, removed };
}

function lineCount(s: string): number {
  if (s === "") return 0;
  return s.split("\n").length - (s.endsWith("\n") ? 1 : 0);
}

export function statsLabel(s: DiffStats, theme: Theme): string {
  return `(${theme.green(`+${s.added}`)} ${theme.red(`-${s.removed}`)})`;
}

/** Body lines of one file's change: `  12 +text`, coloured. */
export function renderChangeBody(change: FileChange, width: number, theme: Theme): string[] {
  if (change.type === "add") {
    return numbered(
      splitContent(change.content).map((t, i) => ({ sign: "+", text: t, n: i + 1 })),
      width,
      theme,
    );
  }
  if (change.type === "delete") {
    return numbered(
      splitContent(change.content).map((t, i) => ({ sign: "-", text: t, n: i + 1 })),
      width,
      theme,
    );
  }
  return renderUnifiedDiff(change.unified_diff, width, theme, false);
}

function splitContent(s: string): string[] {
  const lines = s.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

interface DiffLine {
  sign: "+" | "-" | " " | "…";
  text: string;
  n: number | null;
}

/** A unified diff (one or many files). With `headers`, `diff --git`/`+++` lines are shown. */
export function renderUnifiedDiff(
  diff: string,
  width: number,
  theme: Theme,
  headers = true,
): string[] {
  const out: string[] = [];
  let rows: DiffLine[] = [];
  let oldN = 0;
  let newN = 0;
  const flush = () => {
    out.push(...numbered(rows, width, theme));
    rows = [];
  };
  for (const l of diff.split("\n")) {
    const hunk = /^@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@/.exec(l);
    if (hunk) {
      if (rows.length > 0) rows.push({ sign: "…", text: "", n: null });
      oldN = parseInt(hunk[1]!, 10);
      newN = parseInt(hunk[2]!, 10);
      continue;
    }
    if (l.startsWith("diff --git") || l.startsWith("+++ ") || l.startsWith("--- ")) {
      if (headers && l.startsWith("diff --git")) {
        flush();
        if (out.length > 0) out.push("");
        out.push(theme.bold(l.replace(/^diff --git a\/(.*) b\/.*$/, "$1")));
      }
      continue;
    }
    if (/^(index |new file mode|deleted file mode|similarity|rename |old mode|new mode)/.test(l)) {
      continue;
    }
    if (l.startsWith("+")) rows.push({ sign: "+", text: l.slice(1), n: newN++ });
    else if (l.startsWith("-")) rows.push({ sign: "-", text: l.slice(1), n: oldN++ });
    else if (l.startsWith(" ")) {
      rows.push({ sign: " ", text: l.slice(1), n: newN++ });
      oldN++;
    } else if (l.startsWith("\\")) continue;
  }
  flush();
  return out;
}

function numbered(rows: DiffLine[], width: number, theme: Theme): string[] {
  const maxN = rows.reduce((m, r) => Math.max(m, r.n ?? 0), 0);
  const gutter = String(maxN).length;
  return rows.map((r) => {
    if (r.sign === "…") return theme.dim(" ".repeat(gutter) + " ⋮");
    const num = theme.dim(String(r.n ?? "").padStart(gutter));
    const text = truncate(
      `${r.sign}${r.text.replace(/\t/g, "    ")}`,
      Math.max(4, width - gutter - 1),
    );
    const body = r.sign === "+" ? theme.green(text) : r.sign === "-" ? theme.red(text) : text;
    return `${num} ${body}`;
  });
}
