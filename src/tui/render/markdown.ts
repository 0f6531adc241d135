// Markdown → terminal lines: headings, emphasis, lists (nested, task items), code blocks with
// syntax highlighting, block quotes, tables, links. Soft line breaks are kept as line breaks, so
// the rendering of completed source lines does not change as more text streams in.
import { Lexer, type Token, type Tokens } from "marked";
import type { Theme } from "../terminal/theme.js";
import { padEnd, stringWidth, wrapLine } from "../terminal/width.js";
import { highlightCode } from "./highlight-loader.js";

const BULLETS = ["•", "◦", "▪"];

export function renderMarkdown(src: string, width: number, theme: Theme): string[] {
  const tokens = new Lexer({ gfm: true, breaks: true }).lex(src);
  return blocks(tokens, Math.max(10, width), theme, 0);
}

function blocks(
  tokens: Token[],
  width: number,
  theme: Theme,
  depth: number,
  tight = false,
): string[] {
  const out: string[] = [];
  let prevWasBlock = false;
  for (const t of tokens) {
    const lines = block(t, width, theme, depth);
    if (lines === null) continue;
    if (prevWasBlock && !tight && lines.length > 0 && t.type !== "space") out.push("");
    out.push(...lines);
    prevWasBlock = lines.length > 0;
  }
  return out;
}

function block(t: Token, width: number, theme: Theme, depth: number): string[] | null {
  switch (t.type) {
    case "space":
      return null;
    case "heading": {
      const h = t as Tokens.Heading;
      const text = inline(h.tokens, theme);
      const styled = h.depth === 1 ? theme.bold(theme.underline(text)) : theme.bold(text);
      const prefix = h.depth > 2 ? theme.dim("#".repeat(h.depth) + " ") : "";
      return wrapLine(prefix + styled, width);
    }
    case "paragraph":
      return paragraph(inline((t as Tokens.Paragraph).tokens, theme), width);
    case "text": {
      const tt = t as Tokens.Text;
      return paragraph(tt.tokens ? inline(tt.tokens, theme) : tt.text, width);
    }
    case "code": {
      const code = t as Tokens.Code;
      const lines = highlightCode(code.text.replace(/\n$/, ""), code.lang, theme);
      const inner = Math.max(4, width - 2);
      return lines.flatMap((l) => wrapLine(l, inner).map((w) => (w === "" ? "" : "  " + w)));
    }
    case "blockquote": {
      const bq = t as Tokens.Blockquote;
      const inner = blocks(bq.tokens, Math.max(4, width - 2), theme, depth);
      return inner.map((l) => theme.dim("▎ ") + theme.italic(l));
    }
    case "list":
      return list(t as Tokens.List, width, theme, depth);
    case "hr":
      return [theme.dim("─".repeat(Math.min(width, 40)))];
    case "table":
      return table(t as Tokens.Table, width, theme);
    case "html":
      return paragraph((t as Tokens.HTML).text.replace(/\n$/, ""), width);
    case "def":
      return null;
    default:
      return "raw" in t && typeof t.raw === "string" ? paragraph(t.raw.trimEnd(), width) : null;
  }
}

function paragraph(text: string, width: number): string[] {
  return text.split("\n").flatMap((l) => wrapLine(l, width));
}

function list(l: Tokens.List, width: number, theme: Theme, depth: number): string[] {
  const out: string[] = [];
  const start = typeof l.start === "number" ? l.start : 1;
  const numW = l.ordered ? String(start + l.items.length - 1).length + 2 : 2;
  l.items.forEach((item, i) => {
    let marker = l.ordered
      ? `${start + i}.`.padEnd(numW)
      : (BULLETS[depth % BULLETS.length] ?? "•") + " ";
    if (item.task) marker += item.checked ? theme.green("✔ ") : theme.dim("☐ ");
    const markerW = stringWidth(marker);
    const inner = blocks(
      item.tokens.filter((tk) => tk.type !== "checkbox"),
      Math.max(4, width - markerW),
      theme,
      depth + 1,
      !item.loose,
    );
    const text = item.task && item.checked ? inner.map((x) => theme.dim(x)) : inner;
    text.forEach((line, j) => {
      out.push(j === 0 ? theme.dim(marker) + line : line === "" ? "" : " ".repeat(markerW) + line);
    });
    if (l.loose && i < l.items.length - 1) out.push("");
  });
  return out;
}

/** Narrowest a wrapped column may get before the table falls back to one record per block. */
const MIN_COLUMN = 6;

