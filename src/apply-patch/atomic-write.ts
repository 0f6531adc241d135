import { randomBytes } from "node:crypto";
import { chmod, lstat, mkdir, realpath, rename, stat, unlink, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `path` with `content` so readers never see a half-written file: the bytes go to a
 * temporary file in the same directory, which is then renamed over the target. A symlinked
 * target is followed (its target is replaced, not the link), and an existing file keeps its
 * permission bits. Parent directories are created as needed.
 */
export async function writeFileAtomic(
  path: string,
  content: string,
  modeFrom: string | null = path,
): Promise<void> {
  const target = await resolveSymlink(path);
  await mkdir(dirname(target), { recursive: true });
  const mode = modeFrom === null ? null : await stat(modeFrom).then((s) => s.mode & 0o7777, absent);
  const temp = join(dirname(target), `.${basename(target)}.${randomBytes(6).toString("hex")}.tmp`);
  try {
    await writeFile(temp, content, { flag: "wx", mode: mode ?? 0o666 });
    // writeFile's mode is filtered by the umask; the original bits must survive exactly.
    if (mode !== null) await chmod(temp, mode);
    await rename(temp, target);
  } catch (err) {
    await unlink(temp).catch(() => undefined);
    throw err;
  }
}

async function resolveSymlink(path: string): Promise<string> {
  const info = await lstat(path).catch(absent);
  if (info === null || !info.isSymbolicLink()) return path;
  // A dangling link resolves to nothing; write where it points.
  return realpath(path).catch(() => path);
}

function absent(err: unknown): null {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return null;
  throw err;
}
