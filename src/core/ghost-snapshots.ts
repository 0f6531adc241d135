// A session's ghost snapshots (seed-spec B6.14–B6.16): one before each turn, taken in the
// background while the first model request is in flight; tool calls wait for it. Undo puts
// the working tree back to the newest one and drops it, so repeated undos walk back in time.
// The git code loads on the first snapshot or undo (`codex exec` takes none by default).
import type { GhostSnapshot, RestoreReport } from "../git/index.js";

const git = () => import("../git/index.js");

/**
 * Tool calls wait for the snapshot; in a huge tree (say, an un-ignored node_modules) it is
 * abandoned after this long rather than holding the turn up. That turn then has no snapshot.
 */
export const GHOST_SNAPSHOT_TIMEOUT_MS = 10_000;

export interface UndoOutcome {
  success: boolean;
  message: string;
}

export class GhostSnapshots {
  /** Snapshots of this session per repository root, oldest first (loaded from refs on first use). */
  private readonly stacks = new Map<string, GhostSnapshot[]>();
  private pending: Promise<void> = Promise.resolve();

  constructor(
    private readonly threadId: string,
    private readonly enabled: boolean,
    private readonly log: (message: string) => void,
  ) {}

  /** Snapshot `cwd`'s repository before turn `label`; resolves when done (failures are logged). */
  capture(cwd: string, label: string): Promise<void> {
    if (!this.enabled) return Promise.resolve();
    const run = this.pending.then(async () => {
      const started = performance.now();
      const { createGhostSnapshot, pruneGhostSnapshots, repoRoot } = await git();
      const root = await repoRoot(cwd);
      if (!root) return;
      const stack = await this.stack(root);
      const number = (stack[stack.length - 1]?.number ?? 0) + 1;
      const snapshot = await createGhostSnapshot({
        root,
        threadId: this.threadId,
        number,
        label,
        signal: AbortSignal.timeout(GHOST_SNAPSHOT_TIMEOUT_MS),
      });
      stack.push(snapshot);
      this.log(
        `ghost snapshot ${snapshot.ref} (${snapshot.commit.slice(0, 12)}) in ${Math.round(performance.now() - started)} ms`,
      );
      await pruneGhostSnapshots(root, this.threadId);
    });
    this.pending = run.catch((e: Error) => this.log(`ghost snapshot failed: ${e.message}`));
    return this.pending;
  }

  /** Resolves when no snapshot is being taken. */
  settled(): Promise<void> {
    return this.pending;
  }

  async undo(cwd: string): Promise<UndoOutcome> {
    await this.pending;
    let mod: Awaited<ReturnType<typeof git>>;
    try {
      mod = await git();
    } catch (e) {
      return { success: false, message: `Undo failed: ${(e as Error).message}` };
    }
    const { deleteGhostSnapshot, repoRoot, restoreGhostSnapshot } = mod;
    const root = await repoRoot(cwd);
    if (!root) {
      return {
        success: false,
        message: `Undo needs a git repository: ${cwd} is not inside one, so no snapshots were taken.`,
      };
    }
    const stack = await this.stack(root);
    const snapshot = stack.pop();
    if (!snapshot) {
      return {
        success: false,
        message: this.enabled
          ? "There is no snapshot to undo to: no turn of this session has run in this repository yet."
          : "There is no snapshot to undo to: snapshots are disabled (features.ghost_commit = false).",
      };
    }
    let report: RestoreReport;
    try {
      report = await restoreGhostSnapshot(root, snapshot);
    } catch (e) {
      stack.push(snapshot);
      return { success: false, message: `Undo failed in ${root}: ${(e as Error).message}` };
    }
    await deleteGhostSnapshot(root, snapshot).catch((e: Error) =>
      this.log(`could not delete ${snapshot.ref}: ${e.message}`),
    );
    return { success: true, message: describeRestore(report) };
  }

  private async stack(root: string): Promise<GhostSnapshot[]> {
    let stack = this.stacks.get(root);
    if (!stack) {
      // A resumed session finds the snapshots its earlier runs left.
      stack = await (await git()).listGhostSnapshots(root, this.threadId);
      this.stacks.set(root, stack);
    }
    return stack;
  }
}

function list(files: string[]): string {
  const shown = files.slice(0, 10).join(", ");
  return files.length > 10 ? `${shown} and ${files.length - 10} more` : shown;
}

export function describeRestore(report: RestoreReport): string {
  const parts: string[] = [];
  if (report.restored.length) parts.push(`restored ${list(report.restored)}`);
  if (report.recreated.length) parts.push(`recreated ${list(report.recreated)}`);
  if (report.removed.length) parts.push(`removed ${list(report.removed)}`);
  if (parts.length === 0) {
    return "Undo: the working tree already matched the snapshot taken before the last turn; nothing changed.";
  }
  return `Undo: ${parts.join("; ")}.`;
}
