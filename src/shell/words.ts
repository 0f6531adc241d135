// Turning tree-sitter-bash word nodes into the exact argv strings bash would
// pass, or refusing when bash would expand something we cannot know statically.

import type { SyntaxNode } from "./bash-parser.js";

export interface WordOptions {
  /**
   * Keep unquoted glob (`* ? [`), brace (`{a,b}`) and tilde (`~`) characters as
   * literal text instead of refusing the word. Only for display: bash would
   * expand them, so the result is not the real argv.
   */
  literalExpansions?: boolean;
}

/** One character of a word and whether quoting or escaping made it literal. */
interface WordChar {
  ch: string;
  quoted: boolean;
}

/** Word-like node kinds that can be turned into a literal argument. */
export const WORD_KINDS: ReadonlySet<string> = new Set([
  "word",
  "number",
  "string",
  "raw_string",
  "concatenation",
]);

/**
 * Unescape an unquoted word: `\x` is `x`, backslash-newline vanishes. Any
 * unescaped `$`, backtick or quote means tree-sitter saw something we do not
 * model, so the word is refused.
 */
function unquotedChars(text: string): WordChar[] | null {
  const out: WordChar[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    if (ch === "\\") {
      const next = text[i + 1];
      if (next === undefined) return null;
      i++;
      if (next === "\n") continue;
      out.push({ ch: next, quoted: true });
      continue;
    }
    if (ch === "$" || ch === "`" || ch === "'" || ch === '"') return null;
    out.push({ ch, quoted: false });
  }
  return out;
}

/** Inside double quotes only `\$ \` \" \\` and backslash-newline are escapes. */
function doubleQuotedChars(body: string): WordChar[] | null {
  const out: WordChar[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i] as string;
    if (ch === "\\") {
      const next = body[i + 1];
      if (next === "$" || next === "`" || next === '"' || next === "\\") {
        out.push({ ch: next, quoted: true });
        i++;
        continue;
      }
      if (next === "\n") {
        i++;
        continue;
      }
      out.push({ ch, quoted: true });
      continue;
    }
    // An unescaped `$` or backtick here would be an expansion tree-sitter
    // reported as a separate node; refuse rather than guess.
    if (ch === "$" || ch === "`") return null;
    out.push({ ch, quoted: true });
  }
  return out;
}

function nodeChars(node: SyntaxNode): WordChar[] | null {
  switch (node.type) {
    case "word":
    case "number":
      return unquotedChars(node.text);
    case "raw_string": {
      const text = node.text;
      if (text.length < 2 || !text.startsWith("'") || !text.endsWith("'")) return null;
      return Array.from(text.slice(1, -1), (ch) => ({ ch, quoted: true }));
    }
    case "string": {
      // Only plain content: any expansion or substitution child refuses the word.
      for (const child of node.namedChildren) {
        if (child === null || child.type !== "string_content") return null;
      }
      const text = node.text;
      if (text.length < 2 || !text.startsWith('"') || !text.endsWith('"')) return null;
      // The node text, not the string_content children: tree-sitter splits
      // content at newlines and would lose them.
      return doubleQuotedChars(text.slice(1, -1));
    }
    case "concatenation": {
      const out: WordChar[] = [];
      for (const child of node.children) {
        if (child === null) return null;
        if (!child.isNamed) return null;
        const part = nodeChars(child);
        if (part === null) return null;
        out.push(...part);
      }
      return out;
    }
    default:
      return null;
  }
}

/** True when bash would glob-, brace- or tilde-expand these characters. */
function hasUnquotedExpansion(chars: readonly WordChar[]): boolean {
  for (const c of chars) {
    if (!c.quoted && (c.ch === "*" || c.ch === "?" || c.ch === "[")) return true;
  }
  // Tilde: at the start of a word, or right after `name=` (bash treats such
  // arguments like assignments).
  const first = chars[0];
  if (first !== undefined && first.ch === "~" && !first.quoted) return true;
  const eq = chars.findIndex((c) => c.ch === "=" && !c.quoted);
  if (eq > 0) {
    const name = chars.slice(0, eq);
    const after = chars[eq + 1];
    const isName =
      name.every((c) => !c.quoted && /[A-Za-z0-9_]/.test(c.ch)) && /[A-Za-z_]/.test(name[0]!.ch);
    if (isName && after !== undefined && after.ch === "~" && !after.quoted) return true;
  }
  // Braces: an unquoted `{` … `}` pair with an unquoted `,` or `..` inside.
  const open = chars.findIndex((c) => c.ch === "{" && !c.quoted);
  if (open >= 0) {
    let close = -1;
    for (let i = chars.length - 1; i > open; i--) {
      const c = chars[i]!;
      if (c.ch === "}" && !c.quoted) {
        close = i;
        break;
      }
    }
    if (close > open) {
      for (let i = open + 1; i < close; i++) {
        const c = chars[i]!;
        if (c.quoted) continue;
        if (c.ch === ",") return true;
        if (c.ch === "." && chars[i + 1]?.ch === "." && !chars[i + 1]!.quoted) return true;
      }
    }
  }
  return false;
}

/**
 * The literal argument a word-like node stands for, or null when it contains
 * an expansion, a substitution, or (unless `literalExpansions`) a glob, brace
 * or tilde that bash would expand.
 */
export function literalWord(node: SyntaxNode, options: WordOptions = {}): string | null {
  const chars = nodeChars(node);
  if (chars === null) return null;
  if (options.literalExpansions !== true && hasUnquotedExpansion(chars)) return null;
  return chars.map((c) => c.ch).join("");
}
