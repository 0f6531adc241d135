// Op::RunUserShellCommand, the TUI's `!cmd` (seed-spec B5.31–B5.33): `bash -lc <command>`
// under the session's sandbox, no approval (the user typed it), output streamed as
// ExecCommand* events with source "user_shell". Nothing reaches the model's history.
import { formatShellOutputText } from "../../exec/truncate.js";
import type { EventMsg } from "../../protocol/index.js";
import { parseCommand } from "../../shell/parse-command.js";
import { spawnPlanFor } from "../../tools/command-runner.js";
import { emitBegin, emitEnd } from "../../tools/run-with-events.js";
import type { ToolContext } from "../../tools/types.js";
import type { ActiveTask, TaskHost } from "./types.js";

export function userShellArgv(command: string): string[] {
  return ["bash", "-lc", command];
}

export async function runUserShellTask(
  host: TaskHost,
  task: ActiveTask,
  command: string,
): Promise<void> {
  const emit = (msg: EventMsg) => host.emit(task.subId, msg);
  const settings = host.settings;
  emit({ type: "task_started", model_context_window: host.contextWindow() });
  const argv = userShellArgv(command);
  const req = { callId: `user_shell_${task.subId}`, command: argv, cwd: settings.cwd };
  const ctx: ToolContext = {
    config: host.config,
    turn: { subId: task.subId, turnId: task.subId, ...settings },
    emit,
    // Never consulted: the user's own command needs no approval.
    approvals: {
      requestExec: () => Promise.resolve("approved"),
      requestPatch: () => Promise.resolve("approved"),
    },
    sessionStore: new Map(),
    turnStore: task.turnStore,
    environment: host.execEnvironment,
  };
  const parsed = await parseCommand(argv).catch(() => [{ type: "unknown" as const, cmd: command }]);
  emitBegin(ctx, req, parsed, "user_shell");
  const started = performance.now();
  let plan;
  try {
    plan = await spawnPlanFor(ctx, argv, settings.cwd, settings.sandboxPolicy);
  } catch (e) {
    // Fail closed: without the sandbox the session promised, the command does not run.
    const message = `${(e as Error).message}\n`;
    emitEnd(
      ctx,
      req,
      {
        exitCode: -1,
        durationMs: performance.now() - started,
        stdout: "",
        stderr: message,
        aggregated: message,
        formatted: message,
      },
      "user_shell",
    );
    emit({ type: "task_complete", last_agent_message: null });
    return;
  }
  const result = await host.execEnvironment.run(plan, {
    signal: task.controller.signal,
    onOutput: (chunk, stream) =>
      emit({
        type: "exec_command_output_delta",
        call_id: req.callId,
        stream,
        chunk: chunk.toString("base64"),
      }),
  });
  const aggregated = result.spawnError ?? result.output.text;
  emitEnd(
    ctx,
    req,
    {
      exitCode: result.exitCode,
      durationMs: result.durationMs,
      stdout: result.stdout.text,
      stderr: result.stderr.text,
      aggregated,
      formatted: result.spawnError ?? formatShellOutputText(result.output),
    },
    "user_shell",
  );
  if (task.controller.signal.aborted) {
    emit({ type: "turn_aborted", reason: task.abortReason ?? "interrupted" });
    return;
  }
  emit({ type: "task_complete", last_agent_message: null });
}
