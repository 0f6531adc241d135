// Where the two WebAssembly files the bash parser needs live at run time.
//
// Both come from npm dependencies, so the primary lookup is Node's module
// resolution starting at this file: that works from `src/` under vitest and
// from a bundled `dist/*.js` inside an installed package, whatever the cwd.
// A bundler that inlines `web-tree-sitter` breaks that library's own lookup
// (it searches next to the bundle), which is why the runtime wasm is resolved
// here too and handed to it explicitly. As a last resort a file copied next to
// the running module is accepted, for fully self-contained bundles.

import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BASH_GRAMMAR_WASM = "tree-sitter-bash.wasm";
export const TREE_SITTER_RUNTIME_WASM = "tree-sitter.wasm";

/** Thrown when a wasm file cannot be found; the message says what to do. */
export class ShellParserUnavailableError extends Error {
  override name = "ShellParserUnavailableError";
}

function resolveFromPackage(specifier: string): string | null {
  try {
    return createRequire(import.meta.url).resolve(specifier);
  } catch {
    return null;
  }
}

function besideThisModule(file: string): string | null {
  const candidate = path.join(path.dirname(fileURLToPath(import.meta.url)), file);
  return existsSync(candidate) ? candidate : null;
}

/** Absolute path of `tree-sitter-bash.wasm` (the bash grammar). */
export function resolveBashGrammarWasm(): string {
  const pkgJson = resolveFromPackage("tree-sitter-bash/package.json");
  if (pkgJson !== null) {
    const candidate = path.join(path.dirname(pkgJson), BASH_GRAMMAR_WASM);
    if (existsSync(candidate)) return candidate;
  }
  const local = besideThisModule(BASH_GRAMMAR_WASM);
  if (local !== null) return local;
  throw new ShellParserUnavailableError(
    `cannot find ${BASH_GRAMMAR_WASM}: the tree-sitter-bash package is not installed next to ${fileURLToPath(import.meta.url)}; reinstall codex-ts (npm install) so its dependencies are present`,
  );
}

/** Absolute path of web-tree-sitter's own `tree-sitter.wasm` runtime. */
export function resolveTreeSitterRuntimeWasm(): string {
  const resolved = resolveFromPackage(`web-tree-sitter/${TREE_SITTER_RUNTIME_WASM}`);
  if (resolved !== null && existsSync(resolved)) return resolved;
  const local = besideThisModule(TREE_SITTER_RUNTIME_WASM);
  if (local !== null) return local;
  throw new ShellParserUnavailableError(
    `cannot find ${TREE_SITTER_RUNTIME_WASM}: the web-tree-sitter package is not installed next to ${fileURLToPath(import.meta.url)}; reinstall codex-ts (npm install) so its dependencies are present`,
  );
}
