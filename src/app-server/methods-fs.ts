// fs/* methods: the client reads and writes files through the server (remote workspaces).
// Paths must be absolute; failures name the path and the reason.
import { cp, lstat, mkdir, readFile, readdir, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Handler } from "./methods-threads.js";
import { RpcError, invalidRequest, parseParams } from "./rpc.js";

const Abs = z.string().refine((p) => path.isAbsolute(p), { message: "must be an absolute path" });
const PathOnly = z.object({ path: Abs });
const WriteSchema = z.object({ path: Abs, dataBase64: z.string() });
const MkdirSchema = z.object({ path: Abs, recursive: z.boolean().nullable().optional() });
const RemoveSchema = z.object({
  path: Abs,
  recursive: z.boolean().nullable().optional(),
  force: z.boolean().nullable().optional(),
});
const CopySchema = z.object({
  sourcePath: Abs,
  destinationPath: Abs,
  recursive: z.boolean().optional(),
});

/** File-system failures are the client's to handle: -32600 with the path and the reason. */
async function fsCall<T>(what: string, p: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof RpcError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw invalidRequest(`${what} ${p}: ${err.code ?? ""} ${err.message}`.replace(/\s+/g, " "));
  }
}

export function fsMethods(): Record<string, Handler> {
  return {
    "fs/readFile": async (_c, params) => {
      const p = parseParams(PathOnly, params);
      const data = await fsCall("cannot read", p.path, () => readFile(p.path));
      return { dataBase64: data.toString("base64") };
    },
    "fs/writeFile": async (_c, params) => {
      const p = parseParams(WriteSchema, params);
      await fsCall("cannot write", p.path, () =>
        writeFile(p.path, Buffer.from(p.dataBase64, "base64")),
      );
      return {};
    },
    "fs/createDirectory": async (_c, params) => {
      const p = parseParams(MkdirSchema, params);
      await fsCall("cannot create", p.path, () =>
        mkdir(p.path, { recursive: p.recursive ?? false }),
      );
      return {};
    },
    "fs/getMetadata": async (_c, params) => {
      const p = parseParams(PathOnly, params);
      const [l, s] = await fsCall("cannot stat", p.path, () =>
        Promise.all([lstat(p.path), stat(p.path)]),
      );
      return {
        isFile: s.isFile(),
        isDirectory: s.isDirectory(),
        isSymlink: l.isSymbolicLink(),
        createdAtMs: Math.floor(s.birthtimeMs || s.ctimeMs),
        modifiedAtMs: Math.floor(s.mtimeMs),
      };
    },
    "fs/readDirectory": async (_c, params) => {
      const p = parseParams(PathOnly, params);
      const entries = await fsCall("cannot list", p.path, () =>
        readdir(p.path, { withFileTypes: true }),
      );
      return {
        entries: entries.map((e) => ({
          fileName: e.name,
          isDirectory: e.isDirectory(),
          isFile: e.isFile(),
        })),
      };
    },
    "fs/remove": async (_c, params) => {
      const p = parseParams(RemoveSchema, params);
      await fsCall("cannot remove", p.path, () =>
        rm(p.path, { recursive: p.recursive ?? false, force: p.force ?? false }),
      );
      return {};
    },
    "fs/copy": async (_c, params) => {
      const p = parseParams(CopySchema, params);
      await fsCall("cannot copy", p.sourcePath, () =>
        cp(p.sourcePath, p.destinationPath, {
          recursive: p.recursive ?? false,
          errorOnExist: false,
        }),
      );
      return {};
    },
  };
}
