// $CODEX_HOME/history.jsonl: every prompt the user submitted, one `{session_id, ts, text}`
// line each, shared by all codex processes of the user.
//
// Concurrency: appends run under a lock file (see lock.ts) because trimming rewrites the file
// via rename, and an append racing a rename would land in the replaced inode and be lost.
// Each line also goes out in one write() on an O_APPEND descriptor: Linux serialises writes
// to a regular file under the inode lock and positions O_APPEND writes at the end
// atomically, so even a writer that ignores our lock (Codex itself uses flock) cannot
// interleave bytes with ours.
import { mkdir, open, rename, unlink } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import type { HistoryEntry } from "../protocol/index.js";
import { withFileLock } from "./lock.js";
import type { LockOptions } from "./lock.js";

export const HISTORY_FILE_NAME = "history.jsonl";
const FILE_MODE = 0o600;
/** After trimming, the file is at most this share of max_bytes, so trims are not every append. */
export const TRIM_TARGET_RATIO = 0.8;

export function historyPath(codexHome: string): string {
  return path.join(codexHome, HISTORY_FILE_NAME);
}

export interface AppendHistoryParams {
  codexHome: string;
  sessionId: string;
  text: string;
  /** `[history] persistence`; "none" writes nothing. */
  persistence?: "save-all" | "none";
  /** `[history] max_bytes`; when the file grows past it, the oldest lines are dropped. */
  maxBytes?: number;
  /** Entry time; defaults to now. */
  now?: Date;
  lock?: LockOptions;
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await fh.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

const NL = Buffer.from("\n");

/** Whether a crashed writer left the file without a final newline (ours would be glued on). */
async function endsMidLine(fh: FileHandle, size: number): Promise<boolean> {
  if (size === 0) return false;
  const last = Buffer.alloc(1);
  await fh.read(last, 0, 1, size - 1);
  return last[0] !== 0x0a;
}

/** Append one entry. Errors (I/O, lock timeout) are thrown for the caller to log. */
export async function appendHistoryEntry(params: AppendHistoryParams): Promise<void> {
  if (params.persistence === "none") return;
  const file = historyPath(params.codexHome);
  const ts = Math.floor((params.now ?? new Date()).getTime() / 1000);
  const line = Buffer.from(
    JSON.stringify({ session_id: params.sessionId, ts, text: params.text }) + "\n",
    "utf8",
  );
  await mkdir(params.codexHome, { recursive: true });
  await withFileLock(
    `${file}.lock`,
    async () => {
      const fh = await open(file, "a+", FILE_MODE);
      let size: number;
      try {
        // The mode argument only applies at creation; fix a file someone made readable.
        const before = await fh.stat();
        if ((before.mode & 0o777) !== FILE_MODE) await fh.chmod(FILE_MODE);
        await writeAll(fh, (await endsMidLine(fh, before.size)) ? Buffer.concat([NL, line]) : line);
        size = (await fh.stat()).size;
      } finally {
        await fh.close();
      }
      if (params.maxBytes !== undefined && params.maxBytes > 0 && size > params.maxBytes) {
        await trimOldest(file, Math.floor(params.maxBytes * TRIM_TARGET_RATIO));
      }
    },
    params.lock,
  );
}

/**
 * Drop the oldest lines until the file fits in `targetBytes` (the newest line always stays),
 * by writing a new 0600 file and renaming it over the old one. Called under the lock.
 */
async function trimOldest(file: string, targetBytes: number): Promise<void> {
  const fh = await open(file, "r");
  let data: Buffer;
  try {
    data = await fh.readFile();
  } finally {
    await fh.close();
  }
  // The file ends with the line just appended; it always survives, even if over the target.
  const lastLineStart = data.lastIndexOf(0x0a, data.length - 2) + 1;
  let start = 0;
  while (data.length - start > targetBytes && start < lastLineStart) {
    start = data.indexOf(0x0a, start) + 1;
  }
  if (start === 0) return;
  const tmp = `${file}.tmp-${process.pid}-${Math.random().toString(36).slice(2)}`;
  const out = await open(tmp, "wx", FILE_MODE);
  try {
    await writeAll(out, data.subarray(start));
    await out.datasync();
  } catch (err) {
    await out.close();
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await out.close();
  await rename(tmp, file);
}

export interface HistoryMetadata {
  /** The file's inode; changes when trimming replaces the file. 0 when there is no file. */
  logId: number;
  entryCount: number;
}

/** For SessionConfigured's history_log_id / history_entry_count. */
export async function historyMetadata(codexHome: string): Promise<HistoryMetadata> {
  let fh: FileHandle;
  try {
    fh = await open(historyPath(codexHome), "r");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return { logId: 0, entryCount: 0 };
    throw err;
  }
  try {
    const logId = (await fh.stat()).ino;
    const buf = Buffer.alloc(64 * 1024);
    let entryCount = 0;
    let position = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      for (let i = buf.indexOf(0x0a); i !== -1 && i < bytesRead; i = buf.indexOf(0x0a, i + 1)) {
        entryCount++;
      }
    }
    return { logId, entryCount };
  } finally {
    await fh.close();
  }
}

/**
 * Entry number `offset` (0 = oldest) of the history file, if it is still the file with
 * inode `logId`; null otherwise, or when the entry is missing or unreadable.
 */
export async function lookupHistoryEntry(
  codexHome: string,
  logId: number,
  offset: number,
): Promise<HistoryEntry | null> {
  if (!Number.isInteger(offset) || offset < 0) return null;
  let fh: FileHandle;
  try {
    fh = await open(historyPath(codexHome), "r");
  } catch {
    return null;
  }
  try {
    if ((await fh.stat()).ino !== logId) return null;
    const data = await fh.readFile();
    let start = 0;
    for (let n = 0; n < offset; n++) {
      const nl = data.indexOf(0x0a, start);
      if (nl === -1) return null;
      start = nl + 1;
    }
    const end = data.indexOf(0x0a, start);
    if (end === -1) return null;
    const value = JSON.parse(data.toString("utf8", start, end)) as Record<string, unknown>;
    const { session_id, ts, text } = value;
    if (typeof session_id !== "string" || typeof ts !== "number" || typeof text !== "string") {
      return null;
    }
    return { conversation_id: session_id, ts, text };
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}
