import {
  PatchArgumentsError,
  PatchParseError,
  PatchVerificationError,
  PatchWriteError,
} from "./errors.js";
import type { AffectedPaths } from "./types.js";

/**
 * The success text Codex returns to the model: added, then modified, then deleted files, with
 * paths as the patch wrote them.
 */
export function formatPatchSummary(affected: AffectedPaths): string {
  let out = "Success. Updated the following files:\n";
  for (const path of affected.added) out += `A ${path}\n`;
  for (const path of affected.modified) out += `M ${path}\n`;
  for (const path of affected.deleted) out += `D ${path}\n`;
  return out;
}

/**
 * The text returned to the model when a patch is not applied. Parse and verification errors
 * carry Codex's `apply_patch verification failed:` prefix; a failed write also says which
 * files had already been written, since the model must know the tree is partly patched.
 */
export function formatPatchError(err: unknown): string {
  if (err instanceof PatchParseError || err instanceof PatchVerificationError) {
    return `apply_patch verification failed: ${err.message}`;
  }
  if (err instanceof PatchWriteError) {
    const done = err.completed.length > 0 ? `\nAlready updated: ${err.completed.join(", ")}` : "";
    return `apply_patch failed: ${err.message}${done}`;
  }
  if (err instanceof PatchArgumentsError) return err.message;
  return `apply_patch failed: ${err instanceof Error ? err.message : String(err)}`;
}

export interface ApplyPatchArguments {
  /** The patch text. */
  patch: string;
  /** Directory relative paths resolve against; itself relative to the session cwd if relative. */
  workdir?: string;
}

/** Parses the arguments of the JSON-function form of the tool: `{"input": "<patch>", "workdir"?}`. */
export function parseApplyPatchFunctionArgs(argumentsJson: string): ApplyPatchArguments {
  let value: unknown;
  try {
    value = JSON.parse(argumentsJson);
  } catch (err) {
    throw new PatchArgumentsError(
      `failed to parse function arguments: ${(err as Error).message}. ` +
        `Expected a JSON object like {"input": "*** Begin Patch\\n...\\n*** End Patch"}`,
    );
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new PatchArgumentsError(
      'failed to parse function arguments: expected a JSON object with a string field "input"',
    );
  }
  const { input, workdir } = value as Record<string, unknown>;
  if (typeof input !== "string") {
    throw new PatchArgumentsError(
      "failed to parse function arguments: missing field `input` (the patch text, a string)",
    );
  }
  if (workdir !== undefined && workdir !== null && typeof workdir !== "string") {
    throw new PatchArgumentsError("failed to parse function arguments: `workdir` must be a string");
  }
  return typeof workdir === "string" && workdir !== ""
    ? { patch: input, workdir }
    : { patch: input };
}
