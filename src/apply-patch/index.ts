/**
 * apply_patch: parse Codex's patch format, verify it against the files, write it, and track
 * what a turn changed. Pure TypeScript; callers decide approvals and sandboxing.
 */
import { applyComputedChanges, computePatchChanges, type ComputeOptions } from "./apply.js";
import { formatPatchSummary } from "./format.js";
import { parsePatch } from "./parser.js";
import type { AffectedPaths, ComputedChanges } from "./types.js";

export { parsePatch } from "./parser.js";
export { computePatchChanges, applyComputedChanges, type ComputeOptions } from "./apply.js";
export {
  formatPatchSummary,
  formatPatchError,
  parseApplyPatchFunctionArgs,
  type ApplyPatchArguments,
} from "./format.js";
export {
  extractApplyPatchFromShell,
  IMPLICIT_PATCH_MESSAGE,
  isImplicitPatchInvocation,
  type ShellApplyPatch,
} from "./heredoc.js";
export { TurnDiffTracker, gitBlobOid } from "./turn-diff.js";
export { localPatchFs, type PatchFs } from "./patch-fs.js";
export { unifiedDiffHunks } from "./unified-diff.js";
export {
  PatchParseError,
  PatchVerificationError,
  PatchWriteError,
  PatchArgumentsError,
} from "./errors.js";
export type {
  ParsedPatch,
  PatchHunk,
  UpdateChunk,
  ChunkLine,
  ComputedChanges,
  ComputedFileChange,
  AffectedPaths,
} from "./types.js";

export interface AppliedPatch {
  changes: ComputedChanges;
  affected: AffectedPaths;
  /** `Success. Updated the following files:` … */
  summary: string;
}

/**
 * Parse, verify and write in one step, for callers with no approval in between (the
 * `--codex-run-as-apply-patch` child, tests). Throws the errors `formatPatchError` renders.
 */
export async function applyPatchText(text: string, options: ComputeOptions): Promise<AppliedPatch> {
  const changes = await computePatchChanges(parsePatch(text), options);
  const affected = await applyComputedChanges(changes);
  return { changes, affected, summary: formatPatchSummary(affected) };
}
