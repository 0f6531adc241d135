// Markdown → terminal lines: headings, emphasis, lists (nested, task items), code blocks with
// syntax highlighting, block quotes, tables, links. Soft line breaks are kept as line breaks, so
// the rendering of completed source lines does not change as more text streams in.
import { Lexer, type Token, type Tokens } from "marked";
import type { Theme } from "../terminal/theme.js";
import { padEnd, stringWidth, truncate, wrapLine } from "../terminal/width.js";
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

function table(t: Tokens.Table, width: number, theme: Theme): string[] {
  const head = t.header.map((c) => inline(c.tokens, theme));
  const rows = t.rows.map((r) => r.map((c) => inline(c.tokens, theme)));
  const cols = head.length;
  const widths = head.map((h, i) =>
    Math.max(stringWidth(h), ...rows.map((r) => stringWidth(r[i] ?? ""))),
  );
  const total = widths.reduce((a, b) => a + b, 0) + (cols - 1) * 3;
  if (total > width) {
    // Too wide to align: one cell per line.
    return rows.flatMap((r, ri) => [
      ...(ri > 0 ? [""] : []),
      ...r.map((cell, i) => truncate(`${theme.bold(head[i] ?? "")}: ${cell}`, width)),
    ]);
  }
  const fmt = (cells: string[]) => cells.map((c, i) => padEnd(c, widths[i] ?? 0)).join(" │ ");
  return [
    fmt(head.map((h) => theme.bold(h))),
    theme.dim(widths.map((w) => "─".repeat(w)).join("─┼─")),
    ...rows.map(fmt),
  ];
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
