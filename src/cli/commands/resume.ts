// Registers the `codex resume` subcommand(s). Keep this file light: import the implementation lazily
// inside the action so other commands do not pay for it.
import type { Command } from "commander";

export function register(_program: Command): void {
  // Not available in this build yet.
}
