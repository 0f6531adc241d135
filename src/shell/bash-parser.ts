// One lazily created tree-sitter parser for bash, shared by every caller.
//
// Loading the wasm runtime and grammar costs a few milliseconds, so it only
// happens the first time a decision actually needs a parse. `parse` itself is
// synchronous, so sharing one Parser between concurrent async callers is safe.

import { setFlagsFromString } from "node:v8";
import { Language, Parser } from "web-tree-sitter";
import type { Node, Tree } from "web-tree-sitter";
import { resolveBashGrammarWasm, resolveTreeSitterRuntimeWasm } from "./wasm-paths.js";

export type { Node as SyntaxNode } from "web-tree-sitter";

let parserPromise: Promise<Parser> | null = null;

async function createParser(): Promise<Parser> {
  // The grammar is a large wasm module and the scripts we parse are tiny. By default V8 compiles
  // it in the background and later re-compiles hot functions with TurboFan; both stall the main
  // thread (for ~400 ms mid-turn and ~300 ms at exit, measured here). Compiling synchronously with
  // the baseline compiler only costs a few milliseconds, and parsing stays well under one.
  setFlagsFromString("--no-wasm-async-compilation");
  setFlagsFromString("--liftoff-only");
  const runtimeWasm = resolveTreeSitterRuntimeWasm();
  await Parser.init({ locateFile: () => runtimeWasm });
  const language = await Language.load(resolveBashGrammarWasm());
  const parser = new Parser();
  parser.setLanguage(language);
  loaded = true;
  return parser;
}

let loaded = false;

/** Whether the wasm parser has been loaded in this process (it loads on first need). */
export function isBashParserLoaded(): boolean {
  return loaded;
}

/** The shared bash parser, created on first use. */
export function getBashParser(): Promise<Parser> {
  if (parserPromise === null) {
    parserPromise = createParser().catch((err: unknown) => {
      // A failed load must not poison the cache forever (e.g. a transient I/O error).
      parserPromise = null;
      throw err;
    });
  }
  return parserPromise;
}

/**
 * Parse `script` and hand the root node to `visit`. Trees live in wasm memory
 * and are freed as soon as `visit` returns, so nodes must not escape it.
 */
export async function withBashTree<T>(script: string, visit: (root: Node) => T): Promise<T> {
  const parser = await getBashParser();
  const tree: Tree | null = parser.parse(script);
  if (tree === null) throw new Error("tree-sitter returned no tree for a bash script");
  try {
    return visit(tree.rootNode);
  } finally {
    tree.delete();
  }
}
