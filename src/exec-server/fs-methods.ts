// The exec-server's `fs/*` methods. Paths arrive as file:// URIs; OS errors go back as -32603
// with the OS's wording and errno, as the reference words them ("Read-only file system (os
// error 30)"). With a `sandbox`, a write outside the policy's writable roots (or into a
// protected path such as .git) is refused the same way a sandboxed process would see it.
import { constants as osConstants } from "node:os";
import { promises as fs } from "node:fs";
import path from "node:path";
import type { SandboxPolicy } from "../protocol/index.js";
import { writableRoots } from "../sandbox/policy.js";
import { policyFromPermissions } from "./permissions.js";
import {
  CopyParams,
  CreateDirectoryParams,
  ErrorCode,
  PathParams,
  RemoveParams,
  RpcError,
  WriteFileParams,
  parseParams,
  type SandboxParams,
} from "./protocol.js";
import { pathToUri, uriToPath } from "./uri.js";

const STRERROR: Record<string, string> = {
  ENOENT: "No such file or directory",
  EACCES: "Permission denied",
  EPERM: "Operation not permitted",
  EEXIST: "File exists",
  ENOTDIR: "Not a directory",
  EISDIR: "Is a directory",
  ENOTEMPTY: "Directory not empty",
  EROFS: "Read-only file system",
  ELOOP: "Too many levels of symbolic links",
  ENAMETOOLONG: "File name too long",
  ENOSPC: "No space left on device",
  EXDEV: "Invalid cross-device link",
};

export function osError(code: string): RpcError {
  const errno = (osConstants.errno as Record<string, number>)[code] ?? 0;
  return new RpcError(ErrorCode.Internal, `${STRERROR[code] ?? code} (os error ${errno})`);
}

async function os<T>(op: () => Promise<T>): Promise<T> {
  try {
    return await op();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (!(e instanceof RpcError) && typeof code === "string") throw osError(code);
    throw e;
  }
}

const inside = (p: string, root: string) => p === root || p.startsWith(root + path.sep);

/** Throws EROFS unless `sandbox` (if any) lets `target` be written. */
function checkWritable(
  target: string,
  sandbox: SandboxParams | null | undefined,
  codexHome: string,
) {
  if (!sandbox) return;
  const policy: SandboxPolicy = policyFromPermissions(sandbox.permissions);
  if (policy.type === "danger-full-access") return;
  const cwd = sandbox.cwd ? uriToPath(sandbox.cwd) : path.dirname(target);
  const roots = writableRoots(policy, cwd, process.env, codexHome);
  const ok = roots.some(
    (r) => inside(target, r.root) && !r.protectedPaths.some((p) => inside(target, p)),
  );
  if (!ok) throw osError("EROFS");
}

export type FsHandler = (params: unknown, codexHome: string) => Promise<unknown>;

export const fsMethods: Record<string, FsHandler> = {
  "fs/readFile": async (params) => {
    const p = parseParams(PathParams, params);
    const data = await os(() => fs.readFile(uriToPath(p.path)));
    return { dataBase64: data.toString("base64") };
  },
  "fs/writeFile": async (params, home) => {
    const p = parseParams(WriteFileParams, params);
    const target = uriToPath(p.path);
    checkWritable(target, p.sandbox, home);
    await os(() => fs.writeFile(target, Buffer.from(p.dataBase64, "base64")));
    return {};
  },
  "fs/createDirectory": async (params, home) => {
    const p = parseParams(CreateDirectoryParams, params);
    const target = uriToPath(p.path);
    checkWritable(target, p.sandbox, home);
    await os(() => fs.mkdir(target, { recursive: p.recursive ?? false }));
    return {};
  },
  "fs/getMetadata": async (params) => {
    const p = parseParams(PathParams, params);
    const target = uriToPath(p.path);
    const link = await os(() => fs.lstat(target));
    const st = link.isSymbolicLink() ? await os(() => fs.stat(target)) : link;
    return {
      isDirectory: st.isDirectory(),
      isFile: st.isFile(),
      isSymlink: link.isSymbolicLink(),
      size: st.size,
      createdAtMs: Math.trunc(st.birthtimeMs),
      modifiedAtMs: Math.trunc(st.mtimeMs),
    };
  },
  "fs/canonicalize": async (params) => {
    const p = parseParams(PathParams, params);
    return { path: pathToUri(await os(() => fs.realpath(uriToPath(p.path)))) };
  },
  "fs/readDirectory": async (params) => {
    const p = parseParams(PathParams, params);
    const entries = await os(() => fs.readdir(uriToPath(p.path), { withFileTypes: true }));
    return {
      entries: entries
        .map((e) => ({ fileName: e.name, isDirectory: e.isDirectory(), isFile: e.isFile() }))
        .sort((a, b) => a.fileName.localeCompare(b.fileName)),
    };
  },
  "fs/remove": async (params, home) => {
    const p = parseParams(RemoveParams, params);
    const target = uriToPath(p.path);
    checkWritable(target, p.sandbox, home);
    await os(() => fs.rm(target, { recursive: p.recursive ?? false, force: p.force ?? false }));
    return {};
  },
  "fs/copy": async (params, home) => {
    const p = parseParams(CopyParams, params);
    const from = uriToPath(p.sourcePath);
    const to = uriToPath(p.destinationPath);
    checkWritable(to, p.sandbox, home);
    await os(() => fs.cp(from, to, { recursive: p.recursive ?? false, errorOnExist: false }));
    return {};
  },
};
