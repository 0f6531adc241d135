// Reading a bash script as a plain list of simple commands, with the real
// tree-sitter-bash grammar. Anything the shell could do beyond running those
// argvs (redirections, substitutions, expansions, control flow, subshells,
// assignments, background jobs…) makes the script "not plain" and the answer
// null, so callers fall back to asking the user.

import { withBashTree } from "./bash-parser.js";
import type { SyntaxNode } from "./bash-parser.js";
import { literalWord, WORD_KINDS } from "./words.js";
import type { WordOptions } from "./words.js";

export type { WordOptions } from "./words.js";

/** A plain script: its simple commands in source order. */
export interface PlainScript {
  commands: string[][];
  /** Whether any two commands are joined by a pipe. */
  hasPipe: boolean;
}

/** Operators that only sequence or connect commands, with no side effect of their own. */
const SAFE_OPERATORS: ReadonlySet<string> = new Set(["&&", "||", ";", "|"]);
const CONTAINER_KINDS: ReadonlySet<string> = new Set(["program", "list", "pipeline"]);

/**
 * Between two words of one command there must be real blanks. tree-sitter
 * splits `a\<newline>b` into two words where bash sees one (`ab`).
 */
function separatedByBlanks(script: string, left: SyntaxNode, right: SyntaxNode): boolean {
  const gap = script.slice(left.endIndex, right.startIndex);
  return /^(?:[ \t]|\\\r?\n)+$/.test(gap) && /[ \t]/.test(gap);
}

function plainCommandWords(
  script: string,
  command: SyntaxNode,
  options: WordOptions,
): string[] | null {
  const words: string[] = [];
  let previous: SyntaxNode | null = null;
  for (const child of command.children) {
    if (child === null || !child.isNamed) return null;
    let target = child;
    if (child.type === "command_name") {
      if (previous !== null) return null;
      const inner = child.namedChildren;
      if (inner.length !== 1 || inner[0] === null || inner[0] === undefined) return null;
      target = inner[0];
    } else if (previous === null) {
      // Something before the command name: an assignment or a redirection.
      return null;
    }
    if (!WORD_KINDS.has(target.type)) return null;
    if (previous !== null && !separatedByBlanks(script, previous, child)) return null;
    const word = literalWord(target, options);
    if (word === null) return null;
    words.push(word);
    previous = child;
  }
  return words.length > 0 ? words : null;
}

function collectPlain(
  script: string,
  node: SyntaxNode,
  options: WordOptions,
  out: PlainScript,
): boolean {
  if (node.type === "command") {
    const words = plainCommandWords(script, node, options);
    if (words === null) return false;
    out.commands.push(words);
    return true;
  }
  if (!CONTAINER_KINDS.has(node.type)) return false;
  if (node.type === "pipeline") out.hasPipe = true;
  for (const child of node.children) {
    if (child === null) return false;
    if (!child.isNamed) {
      if (!SAFE_OPERATORS.has(child.type)) return false;
      continue;
    }
    if (child.type === "comment") continue;
    if (!collectPlain(script, child, options, out)) return false;
  }
  return true;
}

/** Like {@link parseBashScript}, also reporting whether the script pipes. */
export async function parsePlainBashScript(
  script: string,
  options: WordOptions = {},
): Promise<PlainScript | null> {
  return withBashTree(script, (root) => {
    if (root.hasError) return null;
    const out: PlainScript = { commands: [], hasPipe: false };
    return collectPlain(script, root, options, out) ? out : null;
  });
}

/**
 * The simple commands of `script` (each as its exact argv) when the script
 * consists only of simple commands of plain words and quoted strings joined
 * by `&&`, `||`, `;`, `|` or newlines; null for anything else. An empty
 * script gives an empty list.
 */
export async function parseBashScript(
  script: string,
  options: WordOptions = {},
): Promise<string[][] | null> {
  const parsed = await parsePlainBashScript(script, options);
  return parsed === null ? null : parsed.commands;
}

function literalPrefix(command: SyntaxNode): string[] | null {
  const words: string[] = [];
  let sawName = false;
  for (const child of command.namedChildren) {
    if (child === null) break;
    if (!sawName) {
      // Leading `VAR=value` assignments and redirections do not change which
      // program runs.
      if (child.type !== "command_name") continue;
      const inner = child.namedChildren[0];
      const name =
        inner === null || inner === undefined
          ? null
          : literalWord(inner, { literalExpansions: true });
      if (name === null) return null;
      words.push(name);
      sawName = true;
      continue;
    }
    if (child.type.endsWith("_redirect")) continue;
    if (!WORD_KINDS.has(child.type)) break;
    const word = literalWord(child, { literalExpansions: true });
    if (word === null) break;
    words.push(word);
  }
  return sawName ? words : null;
}

/**
 * Best effort, for spotting destructive commands anywhere in a script that is
 * not plain: every command node in the tree (inside subshells, substitutions,
 * loops, functions…), cut at its first word that is not a literal. `rm -rf "$X"`
 * gives `["rm", "-rf"]`. Commands whose name is not literal are skipped.
 */
export async function commandPrefixesInScript(script: string): Promise<string[][]> {
  return withBashTree(script, (root) => {
    const out: string[][] = [];
    const visit = (node: SyntaxNode): void => {
      if (node.type === "command") {
        const prefix = literalPrefix(node);
        if (prefix !== null) out.push(prefix);
      }
      for (const child of node.namedChildren) {
        if (child !== null) visit(child);
      }
    };
    visit(root);
    return out;
  });
}
