// Where codex keeps its state. Reading never creates the directory; writers call ensureCodexHome.
import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** `$CODEX_HOME` (absolute, `~/` expanded) or `~/.codex`. */
export function resolveCodexHome(
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): string {
  const fromEnv = env["CODEX_HOME"]?.trim();
  if (fromEnv) {
    const expanded =
      fromEnv === "~" || fromEnv.startsWith("~/") ? homedir() + fromEnv.slice(1) : fromEnv;
    return resolve(cwd, expanded);
  }
  return join(homedir(), ".codex");
}

/** Creates `codexHome` (private to the user) if it does not exist yet. */
export function ensureCodexHome(codexHome: string): void {
  mkdirSync(codexHome, { recursive: true, mode: 0o700 });
}
