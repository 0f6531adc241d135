// apply_patch with approvals and the sandbox's write rules: a write outside the writable
// roots is asked about or refused, never performed silently.
import path from "node:path";
import type { ComputedChanges, TurnDiffTracker } from "../apply-patch/index.js";
import { canWritePath } from "../sandbox/index.js";
import { recordPolicyDecision } from "../telemetry/hooks.js";
import { TurnAbortRequested } from "./errors.js";
import type { ToolContext } from "./types.js";
import { patchFsFor } from "../environment/patch-fs.js";

const TURN_DIFF = "turn_diff_tracker";

/** The patch engine (and its diff library) loads on the first patch, not at start-up. */
const applyPatchModule = () => import("../apply-patch/index.js");

async function turnDiffTracker(ctx: ToolContext): Promise<TurnDiffTracker> {
  let t = ctx.turnStore.get(TURN_DIFF) as TurnDiffTracker | undefined;
  if (!t) {
    t = new (await applyPatchModule()).TurnDiffTracker(patchFsFor(ctx.environment));
    ctx.turnStore.set(TURN_DIFF, t);
  }
  return t;
}

export interface PatchOutcome {
  success: boolean;
  /** What the model gets back. */
  text: string;
}

// What the model reads when a patch is refused without asking (Codex's texts).
export const EMPTY_PATCH_REJECTION = "patch rejected: empty patch";
export const READ_ONLY_PATCH_REJECTION =
  "patch rejected: writing is blocked by read-only sandbox; rejected by user approval settings";
export const OUTSIDE_PROJECT_PATCH_REJECTION =
  "patch rejected: writing outside of the project; rejected by user approval settings";

function writtenPaths(changes: ComputedChanges): string[] {
  return changes.files.flatMap((f) => (f.movePath ? [f.path, f.movePath] : [f.path]));
}

/** Parse, verify, decide, apply: one patch from the model. */
export async function runPatch(
  ctx: ToolContext,
  callId: string,
  patchText: string,
  cwd: string,
): Promise<PatchOutcome> {
  const {
    applyComputedChanges,
    computePatchChanges,
    formatPatchError,
    formatPatchSummary,
    parsePatch,
  } = await applyPatchModule();
  let changes: ComputedChanges;
  try {
    const parsed = parsePatch(patchText);
    // Codex checks this before approvals: there is nothing to ask about.
    if (parsed.hunks.length === 0) return { success: false, text: EMPTY_PATCH_REJECTION };
    changes = await computePatchChanges(parsed, { cwd, fs: patchFsFor(ctx.environment) });
  } catch (e) {
    return { success: false, text: formatPatchError(e) };
  }

  const policy = ctx.turn.approvalPolicy;
  const sandbox = ctx.turn.sandboxPolicy;
  const insideRoots = writtenPaths(changes).every((p) =>
    canWritePath(p, sandbox, {
      cwd: ctx.turn.cwd,
      env: process.env,
      codexHome: ctx.config.codexHome,
    }),
  );
  let autoApproved = insideRoots && policy !== "untrusted";
  if (autoApproved || policy === "never")
    recordPolicyDecision(autoApproved ? "approved" : "denied");
  if (!autoApproved) {
    if (policy === "never") {
      const text =
        sandbox.type === "read-only" ? READ_ONLY_PATCH_REJECTION : OUTSIDE_PROJECT_PATCH_REJECTION;
      return { success: false, text };
    }
    const outside = writtenPaths(changes).find(
      (p) =>
        !canWritePath(p, sandbox, {
          cwd: ctx.turn.cwd,
          env: process.env,
          codexHome: ctx.config.codexHome,
        }),
    );
    const decision = await ctx.approvals.requestPatch({
      callId,
      changes: changes.changes,
      reason: outside ? `writes outside the writable roots: ${outside}` : null,
      grantRoot: outside ? path.dirname(outside) : null,
    });
    if (decision === "abort") throw new TurnAbortRequested();
    if (decision === "denied") return { success: false, text: "patch rejected by user" };
    autoApproved = false;
  }

  ctx.emit({
    type: "patch_apply_begin",
    call_id: callId,
    auto_approved: autoApproved,
    changes: changes.changes,
  });
  const tracker = await turnDiffTracker(ctx);
  await tracker.onPatchBegin(changes);
  let outcome: PatchOutcome;
  try {
    const affected = await applyComputedChanges(changes, patchFsFor(ctx.environment));
    outcome = { success: true, text: formatPatchSummary(affected) };
  } catch (e) {
    outcome = { success: false, text: formatPatchError(e) };
  }
  ctx.emit({
    type: "patch_apply_end",
    call_id: callId,
    stdout: outcome.success ? outcome.text : "",
    stderr: outcome.success ? "" : outcome.text,
    success: outcome.success,
    changes: changes.changes,
  });
  const diff = await tracker.getUnifiedDiff();
  if (diff) ctx.emit({ type: "turn_diff", unified_diff: diff });
  return outcome;
}

/**
 * The exec-style wrapper Codex puts around apply_patch results. The wall time is rounded to a
 * tenth of a second and printed without a trailing `.0` ("0", "0.2", "1.5"), as Codex does.
 */
export function formatPatchToolOutput(outcome: PatchOutcome, durationMs: number): string {
  if (!outcome.success) return outcome.text;
  const secs = String(Math.round(durationMs / 100) / 10);
  return `Exit code: 0\nWall time: ${secs} seconds\nOutput:\n${outcome.text}`;
}

/**
 * A patch intercepted from `exec_command` gets exec_command's own header around the apply_patch
 * output (Codex nests the two); failures are the bare error text.
 */
export function formatExecPatchOutput(outcome: PatchOutcome, durationMs: number): string {
  const inner = formatPatchToolOutput(outcome, durationMs);
  if (!outcome.success) return inner;
  return `Wall time: ${(durationMs / 1000).toFixed(4)} seconds\nOutput:\n${inner}`;
}
