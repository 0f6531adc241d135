// Registers `codex resume`: continue a saved interactive session (picker, --last, or an id).
// Keep this file light: the implementation is imported inside the action.
import { Command } from "commander";
import { addSessionOptions, effectiveFlags } from "../shared-options.js";
import type { ResumeFlags } from "../../tui/features/resume-picker/command.js";

export function register(program: Command): void {
  const resume = new Command("resume")
    .description(
      "Resume a previous interactive session (picker by default; use --last to continue the most recent)",
    )
    .argument(
      "[SESSION_ID]",
      "Session id (UUID). If omitted, pick one from a list, or use --last for the most recent",
    )
    .argument("[PROMPT]", "Optional user prompt to start the session");
  addSessionOptions(resume)
    .option("--last", "Continue the most recent session without showing the picker")
    .option("--all", "Show all sessions (disables cwd filtering and shows the directory column)")
    .option("--no-alt-screen", "Run the TUI in inline mode, preserving terminal scrollback")
    .action(
      async (
        idOrPrompt: string | undefined,
        prompt: string | undefined,
        _flags: unknown,
        self: Command,
      ) => {
        const { runResumeCommand } = await import("../../tui/features/resume-picker/command.js");
        // Options before the subcommand (`codex -m x resume`) apply too, as in Codex.
        const flags = effectiveFlags<ResumeFlags>(self);
        process.exitCode = await runResumeCommand(idOrPrompt, prompt, flags);
      },
    );
  program.addCommand(resume);
}
