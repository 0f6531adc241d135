// Git helpers: a safe runner and ghost snapshots (the working tree as an unreferenced commit).
export {
  DEFAULT_GIT_TIMEOUT_MS,
  git,
  GitError,
  headCommit,
  repoRoot,
  runGit,
  splitNul,
} from "./run-git.js";
export type { GitOptions, GitResult } from "./run-git.js";
export {
  createGhostSnapshot,
  deleteGhostSnapshot,
  GHOST_REF_ROOT,
  ghostRefPrefix,
  listGhostSnapshots,
  MAX_GHOST_SNAPSHOTS,
  pruneGhostSnapshots,
  restoreGhostSnapshot,
  worktreeTree,
} from "./ghost-snapshot.js";
export type { GhostSnapshot, RestoreReport } from "./ghost-snapshot.js";
