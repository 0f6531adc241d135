// Registers `codex review` and `codex exec review`. Keep this file light: the implementation
// is imported inside the action so other commands do not pay for it.
import { Command } from "commander";
import { addSessionOptions, effectiveFlags } from "../shared-options.js";
import type { ReviewFlags } from "../review.js";

function reviewCommand(description: string): Command {
  const cmd = new Command("review")
    .description(description)
    .argument("[PROMPT]", "Custom review instructions. If `-` is used, read from stdin");
  addSessionOptions(cmd)
    .option("--uncommitted", "Review staged, unstaged, and untracked changes")
    .option("--base <BRANCH>", "Review changes against the given base branch")
    .option("--commit <SHA>", "Review the changes introduced by a commit")
    .option("--title <TITLE>", "Optional commit title to display in the review summary")
    .option("--skip-git-repo-check", "Allow running outside a Git repository (custom PROMPT only)")
    .option("--ephemeral", "Run without persisting session files to disk")
    .option("--json", "Print events to stdout as JSONL, then the review as the last line")
    .option(
      "--color <COLOR>",
      "Specifies color settings for use in the output: always, never, auto",
      "auto",
    )
    .action(async (prompt: string | undefined, _flags: unknown, self: Command) => {
      const { runReview } = await import("../review.js");
      const { exitWith } = await import("../program.js");
      // Options before the subcommand (`codex -m x review`) apply too, as in Codex.
      exitWith(await runReview(prompt, effectiveFlags<ReviewFlags>(self)));
    });
  return cmd;
}

export function register(program: Command): void {
  program.addCommand(reviewCommand("Run a code review non-interactively"));
  const exec = program.commands.find((c) => c.name() === "exec");
  exec?.addCommand(reviewCommand("Run a code review against the current repository"));
}
