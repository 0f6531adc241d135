// The one path every command a tool runs goes through (design principle 5): approval policy →
// sandbox transform (the environment's spawn plan) → run → sandbox-denial detection → the
// escalated re-run the user approves. Handlers call it once and never repeat these steps.
import {
  prepareCommand,
  retryWithoutSandbox,
  type CommandRequest,
  type PreparedCommand,
} from "./command-runner.js";
import type { ToolContext } from "./types.js";

/** What a finished attempt looks like to denial detection; null exit code = still running. */
export interface AttemptOutcome {
  exitCode: number | null;
  output: string;
}

export async function orchestrateCommand<T>(
  ctx: ToolContext,
  req: CommandRequest,
  run: (prepared: PreparedCommand) => Promise<T>,
  outcome: (result: T) => AttemptOutcome,
): Promise<T> {
  const prepared = await prepareCommand(ctx, req);
  const result = await run(prepared);
  const { exitCode, output } = outcome(result);
  if (exitCode === null) return result;
  const retry = await retryWithoutSandbox(ctx, req, prepared, { exitCode, output });
  return retry ? run(retry) : result;
}
