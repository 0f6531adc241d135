// Ghost snapshots: the working tree captured as a commit object that no branch points at,
// built through a private index so the user's index, HEAD, branches and stash stay untouched.
// Tracked and untracked files are included; ignored files are not (git add -A rules).
import { copyFile, mkdtemp, rm, rmdir, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { git, headCommit, runGit, splitNul } from "./run-git.js";

/** Where snapshots live: `refs/codex/ghost/<thread id>/<n>`. */
export const GHOST_REF_ROOT = "refs/codex/ghost";

/** Snapshots kept per session; older refs are deleted so their objects can be collected. */
export const MAX_GHOST_SNAPSHOTS = 20;

/** Identity for snapshot commits, so they work without user.name/user.email configured. */
const IDENTITY = {
  GIT_AUTHOR_NAME: "codex-ts",
  GIT_AUTHOR_EMAIL: "codex-ts@localhost",
  GIT_COMMITTER_NAME: "codex-ts",
  GIT_COMMITTER_EMAIL: "codex-ts@localhost",
};

export interface GhostSnapshot {
  ref: string;
  commit: string;
  /** Position in the session's sequence (1 = first). */
  number: number;
}

export function ghostRefPrefix(threadId: string): string {
  return `${GHOST_REF_ROOT}/${threadId}/`;
}

/**
 * Build a tree object of the working tree as `git add -A` sees it, through a temporary index.
 * The user's index is copied as the starting point when possible: its stat data lets git hash
 * only files that changed, instead of every tracked file. Any problem with the copy (a split
 * index, a corrupt file) falls back to an index read from HEAD.
 */
export async function worktreeTree(root: string, signal?: AbortSignal): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "codex-ghost-"));
  const index = path.join(dir, "index");
  const env = { GIT_INDEX_FILE: index };
  // A split index would make git write shared-index files into the user's .git directory.
  const noSplit = ["-c", "core.splitIndex=false"];
  try {
    const userIndex = await git(["rev-parse", "--path-format=absolute", "--git-path", "index"], {
      cwd: root,
    });
    try {
      await copyFile(userIndex, index);
      await git([...noSplit, "add", "-A"], { cwd: root, env, signal });
      return await git(["write-tree"], { cwd: root, env, signal });
    } catch (e) {
      if (signal?.aborted) throw e;
      await rm(index, { force: true });
    }
    const head = await headCommit(root);
    await git(head ? ["read-tree", head] : ["read-tree", "--empty"], { cwd: root, env, signal });
    await git([...noSplit, "add", "-A"], { cwd: root, env, signal });
    return await git(["write-tree"], { cwd: root, env, signal });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Snapshot the working tree of the repository at `root` as ref `<prefix><number>`. */
export async function createGhostSnapshot(params: {
  root: string;
  threadId: string;
  number: number;
  /** Shown in the commit message (e.g. the turn id). */
  label?: string;
  signal?: AbortSignal;
}): Promise<GhostSnapshot> {
  const { root, signal } = params;
  const tree = await worktreeTree(root, signal);
  const head = await headCommit(root);
  const message = `codex-ts ghost snapshot${params.label ? ` before turn ${params.label}` : ""}`;
  const args = ["commit-tree", tree, "--no-gpg-sign", "-m", message];
  if (head) args.push("-p", head);
  const commit = await git(args, { cwd: root, env: IDENTITY, signal });
  const ref = `${ghostRefPrefix(params.threadId)}${params.number}`;
  await git(["update-ref", ref, commit], { cwd: root, signal });
  return { ref, commit, number: params.number };
}

/** A session's snapshots, oldest first. */
export async function listGhostSnapshots(root: string, threadId: string): Promise<GhostSnapshot[]> {
  const prefix = ghostRefPrefix(threadId);
  const out = await git(["for-each-ref", "--format=%(refname) %(objectname)", prefix], {
    cwd: root,
  });
  const snapshots: GhostSnapshot[] = [];
  for (const line of out.split("\n")) {
    const [ref, commit] = line.split(" ");
    if (!ref || !commit) continue;
    const number = Number(ref.slice(prefix.length));
    if (Number.isInteger(number) && number > 0) snapshots.push({ ref, commit, number });
  }
  return snapshots.sort((a, b) => a.number - b.number);
}

export async function deleteGhostSnapshot(root: string, snapshot: GhostSnapshot): Promise<void> {
  await git(["update-ref", "-d", snapshot.ref, snapshot.commit], { cwd: root });
}

/** Keep the newest `keep` snapshots of a session; delete the rest. */
export async function pruneGhostSnapshots(
  root: string,
  threadId: string,
  keep: number = MAX_GHOST_SNAPSHOTS,
): Promise<void> {
  const all = await listGhostSnapshots(root, threadId);
  const old = all.slice(0, Math.max(0, all.length - keep));
  if (old.length === 0) return;
  const input = old.map((s) => `delete ${s.ref} ${s.commit}\n`).join("");
  await git(["update-ref", "--stdin"], { cwd: root, input });
}

export interface RestoreReport {
  /** Files whose content (or mode) was put back. */
  restored: string[];
  /** Files created after the snapshot, removed. */
  removed: string[];
  /** Files deleted after the snapshot, recreated. */
  recreated: string[];
}

/**
 * Put the working tree back to `snapshot`: files changed since are restored, files added since
 * are deleted, files deleted since are recreated. Ignored files, the index, HEAD and refs are
 * left alone. Paths are relative to `root`.
 */
export async function restoreGhostSnapshot(
  root: string,
  snapshot: GhostSnapshot,
): Promise<RestoreReport> {
  const current = await worktreeTree(root);
  const diff = await runGit(
    [
      "diff-tree",
      "-r",
      "-z",
      "--no-renames",
      "--name-status",
      `${snapshot.commit}^{tree}`,
      current,
    ],
    { cwd: root },
  );
  if (diff.code !== 0) throw new Error(`cannot compare with the snapshot: ${diff.stderr.trim()}`);
  const report: RestoreReport = { restored: [], removed: [], recreated: [] };
  const fields = splitNul(diff.stdout);
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i] as string;
    const file = fields[i + 1] as string;
    if (status === "A") report.removed.push(file);
    else if (status === "D") report.recreated.push(file);
    else report.restored.push(file);
  }
  for (const file of report.removed) await removeFile(root, file);
  const toCheckout = [...report.restored, ...report.recreated];
  if (toCheckout.length > 0) {
    const dir = await mkdtemp(path.join(tmpdir(), "codex-undo-"));
    const env = { GIT_INDEX_FILE: path.join(dir, "index") };
    try {
      await git(["read-tree", snapshot.commit], { cwd: root, env });
      await git(["checkout-index", "-f", "-z", "--stdin"], {
        cwd: root,
        env,
        input: toCheckout.map((f) => `${f}\0`).join(""),
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return report;
}

/** Delete a file and the directories that become empty because of it (never `root` itself). */
async function removeFile(root: string, file: string): Promise<void> {
  const abs = path.join(root, file);
  await unlink(abs).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== "ENOENT") throw e;
  });
  let dir = path.dirname(abs);
  while (dir.startsWith(root + path.sep)) {
    try {
      await rmdir(dir);
    } catch {
      break;
    }
    dir = path.dirname(dir);
  }
}
