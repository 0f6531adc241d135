// The apply_patch tool: freeform (grammar) for models that support it, JSON function otherwise.
import path from "node:path";
import type { ToolSpec } from "../../model/index.js";
import { applyPatchSpec } from "../tool-specs.js";
import { parseApplyPatchFunctionArgs } from "../../apply-patch/format.js";
import { RespondToModel } from "../errors.js";
import { formatPatchToolOutput, runPatch } from "../patch-runner.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

export { APPLY_PATCH_LARK_GRAMMAR } from "../tool-specs.js";

export class ApplyPatchHandler implements ToolHandler {
  readonly name = "apply_patch";
  readonly parallelSafe = false;

  constructor(private readonly kind: "freeform" | "function") {}

  spec(): ToolSpec {
    return applyPatchSpec(this.kind);
  }

  isMutating(): boolean {
    return true;
  }

  async handle(ctx: ToolContext, call: ToolCall): Promise<ToolResult> {
    const started = performance.now();
    let patch: string;
    let cwd = ctx.turn.cwd;
    if (call.payload.kind === "custom") patch = call.payload.input;
    else if (call.payload.kind === "function") {
      try {
        const args = parseApplyPatchFunctionArgs(call.payload.arguments);
        patch = args.patch;
        if (args.workdir) cwd = path.resolve(ctx.turn.cwd, args.workdir);
      } catch (e) {
        throw new RespondToModel((e as Error).message);
      }
    } else throw new RespondToModel("apply_patch expects a patch");
    const outcome = await runPatch(ctx, call.callId, patch, cwd);
    return {
      content: formatPatchToolOutput(outcome, performance.now() - started),
      success: outcome.success,
    };
  }
}
