// The seed-era `shell` tool (argv command) and the Responses built-in `local_shell`.
import path from "node:path";
import {
  extractApplyPatchFromShell,
  IMPLICIT_PATCH_MESSAGE,
  isImplicitPatchInvocation,
} from "../../apply-patch/heredoc.js";
import { capturedFromText, formatShellToolOutput, type RunResult } from "../../exec/index.js";
import type { ToolSpec } from "../../model/index.js";
import { shellSpec } from "../tool-specs.js";
import type { CommandRequest } from "../command-runner.js";
import { orchestrateCommand } from "../orchestrator.js";
import { RespondToModel } from "../errors.js";
import { optionalNumber, parseArgs } from "../parse-args.js";
import { formatPatchToolOutput, runPatch } from "../patch-runner.js";
import { runWithEvents } from "../run-with-events.js";
import { warmUpShell } from "../shell-warm-up.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

/** Default when the model gives no timeout: long enough for builds, short enough to not hang forever. */
export const DEFAULT_SHELL_TIMEOUT_MS = 10 * 60 * 1000;

interface ShellArgs {
  command?: unknown;
  workdir?: unknown;
  timeout_ms?: unknown;
  with_escalated_permissions?: unknown;
  justification?: unknown;
}

export class ShellHandler implements ToolHandler {
  readonly parallelSafe = true;

  constructor(readonly name: "shell" | "local_shell" = "shell") {}

  spec(): ToolSpec {
    return shellSpec(this.name);
  }

  isMutating(): boolean {
    return true;
  }

  prepare(ctx: ToolContext): void {
    warmUpShell(ctx.config);
  }

  async handle(ctx: ToolContext, call: ToolCall, signal: AbortSignal): Promise<ToolResult> {
    let command: string[];
    let workdir: string | undefined;
    let timeoutMs: number | undefined;
    let escalate = false;
    let justification: string | undefined;
    if (call.payload.kind === "local_shell") {
      command = call.payload.command;
      workdir = call.payload.workdir ?? undefined;
      timeoutMs = call.payload.timeoutMs ?? undefined;
    } else if (call.payload.kind === "function") {
      const args = parseArgs<ShellArgs>(call.payload.arguments);
      if (
        !Array.isArray(args.command) ||
        args.command.some((c) => typeof c !== "string") ||
        args.command.length === 0
      ) {
        throw new RespondToModel(
          "missing or invalid field `command`: expected a non-empty array of strings",
        );
      }
      command = args.command as string[];
      workdir = typeof args.workdir === "string" ? args.workdir : undefined;
      timeoutMs = optionalNumber(args.timeout_ms, "timeout_ms");
      escalate = args.with_escalated_permissions === true;
      justification = typeof args.justification === "string" ? args.justification : undefined;
    } else {
      throw new RespondToModel("shell expects a JSON function call");
    }
    const cwd = workdir ? path.resolve(ctx.turn.cwd, workdir) : ctx.turn.cwd;

    // A patch sent through the shell is applied exactly like the apply_patch tool.
    const patch = extractApplyPatchFromShell(command);
    if (patch) {
      const started = performance.now();
      const patchCwd = patch.workdir ? path.resolve(cwd, patch.workdir) : cwd;
      const outcome = await runPatch(ctx, call.callId, patch.patch, patchCwd);
      return {
        content: formatPatchToolOutput(outcome, performance.now() - started),
        success: outcome.success,
      };
    }
    // A bare patch would be run line by line by bash; Codex refuses it instead.
    if (isImplicitPatchInvocation(command)) {
      return { content: IMPLICIT_PATCH_MESSAGE, success: false };
    }

    const req: CommandRequest = { callId: call.callId, command, cwd, escalate, justification };
    const result = await orchestrateCommand(
      ctx,
      req,
      (prepared): Promise<RunResult> =>
        runWithEvents(
          ctx,
          { callId: call.callId, command, cwd, timeoutMs: timeoutMs ?? DEFAULT_SHELL_TIMEOUT_MS },
          prepared,
          signal,
          format,
        ),
      (r) => ({ exitCode: r.exitCode, output: r.output.text }),
    );
    return { content: format(result), success: result.exitCode === 0 };
  }
}

function format(r: RunResult): string {
  const output = r.spawnError ? capturedFromText(r.spawnError) : r.output;
  return formatShellToolOutput({
    output,
    exitCode: r.exitCode,
    durationMs: r.durationMs,
    timedOut: r.timedOut,
  });
}
