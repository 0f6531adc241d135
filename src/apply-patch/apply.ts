import { dirname, isAbsolute, resolve } from "node:path";
import type { FileChange } from "../protocol/index.js";
import { localPatchFs, type PatchFs } from "./patch-fs.js";
import { describeIoError, PatchVerificationError, PatchWriteError } from "./errors.js";
import { applyChunks } from "./replace.js";
import type {
  AffectedPaths,
  ComputedChanges,
  ComputedFileChange,
  ParsedPatch,
  PatchHunk,
} from "./types.js";
import { unifiedDiffHunks } from "./unified-diff.js";

/** Context lines in the per-file diffs that approval requests and patch events carry. */
const EVENT_DIFF_CONTEXT = 1;

export interface ComputeOptions {
  /** Directory relative patch paths resolve against (absolute paths are kept). */
  cwd: string;
  /** Where the files live; this machine by default. */
  fs?: PatchFs;
}

/**
 * Works out every file's new content against the disk without writing anything. Hunks are
 * applied in patch order to a view of the files that includes the earlier hunks, so a patch
 * may add a file and then update it. Throws PatchVerificationError on the first problem.
 */
export async function computePatchChanges(
  parsed: ParsedPatch,
  { cwd, fs = localPatchFs }: ComputeOptions,
): Promise<ComputedChanges> {
  if (parsed.hunks.length === 0) throw new PatchVerificationError("No files were modified.");
  const view = new FileView(fs);
  const files: ComputedFileChange[] = [];
  for (const hunk of parsed.hunks) files.push(await computeHunk(hunk, cwd, view));
  const changes: Record<string, FileChange> = {};
  for (const file of files) changes[file.path] = file.change;
  return { cwd, files, changes };
}

async function computeHunk(
  hunk: PatchHunk,
  cwd: string,
  view: FileView,
): Promise<ComputedFileChange> {
  const path = resolveIn(cwd, hunk.path);
  if (hunk.type === "add") {
    const oldContent = await view.read(path, `Failed to read ${path}`);
    if (oldContent === null) await ensureCreatable(path, view);
    view.set(path, hunk.contents);
    return {
      kind: "add",
      path,
      displayPath: hunk.path,
      movePath: null,
      displayMovePath: null,
      oldContent,
      newContent: hunk.contents,
      change: { type: "add", content: hunk.contents },
    };
  }

  if (hunk.type === "delete") {
    const oldContent = await view.read(path, `Failed to read ${path}`);
    if (oldContent === null) throw missing(`Failed to read ${path}`, path);
    view.set(path, null);
    return {
      kind: "delete",
      path,
      displayPath: hunk.path,
      movePath: null,
      displayMovePath: null,
      oldContent,
      newContent: null,
      change: { type: "delete", content: oldContent },
    };
  }

  const context = `Failed to read file to update ${path}`;
  const oldContent = await view.read(path, context);
  if (oldContent === null) throw missing(context, path);
  const newContent =
    hunk.chunks.length === 0 ? oldContent : applyChunks(oldContent, hunk.chunks, path);
  let movePath = hunk.movePath === null ? null : resolveIn(cwd, hunk.movePath);
  if (movePath === path) movePath = null;
  if (movePath !== null) {
    // An existing destination is replaced, as Codex does; reading it still catches a
    // destination that is a directory or unreadable before anything is written.
    const existing = await view.read(movePath, `Failed to read ${movePath}`);
    if (existing === null) await ensureCreatable(movePath, view);
    view.set(path, null);
    view.set(movePath, newContent);
  } else {
    view.set(path, newContent);
  }
  return {
    kind: "update",
    path,
    displayPath: hunk.path,
    movePath,
    displayMovePath: movePath === null ? null : hunk.movePath,
    oldContent,
    newContent,
    change: {
      type: "update",
      unified_diff: unifiedDiffHunks(oldContent, newContent, EVENT_DIFF_CONTEXT),
      move_path: movePath,
    },
  };
}

/**
 * Writes verified changes in patch order. Each file is replaced atomically; an update keeps the
 * file's permission bits, a move writes the destination and then removes the source.
 * Returns the paths as written in the patch, grouped for the success summary.
 */
export async function applyComputedChanges(
  changes: ComputedChanges,
  fs: PatchFs = localPatchFs,
): Promise<AffectedPaths> {
  const affected: AffectedPaths = { added: [], modified: [], deleted: [] };
  const done: string[] = [];
  for (const file of changes.files) {
    let action = `write ${file.movePath ?? file.path}`;
    try {
      if (file.kind === "add") {
        await fs.writeFile(file.path, file.newContent ?? "");
        affected.added.push(file.displayPath);
      } else if (file.kind === "delete") {
        action = `delete ${file.path}`;
        await fs.unlink(file.path);
        affected.deleted.push(file.displayPath);
      } else if (file.movePath !== null) {
        await fs.writeFile(file.movePath, file.newContent ?? "", file.path);
        action = `remove ${file.path} after moving it to ${file.movePath}`;
        await fs.unlink(file.path);
        affected.modified.push(file.displayMovePath ?? file.movePath);
      } else {
        await fs.writeFile(file.path, file.newContent ?? "");
        affected.modified.push(file.displayPath);
      }
    } catch (err) {
      throw new PatchWriteError(
        `Failed to ${action}: ${describeIoError(err)}`,
        file.movePath ?? file.path,
        done,
      );
    }
    done.push(file.displayMovePath ?? file.displayPath);
  }
  return affected;
}

/** Fails verification, rather than the write, when a parent of a new file is not a directory. */
async function ensureCreatable(path: string, view: FileView): Promise<void> {
  for (let dir = dirname(path); dir !== dirname(dir); dir = dirname(dir)) {
    const planned = view.planned(dir);
    // The patch itself may add a file where a directory is needed, or delete one in the way.
    if (typeof planned === "string") throw notADirectory(path, dir);
    if (planned === null) continue;
    const info = await view.fs.stat(dir).catch(() => null);
    if (info === null) continue;
    if (info.isDirectory) return;
    throw notADirectory(path, dir);
  }
}

function notADirectory(path: string, dir: string): PatchVerificationError {
  return new PatchVerificationError(
    `Failed to create ${path}: ${dir} exists and is not a directory`,
    path,
  );
}

function resolveIn(cwd: string, path: string): string {
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}

function missing(context: string, path: string): PatchVerificationError {
  return new PatchVerificationError(`${context}: No such file or directory (os error 2)`, path);
}

/** The files as the patch has changed them so far; null means absent. */
class FileView {
  private readonly overlay = new Map<string, string | null>();

  constructor(readonly fs: PatchFs) {}

  async read(path: string, context: string): Promise<string | null> {
    if (this.overlay.has(path)) return this.overlay.get(path) ?? null;
    let bytes: Buffer;
    try {
      bytes = await this.fs.readFile(path);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return null;
      // Codex's wording for a directory where a file was expected.
      if (code === "EISDIR") {
        throw new PatchVerificationError(`${context}: path \`${path}\` is not a file`, path);
      }
      throw new PatchVerificationError(`${context}: ${describeIoError(err)}`, path);
    }
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch {
      throw new PatchVerificationError(`${context}: stream did not contain valid UTF-8`, path);
    }
  }

  /** Content the patch gives `path` so far: a string, null if removed, undefined if untouched. */
  planned(path: string): string | null | undefined {
    return this.overlay.get(path);
  }

  set(path: string, content: string | null): void {
    this.overlay.set(path, content);
  }
}
