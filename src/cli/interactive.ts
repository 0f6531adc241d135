// `codex [PROMPT]`: the interactive front-end.
import type { SessionFlags } from "./shared-options.js";

export async function runInteractive(
  _prompt: string | undefined,
  _flags: SessionFlags,
): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      "Error: the interactive UI needs a terminal (stdin and stdout must be a TTY).\n" +
        'To run non-interactively, use `codex exec "your prompt"` (it also reads the prompt from stdin).\n',
    );
    return 1;
  }
  process.stderr.write(
    "The interactive terminal UI is not available in this build yet.\n" +
      'Use `codex exec "your prompt"` to run a task.\n',
  );
  return 1;
}
