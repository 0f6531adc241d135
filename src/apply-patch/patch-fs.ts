// The file operations the patch engine needs, so a patch can be verified and applied wherever
// the session's files live (this machine, or a remote environment). Local is the default.
import { readFile, stat, unlink } from "node:fs/promises";
import { writeFileAtomic } from "./atomic-write.js";

export interface PatchFs {
  /** Rejects with a Node-style `code` (ENOENT, EISDIR, …) like fs.readFile. */
  readFile(path: string): Promise<Buffer>;
  /** Null when nothing is there. */
  stat(path: string): Promise<{ isDirectory: boolean; executable: boolean } | null>;
  /** Replaces `path`, keeping the permission bits of `modeFrom` when it exists. */
  writeFile(path: string, content: string, modeFrom?: string | null): Promise<void>;
  /** Removes a file; a missing one is not an error. */
  unlink(path: string): Promise<void>;
}

function absent(err: unknown): null {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return null;
  throw err;
}

export const localPatchFs: PatchFs = {
  readFile: (path) => readFile(path),
  stat: async (path) => {
    const info = await stat(path).catch(absent);
    return info && { isDirectory: info.isDirectory(), executable: (info.mode & 0o111) !== 0 };
  },
  writeFile: (path, content, modeFrom) => writeFileAtomic(path, content, modeFrom),
  unlink: (path) =>
    unlink(path)
      .catch(absent)
      .then(() => undefined),
};
