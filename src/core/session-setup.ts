// Session start-up decisions that depend only on the options.
import { formatUserInstructions, loadUserInstructions } from "../config/project-doc.js";
import type { Config } from "../config/types.js";
import type { SessionOptions } from "./session-types.js";

/**
 * `features.ghost_commit` decides; unset, snapshots are taken for interactive front-ends only:
 * `codex exec` cannot undo, and would otherwise wait for the last snapshot before exiting.
 */
export function ghostSnapshotsEnabled(options: SessionOptions): boolean {
  // Snapshots are local git objects; a remote environment's files are not here to snapshot.
  if (options.environment?.kind === "remote") return false;
  return options.config.features.ghost_commit ?? options.originator !== "codex_exec";
}

/** AGENTS.md files for the session's cwd, formatted as the user-instructions message. */
export async function projectInstructions(config: Config): Promise<string | undefined> {
  const { text } = await loadUserInstructions({
    codexHome: config.codexHome,
    cwd: config.cwd,
    maxBytes: config.projectDocMaxBytes,
    fallbackFilenames: config.projectDocFallbackFilenames,
  });
  return text ? formatUserInstructions(text, config.cwd) : undefined;
}
