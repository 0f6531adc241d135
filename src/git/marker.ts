// Whether a directory's `.git` entry makes it a repository, as git decides it: a gitlink file
// (worktrees, submodules) or a directory holding a HEAD. A stray empty `.git` directory (say the
// read-only mount target a sandbox leaves in /tmp) does not, so it must not make /tmp a project.
import { existsSync, statSync } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";

export function isRepoMarkerSync(dotGit: string): boolean {
  try {
    const info = statSync(dotGit);
    return info.isFile() || existsSync(path.join(dotGit, "HEAD"));
  } catch {
    return false;
  }
}

export async function isRepoMarker(dotGit: string): Promise<boolean> {
  const info = await stat(dotGit).catch(() => null);
  if (info === null) return false;
  if (info.isFile()) return true;
  return stat(path.join(dotGit, "HEAD")).then(
    () => true,
    () => false,
  );
}

/** Whether `dir` is the top of a repository (has a valid `.git`). */
export const isRepoRootSync = (dir: string) => isRepoMarkerSync(path.join(dir, ".git"));
export const isRepoRoot = (dir: string) => isRepoMarker(path.join(dir, ".git"));
