// The patch engine's file operations, done in a session's environment.
import { dirname } from "node:path";
import { localPatchFs, type PatchFs } from "../apply-patch/patch-fs.js";
import type { Environment } from "./types.js";

function absent(err: unknown): null {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === "ENOENT" || code === "ENOTDIR") return null;
  throw err;
}

export function patchFsFor(env: Environment): PatchFs {
  if (env.kind === "local") return localPatchFs;
  // A remote write replaces the content in place (the server keeps the file's mode); it is not
  // atomic the way a local rename is.
  return {
    readFile: (path) => env.fs.readFile(path),
    stat: async (path) => {
      const info = await env.fs.stat(path).catch(absent);
      return info && { isDirectory: info.isDirectory, executable: false };
    },
    writeFile: async (path, content) => {
      await env.fs.mkdir(dirname(path), { recursive: true });
      await env.fs.writeFile(path, content);
    },
    unlink: (path) => env.fs.remove(path, { force: true }),
  };
}
