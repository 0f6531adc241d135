// exec_command / write_stdin: long-lived processes (optionally in a PTY) kept by session id.
import path from "node:path";
import {
  extractApplyPatchFromShell,
  IMPLICIT_PATCH_MESSAGE,
  isImplicitPatchInvocation,
} from "../../apply-patch/heredoc.js";
import {
  UnifiedExecError,
  UnifiedExecManager,
  type UnifiedExecResponse,
} from "../../exec/index.js";
import type { ToolSpec } from "../../model/index.js";
import { execCommandSpec, writeStdinSpec } from "../tool-specs.js";
import { commandToShellArgv } from "../../shell/display.js";
import type { CommandRequest, PreparedCommand } from "../command-runner.js";
import { orchestrateCommand } from "../orchestrator.js";
import { RespondToModel } from "../errors.js";
import { functionArgs, optionalNumber, requireString } from "../parse-args.js";
import { formatExecPatchOutput, runPatch } from "../patch-runner.js";
import { emitBegin, emitEnd } from "../run-with-events.js";
import { warmUpShell } from "../shell-warm-up.js";
import type { ToolCall, ToolContext, ToolHandler, ToolResult } from "../types.js";

const MANAGER = "unified_exec_manager";
const RUNNING = "unified_exec_running";

interface Running {
  callId: string;
  command: string[];
  cwd: string;
  startedAt: number;
  output: string;
}

export function unifiedExecManager(ctx: Pick<ToolContext, "sessionStore">): UnifiedExecManager {
  let m = ctx.sessionStore.get(MANAGER) as UnifiedExecManager | undefined;
  if (!m) {
    m = new UnifiedExecManager();
    ctx.sessionStore.set(MANAGER, m);
  }
  return m;
}

function running(ctx: ToolContext): Map<number, Running> {
  let r = ctx.sessionStore.get(RUNNING) as Map<number, Running> | undefined;
  if (!r) {
    r = new Map();
    ctx.sessionStore.set(RUNNING, r);
  }
  return r;
}

/** Track the process behind a session id so its ExecCommandEnd can be emitted when it exits. */
function settle(ctx: ToolContext, resp: UnifiedExecResponse, entry: Running): void {
  entry.output += resp.rawOutput;
  if (resp.exitCode === null && resp.sessionId !== null) {
    running(ctx).set(resp.sessionId, entry);
    return;
  }
  emitEnd(
    ctx,
    entry,
    {
      exitCode: resp.exitCode ?? -1,
      durationMs: performance.now() - entry.startedAt,
      stdout: entry.output,
      stderr: "",
      aggregated: entry.output,
      formatted: resp.text,
    },
    "unified_exec_startup",
  );
}

export class ExecCommandHandler implements ToolHandler {
  readonly name = "exec_command";
  readonly parallelSafe = true;

  spec(): ToolSpec {
    return execCommandSpec();
  }

  isMutating(): boolean {
    return true;
  }

  prepare(ctx: ToolContext): void {
    warmUpShell(ctx.config);
  }

  async handle(ctx: ToolContext, call: ToolCall, signal: AbortSignal): Promise<ToolResult> {
    const args = functionArgs<Record<string, unknown>>(call, "exec_command");
    const cmd = requireString(args.cmd, "cmd");
    const cwd =
      typeof args.workdir === "string" ? path.resolve(ctx.turn.cwd, args.workdir) : ctx.turn.cwd;
    const shell = typeof args.shell === "string" ? args.shell : "/bin/bash";
    const command = commandToShellArgv(cmd, shell, args.login !== false);

    const patch = extractApplyPatchFromShell(command);
    if (patch) {
      const started = performance.now();
      const outcome = await runPatch(
        ctx,
        call.callId,
        patch.patch,
        patch.workdir ? path.resolve(cwd, patch.workdir) : cwd,
      );
      return {
        content: formatExecPatchOutput(outcome, performance.now() - started),
        success: outcome.success,
      };
    }
    // A bare patch would be run line by line by bash; Codex refuses it instead.
    if (isImplicitPatchInvocation(command)) {
      return { content: IMPLICIT_PATCH_MESSAGE, success: false };
    }

    const req: CommandRequest = {
      callId: call.callId,
      command,
      cwd,
      escalate: args.sandbox_permissions === "require_escalated",
      justification: typeof args.justification === "string" ? args.justification : undefined,
    };
    const manager = unifiedExecManager(ctx);
    const yieldTimeMs = optionalNumber(args.yield_time_ms, "yield_time_ms");
    const maxOutputTokens = optionalNumber(args.max_output_tokens, "max_output_tokens");
    const start = async (prepared: PreparedCommand) => {
      const entry: Running = {
        callId: call.callId,
        command,
        cwd,
        startedAt: performance.now(),
        output: "",
      };
      emitBegin(ctx, entry, prepared.parsedCmd, "unified_exec_startup");
      const resp = await manager.execCommand(
        {
          plan: prepared.plan,
          tty: args.tty === true,
          start: (plan, tty, onData) => ctx.environment.startSession(plan, tty, onData),
          yieldTimeMs,
          maxOutputTokens,
          onOutput: (chunk) =>
            ctx.emit({
              type: "exec_command_output_delta",
              call_id: call.callId,
              stream: "stdout",
              chunk: chunk.toString("base64"),
            }),
        },
        signal,
      );
      settle(ctx, resp, entry);
      return resp;
    };
    const resp = await orchestrateCommand(
      ctx,
      req,
      (prepared) => startOrExplain(() => start(prepared)),
      (r) => ({ exitCode: r.exitCode, output: r.rawOutput }),
    );
    return { content: resp.text, success: resp.exitCode === null || resp.exitCode === 0 };
  }
}

async function startOrExplain(
  start: () => Promise<UnifiedExecResponse>,
): Promise<UnifiedExecResponse> {
  try {
    return await start();
  } catch (e) {
    if (e instanceof UnifiedExecError)
      throw new RespondToModel(`exec_command failed: ${e.message}`);
    throw e;
  }
}

export class WriteStdinHandler implements ToolHandler {
  readonly name = "write_stdin";
  readonly parallelSafe = true;

  spec(): ToolSpec {
    return writeStdinSpec();
  }

  isMutating(): boolean {
    return true;
  }

  async handle(ctx: ToolContext, call: ToolCall, signal: AbortSignal): Promise<ToolResult> {
    const args = functionArgs<Record<string, unknown>>(call, "write_stdin");
    const sessionId = optionalNumber(args.session_id, "session_id");
    if (sessionId === undefined) throw new RespondToModel("missing field `session_id`");
    const chars = typeof args.chars === "string" ? args.chars : "";
    let resp: UnifiedExecResponse;
    try {
      resp = await unifiedExecManager(ctx).writeStdin(
        {
          sessionId,
          chars,
          yieldTimeMs: optionalNumber(args.yield_time_ms, "yield_time_ms"),
          maxOutputTokens: optionalNumber(args.max_output_tokens, "max_output_tokens"),
        },
        signal,
      );
    } catch (e) {
      if (e instanceof UnifiedExecError)
        throw new RespondToModel(`write_stdin failed: ${e.message}`);
      throw e;
    }
    const entry = running(ctx).get(sessionId);
    if (entry) {
      if (resp.exitCode !== null) running(ctx).delete(sessionId);
      settle(ctx, resp, entry);
    }
    return { content: resp.text, success: true };
  }
}
