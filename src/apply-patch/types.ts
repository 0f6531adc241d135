import type { FileChange } from "../protocol/index.js";

/** One `@@` section of an `*** Update File:` hunk. */
export interface UpdateChunk {
  /** Text after `@@ `, used to seek forward to a line before matching; null for a bare `@@`. */
  changeContext: string | null;
  /** Lines that must be present in the file (context and `-` lines, in order). */
  oldLines: string[];
  /** Lines that replace them (context and `+` lines, in order). */
  newLines: string[];
  /** `*** End of File` followed the chunk: match it at the end of the file. */
  isEndOfFile: boolean;
  /** The body lines in order, so context lines can be told apart from edits. */
  lines: ChunkLine[];
}

export interface ChunkLine {
  op: " " | "-" | "+";
  text: string;
}

/** One file operation of a patch; paths are exactly as written in the patch. */
export type PatchHunk =
  | { type: "add"; path: string; contents: string; line: number }
  | { type: "delete"; path: string; line: number }
  | {
      type: "update";
      path: string;
      movePath: string | null;
      chunks: UpdateChunk[];
      line: number;
    };

export interface ParsedPatch {
  hunks: PatchHunk[];
  /** The patch text between (and including) the Begin/End markers, heredoc wrapper removed. */
  patch: string;
}

/** A file operation with its contents worked out against the disk, ready to write. */
export interface ComputedFileChange {
  kind: "add" | "delete" | "update";
  /** Absolute path of the file the hunk names. */
  path: string;
  /** The path as written in the patch (used in the success summary). */
  displayPath: string;
  /** Absolute destination of `*** Move to:`, else null. */
  movePath: string | null;
  displayMovePath: string | null;
  /** Content before the change; null when the file did not exist. */
  oldContent: string | null;
  /** Content after the change; null for a delete. */
  newContent: string | null;
  /** What approval requests and PatchApplyBegin/End carry for this file. */
  change: FileChange;
}

export interface ComputedChanges {
  cwd: string;
  /** In patch order. */
  files: ComputedFileChange[];
  /** Keyed by absolute path, in patch order (the shape of the protocol events). */
  changes: Record<string, FileChange>;
}

/** Paths as written in the patch, grouped as the success summary lists them. */
export interface AffectedPaths {
  added: string[];
  modified: string[];
  deleted: string[];
}
