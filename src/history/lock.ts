// A cross-process advisory lock for files several codex processes share. Node has no flock,
// so the lock is a file created with O_EXCL ("wx"): creation either succeeds for exactly one
// process or fails with EEXIST, on every local filesystem. A lock left by a crashed process
// is detected by its pid (no longer running) or its age, and broken.
import { link, open, readFile, rename, stat, unlink } from "node:fs/promises";
import { hostname } from "node:os";

export interface LockOptions {
  /** Give up after this long. */
  timeoutMs?: number;
  /** A lock file older than this is abandoned whatever its pid says (pid reuse, other hosts). */
  staleMs?: number;
}

export const DEFAULT_LOCK_TIMEOUT_MS = 5_000;
export const DEFAULT_LOCK_STALE_MS = 30_000;

const HOST = hostname();

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

function code(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

async function tryCreate(lockPath: string): Promise<number | null> {
  let fh;
  try {
    fh = await open(lockPath, "wx", 0o600);
  } catch (err) {
    if (code(err) === "EEXIST") return null;
    throw err;
  }
  try {
    await fh.writeFile(`${process.pid}\n${HOST}\n`);
    return (await fh.stat()).ino;
  } finally {
    await fh.close();
  }
}

/** Whether the existing lock was left by a process that is gone; its inode if so. */
async function staleLockInode(lockPath: string, staleMs: number): Promise<number | null> {
  try {
    const info = await stat(lockPath);
    const [pidText, host] = (await readFile(lockPath, "utf8")).split("\n");
    const pid = Number(pidText);
    const tooOld = Date.now() - info.mtimeMs > staleMs;
    // A half-written lock (empty) is young for a moment; only age makes it stale.
    const deadOwner = host === HOST && Number.isInteger(pid) && pid > 0 && !isAlive(pid);
    return tooOld || deadOwner ? info.ino : null;
  } catch (err) {
    if (code(err) === "ENOENT") return null;
    throw err;
  }
}

/**
 * Remove a stale lock without clobbering a fresh one another process took in the meantime:
 * move it aside (atomic), check it is the file judged stale, and put it back (link fails if
 * the name is taken again) when it is not.
 */
async function breakStaleLock(lockPath: string, staleIno: number): Promise<void> {
  const aside = `${lockPath}.stale-${process.pid}-${Math.random().toString(36).slice(2)}`;
  try {
    await rename(lockPath, aside);
  } catch (err) {
    if (code(err) === "ENOENT") return;
    throw err;
  }
  try {
    if ((await stat(aside)).ino !== staleIno) {
      await link(aside, lockPath).catch(() => undefined);
    }
  } finally {
    await unlink(aside).catch(() => undefined);
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Run `fn` while holding the lock at `lockPath`; waits with backoff, bounded by a timeout. */
export async function withFileLock<T>(
  lockPath: string,
  fn: () => Promise<T>,
  options: LockOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS;
  const staleMs = options.staleMs ?? DEFAULT_LOCK_STALE_MS;
  const deadline = Date.now() + timeoutMs;
  let ino: number | null = null;
  for (let attempt = 0; ino === null; attempt++) {
    ino = await tryCreate(lockPath);
    if (ino !== null) break;
    const staleIno = await staleLockInode(lockPath, staleMs);
    if (staleIno !== null) {
      await breakStaleLock(lockPath, staleIno);
      continue;
    }
    if (Date.now() >= deadline) {
      const holder = await readFile(lockPath, "utf8").catch(() => "");
      const pid = holder.split("\n")[0] || "unknown";
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for the lock ${lockPath} (held by pid ${pid}); ` +
          `if no codex process is running, delete that file`,
      );
    }
    // Holders keep the lock for a few ms; back off quickly up to 25 ms, with jitter.
    await delay(Math.min(25, 2 ** Math.min(attempt, 5)) * (0.5 + Math.random()));
  }
  try {
    return await fn();
  } finally {
    // Only remove our own lock: had we been judged stale, the file now belongs to another.
    const current = await stat(lockPath).catch(() => null);
    if (current && current.ino === ino) await unlink(lockPath).catch(() => undefined);
  }
}
