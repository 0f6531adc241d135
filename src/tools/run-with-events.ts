// Runs a prepared command once, wrapped in ExecCommandBegin / OutputDelta / End events.
import type { RunResult } from "../exec/index.js";
import type { ParsedCommand } from "../protocol/index.js";
import type { PreparedCommand } from "./command-runner.js";
import type { ToolContext } from "./types.js";

export interface RunRequest {
  callId: string;
  command: string[];
  cwd: string;
  timeoutMs?: number;
}

export function emitBegin(
  ctx: ToolContext,
  req: { callId: string; command: string[]; cwd: string },
  parsedCmd: ParsedCommand[],
  source: "agent" | "user_shell" | "unified_exec_startup" = "agent",
): void {
  ctx.emit({
    type: "exec_command_begin",
    call_id: req.callId,
    command: req.command,
    cwd: req.cwd,
    parsed_cmd: parsedCmd,
    source,
  });
}

export function emitEnd(
  ctx: ToolContext,
  req: { callId: string; command: string[]; cwd: string },
  r: {
    exitCode: number;
    durationMs: number;
    stdout: string;
    stderr: string;
    aggregated: string;
    formatted: string;
  },
  source: "agent" | "user_shell" | "unified_exec_startup" = "agent",
): void {
  ctx.emit({
    type: "exec_command_end",
    source,
    call_id: req.callId,
    command: req.command,
    cwd: req.cwd,
    stdout: r.stdout,
    stderr: r.stderr,
    aggregated_output: r.aggregated,
    exit_code: r.exitCode,
    duration_ms: Math.round(r.durationMs),
    formatted_output: r.formatted,
  });
}

export async function runWithEvents(
  ctx: ToolContext,
  req: RunRequest,
  prepared: PreparedCommand,
  signal: AbortSignal,
  format: (r: RunResult) => string,
): Promise<RunResult> {
  emitBegin(ctx, req, prepared.parsedCmd);
  const result = await ctx.environment.run(prepared.plan, {
    timeoutMs: req.timeoutMs,
    signal,
    onOutput: (chunk, stream) =>
      ctx.emit({
        type: "exec_command_output_delta",
        call_id: req.callId,
        stream,
        chunk: chunk.toString("base64"),
      }),
  });
  const aggregated = result.spawnError ?? result.output.text;
  emitEnd(ctx, req, {
    exitCode: result.exitCode,
    durationMs: result.durationMs,
    stdout: result.stdout.text,
    stderr: result.stderr.text,
    aggregated,
    formatted: format(result),
  });
  return result;
}
