// The layout every pager overlay shares: a title bar, the scrolling body, a footer with the
// keys (or the search prompt while one is typed).
import type { Theme } from "../../extension.js";
import { padEnd, stringWidth, truncate } from "../../terminal/width.js";
import type { Pager } from "./pager.js";

export const PAGER_KEYS = "↑↓ j/k · PgUp/PgDn · Home/End · / search · n/N next/prev · q close";

function rule(label: string, width: number, theme: Theme): string {
  const head = `─ ${label} `;
  const rest = Math.max(0, width - stringWidth(head));
  return theme.dim(truncate(head + "─".repeat(rest), width));
}

export function renderPagerFrame(
  pager: Pager,
  opts: { title: string; hints?: string; width: number; height: number; theme: Theme },
): string[] {
  const { width, height, theme } = opts;
  if (height < 3) {
    pager.height = Math.max(1, height);
    return pager.renderBody(width, theme).slice(0, height);
  }
  pager.height = height - 2;
  pager.clamp();
  const lines = [theme.bold(padEnd(truncate(opts.title, width), width))];
  lines.push(...pager.renderBody(width, theme));
  if (pager.searchInput !== null) {
    lines.push(truncate(`/${pager.searchInput}${theme.inverse(" ")}`, width));
  } else {
    const s = pager.search;
    const found =
      s === null
        ? ""
        : s.matches.length === 0
          ? `no match for "${s.query}" · `
          : `match ${s.current + 1}/${s.matches.length} · `;
    lines.push(rule(`${pager.percent()}% · ${found}${opts.hints ?? PAGER_KEYS}`, width, theme));
  }
  return lines;
}
