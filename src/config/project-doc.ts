// User instructions from AGENTS.md files: the global one in $CODEX_HOME, then one per directory
// from the repository root down to the cwd.
import { readFile, stat } from "node:fs/promises";
import { dirname, join } from "node:path";
import { isRepoRoot } from "../git/marker.js";

/** Tried in every directory before AGENTS.md; a local, uncommitted replacement. */
export const OVERRIDE_DOC_FILENAME = "AGENTS.override.md";
export const DEFAULT_DOC_FILENAME = "AGENTS.md";
/** Between the global instructions and the project docs (same marker as Codex). */
export const PROJECT_DOC_SEPARATOR = "\n\n--- project-doc ---\n\n";

export interface UserInstructionsOptions {
  codexHome: string;
  cwd: string;
  /** Budget for all project docs together; 0 turns project docs off (the global file still loads). */
  maxBytes: number;
  fallbackFilenames: readonly string[];
}

export interface UserInstructions {
  /** Joined text, or undefined when no file had content. */
  text: string | undefined;
  /** Absolute paths of the files used, global first, then root → cwd. */
  files: string[];
  /** True when the byte budget cut a project doc short. */
  truncated: boolean;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

async function firstExisting(dir: string, names: readonly string[]): Promise<string | undefined> {
  for (const name of names) {
    const path = join(dir, name);
    if (await isFile(path)) return path;
  }
  return undefined;
}

/** Directories from the enclosing git root (or just `cwd`) down to `cwd`. */
export async function projectDocDirs(cwd: string): Promise<string[]> {
  const chain: string[] = [];
  for (let dir = cwd; ; dir = dirname(dir)) {
    chain.push(dir);
    // `.git` is a directory in a normal checkout and a file in worktrees and submodules.
    if (await isRepoRoot(dir)) return chain.reverse();
    if (dirname(dir) === dir) return [cwd];
  }
}

/** The longest prefix of `buf` of at most `max` bytes that does not split a UTF-8 character. */
export function truncateUtf8(buf: Buffer, max: number): Buffer {
  if (buf.length <= max) return buf;
  let end = max;
  // Back up over continuation bytes (10xxxxxx) so the cut lands on a character boundary.
  while (end > 0 && ((buf[end] ?? 0) & 0xc0) === 0x80) end--;
  return buf.subarray(0, end);
}

export async function loadUserInstructions(
  opts: UserInstructionsOptions,
): Promise<UserInstructions> {
  const files: string[] = [];
  let truncated = false;

  let global: string | undefined;
  const globalPath = await firstExisting(opts.codexHome, [
    OVERRIDE_DOC_FILENAME,
    DEFAULT_DOC_FILENAME,
  ]);
  if (globalPath) {
    const text = (await readFile(globalPath, "utf8")).trim();
    if (text !== "") {
      global = text;
      files.push(globalPath);
    }
  }

  const projectParts: string[] = [];
  if (opts.maxBytes > 0) {
    const names = [OVERRIDE_DOC_FILENAME, DEFAULT_DOC_FILENAME, ...opts.fallbackFilenames];
    let remaining = opts.maxBytes;
    for (const dir of await projectDocDirs(opts.cwd)) {
      if (remaining <= 0) {
        truncated ||= (await firstExisting(dir, names)) !== undefined;
        continue;
      }
      const path = await firstExisting(dir, names);
      if (!path) continue;
      const bytes = await readFile(path);
      if (bytes.toString("utf8").trim() === "") continue;
      const kept = truncateUtf8(bytes, remaining);
      // A cut file uses up the budget, even when the cut backed off a multi-byte character.
      if (kept.length < bytes.length) truncated = true;
      remaining = truncated ? 0 : remaining - kept.length;
      projectParts.push(kept.toString("utf8"));
      files.push(path);
    }
  }

  const project = projectParts.length > 0 ? projectParts.join("\n\n") : undefined;
  const text =
    global !== undefined && project !== undefined
      ? `${global}${PROJECT_DOC_SEPARATOR}${project}`
      : (global ?? project);
  return { text, files, truncated };
}

/** The user-message text that carries the instructions (reference §3.3). */
export function formatUserInstructions(text: string, cwd: string): string {
  return `# AGENTS.md instructions for ${cwd}\n\n<INSTRUCTIONS>\n${text}\n</INSTRUCTIONS>`;
}
