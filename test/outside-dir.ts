// A scratch directory that lies outside every root the sandbox makes writable, so a test can
// check that a sandboxed write there fails. `$HOME` is not a safe choice: on CI machines it
// can live under /tmp, which workspace-write makes writable.
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { REPO_ROOT } from "./harness.js";

/** Roots workspace-write makes writable besides the workspace itself. */
function writableRoots(extra: string[]): string[] {
  const roots = ["/tmp", tmpdir(), process.env.TMPDIR ?? "", ...extra].filter(Boolean);
  return roots.map((r) => {
    try {
      return realpathSync(r);
    } catch {
      return path.resolve(r);
    }
  });
}

const inside = (p: string, root: string) => p === root || p.startsWith(root + path.sep);

/**
 * Makes a fresh directory outside `/tmp`, `$TMPDIR` and `extraWritable`; the caller removes it.
 * Throws (never skips) when this machine offers no such place, naming what was tried.
 */
export function makeOutsideDir(extraWritable: string[] = []): { dir: string; cleanup(): void } {
  const roots = writableRoots(extraWritable);
  const candidates = ["/var/tmp", path.join(REPO_ROOT, "node_modules", ".cache"), REPO_ROOT];
  const tried: string[] = [];
  for (const base of candidates) {
    let dir: string;
    try {
      dir = realpathSync(mkdtempSync(path.join(base, "codex-ts-outside-")));
    } catch (e) {
      tried.push(`${base}: ${(e as Error).message}`);
      continue;
    }
    if (roots.some((r) => inside(dir, r))) {
      rmSync(dir, { recursive: true, force: true });
      tried.push(`${base}: inside a writable root`);
      continue;
    }
    return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  }
  throw new Error(`no directory outside the sandbox's writable roots: ${tried.join("; ")}`);
}