function table(t: Tokens.Table, width: number, theme: Theme): string[] {
  const head = t.header.map((c) => inline(c.tokens, theme));
  const rows = t.rows.map((r) => head.map((_, i) => inline(r[i]?.tokens, theme)));
  const cols = head.length;
  const natural = head.map((h, i) =>
    Math.max(cellWidth(h), ...rows.map((r) => cellWidth(r[i] ?? ""))),
  );
  const room = width - (cols - 1) * 3;
  // A column should not be narrower than its longest word (up to a point), so words stay whole.
  const words = head.map((h, i) =>
    Math.max(
      MIN_COLUMN,
      Math.min(16, Math.max(longestWord(h), ...rows.map((r) => longestWord(r[i] ?? "")))),
    ),
  );
  if (room < words.reduce((a, b) => a + b, 0)) {
    // Too narrow for columns: one "Header: value" block per row, wrapped, nothing cut.
    return rows.flatMap((r, ri) => [
      ...(ri > 0 ? [""] : []),
      ...r.flatMap((cell, i) =>
        cell
          .split("\n")
          .flatMap((l, j) =>
            wrapLine(j === 0 ? `${theme.bold(head[i] ?? "")}: ${l}` : l, width, "  "),
          ),
      ),
    ]);
  }
  const widths = columnWidths(natural, room, words);
  const wrapped = widths.some((w, i) => w < (natural[i] ?? 0));
  const fmt = (cells: string[]) => {
    const parts = cells.map((c, i) => c.split("\n").flatMap((l) => wrapLine(l, widths[i] ?? 1)));
    const height = Math.max(1, ...parts.map((p) => p.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++) {
      out.push(
        parts
          .map((p, i) => padEnd(p[k] ?? "", widths[i] ?? 0))
          .join(" │ ")
          .trimEnd(),
      );
    }
    return out;
  };
  const rule = theme.dim(widths.map((w) => "─".repeat(w)).join("─┼─"));
  // When cells wrap, a rule between rows shows where one row ends and the next begins.
  return [
    ...fmt(head.map((h) => theme.bold(h))),
    rule,
    ...rows.flatMap((r, ri) => [...(wrapped && ri > 0 ? [rule] : []), ...fmt(r)]),
  ];
}

function longestWord(cell: string): number {
  return Math.max(0, ...cell.split(/\s+/).map(stringWidth));
}

function cellWidth(cell: string): number {
  return Math.max(0, ...cell.split("\n").map(stringWidth));
}

/**
 * Column widths that fit `room`: columns narrower than an even share keep their natural width,
 * the wider ones split what is left in proportion to their natural width.
 */
export function columnWidths(natural: number[], room: number, words: number[] = []): number[] {
  const total = natural.reduce((a, b) => a + b, 0);
  if (total <= room) return natural;
  const widths = natural.map(() => 0);
  let left = room;
  let open = natural.map((_, i) => i);
  for (;;) {
    const share = Math.floor(left / open.length);
    const fits = open.filter((i) => (natural[i] ?? 0) <= share);
    if (fits.length === 0) break;
    for (const i of fits) {
      widths[i] = natural[i] ?? 0;
      left -= widths[i];
    }
    open = open.filter((i) => !fits.includes(i));
    if (open.length === 0) return widths;
  }
  const openTotal = open.reduce((a, i) => a + (natural[i] ?? 0), 0);
  for (const i of open) {
    widths[i] = Math.max(words[i] ?? 1, Math.floor((left * (natural[i] ?? 0)) / openTotal));
  }
  // Rounding (and the minimum) can miss `left` by a few columns: settle on the widest column.
  let diff = left - open.reduce((a, i) => a + (widths[i] ?? 0), 0);
  while (diff !== 0) {
    const widest = open.reduce((a, i) => ((widths[i] ?? 0) > (widths[a] ?? 0) ? i : a), open[0]!);
    const step = diff > 0 ? 1 : -1;
    widths[widest] = (widths[widest] ?? 0) + step;
    diff -= step;
  }
  return widths;
}

function inline(tokens: Token[] | undefined, theme: Theme): string {
  if (!tokens) return "";
  let s = "";
  for (const t of tokens) {
    switch (t.type) {
      case "text": {
        const tt = t as Tokens.Text;
        s += tt.tokens ? inline(tt.tokens, theme) : decode(tt.text);
        break;
      }
      case "escape":
        s += (t as Tokens.Escape).text;
        break;
      case "strong":
        s += theme.bold(inline((t as Tokens.Strong).tokens, theme));
        break;
      case "em":
        s += theme.italic(inline((t as Tokens.Em).tokens, theme));
        break;
      case "del":
        s += theme.dim(inline((t as Tokens.Del).tokens, theme));
        break;
      case "codespan":
        s += theme.accent(decode((t as Tokens.Codespan).text));
        break;
      case "br":
        s += "\n";
        break;
      case "link": {
        const link = t as Tokens.Link;
        const text = inline(link.tokens, theme);
        s +=
          link.autolink || link.text === link.href
            ? theme.underline(theme.accent(link.href))
            : theme.underline(text) + theme.dim(` (${link.href})`);
        break;
      }
      case "image": {
        const img = t as Tokens.Image;
        s += theme.dim(`[image: ${img.text || img.href}]`);
        break;
      }
      case "html":
        s += (t as Tokens.HTML).text;
        break;
      case "checkbox":
        break;
      default:
        s += "raw" in t && typeof t.raw === "string" ? t.raw : "";
    }
  }
  return s;
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}
