// The apply_patch tool: freeform (grammar) for models that support it, JSON function otherwise.
import path from "node:path";
import type { ToolSpec } from "../../model/index.js";
import { functionSpec } from "../function-spec.js";
import { parseApplyPatchFunctionArgs } from "../../apply-patch/format.js";
import { RespondToModel } from "../errors.js";
import { formatPatchToolOutput, runPatch } from "../patch-runner.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

export const APPLY_PATCH_LARK_GRAMMAR = `start: begin_patch hunk+ end_patch
begin_patch: "*** Begin Patch" LF
end_patch: "*** End Patch" LF?

hunk: add_hunk | delete_hunk | update_hunk
add_hunk: "*** Add File: " filename LF add_line+
delete_hunk: "*** Delete File: " filename LF
update_hunk: "*** Update File: " filename LF change_move? change?

filename: /(.+)/
add_line: "+" /(.*)/ LF -> line

change_move: "*** Move to: " filename LF
change: (change_context | change_line)+ eof_line?
change_context: ("@@" | "@@ " /(.+)/) LF
change_line: ("+" | "-" | " ") /(.*)/ LF
eof_line: "*** End of File" LF

%import common.LF
`;

const DESCRIPTION =
  "Edit files with a patch. The patch starts with `*** Begin Patch` and ends with `*** End Patch`. " +
  "Sections: `*** Add File: PATH` followed by `+` lines; `*** Delete File: PATH`; " +
  "`*** Update File: PATH` (optionally `*** Move to: NEW_PATH`) followed by hunks that start with `@@` " +
  "(optionally `@@ <line to seek to>`), where unchanged context lines start with a space, removed lines with `-` " +
  "and added lines with `+`. Give about three lines of context around each change. Paths are relative to the working directory.";

export class ApplyPatchHandler implements ToolHandler {
  readonly name = "apply_patch";
  readonly parallelSafe = false;

  constructor(private readonly kind: "freeform" | "function") {}

  spec(): ToolSpec {
    if (this.kind === "freeform") {
      return {
        type: "custom",
        name: this.name,
        description: DESCRIPTION,
        format: { type: "grammar", syntax: "lark", definition: APPLY_PATCH_LARK_GRAMMAR },
      };
    }
    return functionSpec(
      this.name,
      DESCRIPTION,
      { input: { type: "string", description: "The entire patch text." } },
      ["input"],
    );
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
