// `codex [PROMPT]`: the interactive front-end. The TUI is imported only here, and only with a TTY.
import type { SessionFlags } from "./shared-options.js";

export interface InteractiveFlags extends SessionFlags {
  /** Commander's `--no-alt-screen`: inline mode is the only mode, so it is accepted and ignored. */
  altScreen?: boolean;
}

export async function runInteractive(
  prompt: string | undefined,
  flags: InteractiveFlags,
): Promise<number> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    process.stderr.write(
      "Error: the interactive UI needs a terminal (stdin and stdout must be a TTY).\n" +
        'To run non-interactively, use `codex exec "your prompt"` (it also reads the prompt from stdin).\n',
    );
    return 1;
  }
  const { runTui } = await import("../tui/index.js");
  return runTui({ prompt, flags });
}
