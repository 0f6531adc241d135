import { createHash } from "node:crypto";
import { dirname, join, relative, sep } from "node:path";
import type { FileChange } from "../protocol/index.js";
import type { ComputedChanges } from "./types.js";
import { unifiedDiffHunks } from "./unified-diff.js";
import { localPatchFs, type PatchFs } from "./patch-fs.js";

/** Git's default context size, so the turn diff reads like `git diff`. */
const GIT_DIFF_CONTEXT = 3;
const ZERO_OID = "0".repeat(40);

/** A file's state on disk: null content means it did not exist. */
interface FileState {
  content: Buffer | null;
  /** Git file mode, "100644" or "100755". */
  mode: string;
}

/**
 * Accumulates what a turn's patches changed. Before a patch is applied, `onPatchBegin`
 * records each touched path's content the first time the turn touches it; `getUnifiedDiff`
 * then compares those snapshots with the disk. A move is tracked as its two paths, so it
 * shows as a deletion plus an addition (no git rename detection).
 */
export class TurnDiffTracker {
  private readonly baselines = new Map<string, FileState>();
  private readonly gitRoots = new Map<string, string | null>();

  /** `fs` is where the session's files live (a remote environment's, or this machine's). */
  constructor(private readonly fs: PatchFs = localPatchFs) {}

  /** Call before writing a patch; accepts the computed changes or the event's change map. */
  async onPatchBegin(changes: ComputedChanges | Record<string, FileChange>): Promise<void> {
    const map = isComputed(changes) ? changes.changes : changes;
    for (const [path, change] of Object.entries(map)) {
      await this.snapshot(path);
      if (change.type === "update" && change.move_path !== null)
        await this.snapshot(change.move_path);
    }
  }

  /** A git-style diff of everything the turn changed, or null when nothing differs. */
  async getUnifiedDiff(): Promise<string | null> {
    const sections: { name: string; text: string }[] = [];
    for (const [path, before] of this.baselines) {
      const after = await readState(this.fs, path);
      const name = await this.displayName(path);
      const text = diffSection(name, before, after);
      if (text !== "") sections.push({ name, text });
    }
    if (sections.length === 0) return null;
    sections.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return sections.map((s) => s.text).join("");
  }

  private async snapshot(path: string): Promise<void> {
    if (this.baselines.has(path)) return;
    // Reserve the slot first so a concurrent call cannot snapshot an already-patched file.
    const pending: FileState = { content: null, mode: "100644" };
    this.baselines.set(path, pending);
    Object.assign(pending, await readState(this.fs, path));
  }

  /** Path relative to the enclosing git repository, else the absolute path (as Codex). */
  private async displayName(path: string): Promise<string> {
    const root = await this.gitRoot(dirname(path));
    const name = root === null ? path : relative(root, path);
    return sep === "/" ? name : name.split(sep).join("/");
  }

  private async gitRoot(dir: string): Promise<string | null> {
    const cached = this.gitRoots.get(dir);
    if (cached !== undefined) return cached;
    let root: string | null;
    if (await this.isRepoRoot(dir)) root = dir;
    else root = dirname(dir) === dir ? null : await this.gitRoot(dirname(dir));
    this.gitRoots.set(dir, root);
    return root;
  }

  /** A gitlink file or a `.git` directory with a HEAD; a stray empty `.git` does not count. */
  private async isRepoRoot(dir: string): Promise<boolean> {
    const dotGit = await this.fs.stat(join(dir, ".git")).catch(() => null);
    if (dotGit === null) return false;
    if (!dotGit.isDirectory) return true;
    return (await this.fs.stat(join(dir, ".git", "HEAD")).catch(() => null)) !== null;
  }
}

function isComputed(value: ComputedChanges | Record<string, FileChange>): value is ComputedChanges {
  return Array.isArray((value as { files?: unknown }).files);
}

async function readState(fs: PatchFs, path: string): Promise<FileState> {
  try {
    const [content, info] = await Promise.all([fs.readFile(path), fs.stat(path)]);
    return { content, mode: info?.executable ? "100755" : "100644" };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return { content: null, mode: "100644" };
    throw err;
  }
}

/** Git's object id for file content: sha1 over `blob <size>\0<bytes>`. */
export function gitBlobOid(content: Buffer | string): string {
  const bytes = typeof content === "string" ? Buffer.from(content) : content;
  return createHash("sha1").update(`blob ${bytes.length}\0`).update(bytes).digest("hex");
}

/** One file's `diff --git` section, or "" when before and after are the same. */
function diffSection(name: string, before: FileState, after: FileState): string {
  const { content: old, mode: oldMode } = before;
  const { content: cur, mode: newMode } = after;
  if (old === null && cur === null) return "";
  if (old !== null && cur !== null && old.equals(cur) && oldMode === newMode) return "";

  let out = `diff --git a/${name} b/${name}\n`;
  if (old === null) out += `new file mode ${newMode}\n`;
  else if (cur === null) out += `deleted file mode ${oldMode}\n`;
  else if (oldMode !== newMode) out += `old mode ${oldMode}\nnew mode ${newMode}\n`;
  if (old !== null && cur !== null && old.equals(cur)) return out;

  const oldOid = old === null ? ZERO_OID : gitBlobOid(old);
  const newOid = cur === null ? ZERO_OID : gitBlobOid(cur);
  const sameMode = old !== null && cur !== null && oldMode === newMode;
  out += `index ${oldOid}..${newOid}${sameMode ? ` ${newMode}` : ""}\n`;

  const oldText = old === null ? "" : decodeText(old);
  const newText = cur === null ? "" : decodeText(cur);
  const oldLabel = old === null ? "/dev/null" : `a/${name}`;
  const newLabel = cur === null ? "/dev/null" : `b/${name}`;
  if (oldText === null || newText === null) {
    return out + `Binary files ${oldLabel} and ${newLabel} differ\n`;
  }
  const hunks = unifiedDiffHunks(oldText, newText, GIT_DIFF_CONTEXT);
  // Git prints no file headers for a change without hunks (an empty file added or removed).
  if (hunks === "") return out;
  return out + `--- ${oldLabel}\n+++ ${newLabel}\n` + hunks;
}

function decodeText(bytes: Buffer): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}
