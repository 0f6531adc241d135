// Recognising `bash -lc '<script>'` style argvs, the way the model (and our
// own exec tools) wrap a command string.

/** Shells whose `-c` script we can read with the bash grammar. */
const POSIX_SHELLS: ReadonlySet<string> = new Set(["bash", "zsh", "sh"]);

/**
 * Where a program named by absolute path may live and still be trusted as the
 * system tool of that name. A relative path such as `./cat` could be anything.
 */
const SYSTEM_BIN_DIRS: ReadonlySet<string> = new Set([
  "/bin",
  "/usr/bin",
  "/usr/local/bin",
  "/opt/homebrew/bin",
]);

/**
 * The tool name of `program` when it is a bare name (looked up on PATH) or an
 * absolute path in a system bin directory; null otherwise.
 */
export function systemProgramName(program: string): string | null {
  if (!program.includes("/")) return program === "" ? null : program;
  const slash = program.lastIndexOf("/");
  const dir = program.slice(0, slash);
  const name = program.slice(slash + 1);
  return SYSTEM_BIN_DIRS.has(dir) && name !== "" ? name : null;
}

export interface ShellInvocation {
  /** The shell as given, e.g. `/bin/bash`. */
  shell: string;
  /** `-c` or `-lc`. */
  flag: "-c" | "-lc";
  script: string;
}

export interface ExtractOptions {
  /**
   * Accept the shell from any directory (`/nix/store/…/bash`), for display and
   * for spotting destructive commands. Safety decisions keep the default:
   * only bare names and system bin directories.
   */
  anyShellPath?: boolean;
}

/**
 * `[shell, -c|-lc, script]` for bash, zsh or sh, else null.
 */
export function extractShellScript(
  argv: readonly string[],
  options: ExtractOptions = {},
): ShellInvocation | null {
  if (argv.length !== 3) return null;
  const [shell, flag, script] = argv as [string, string, string];
  if (flag !== "-c" && flag !== "-lc") return null;
  const name =
    options.anyShellPath === true
      ? shell.slice(shell.lastIndexOf("/") + 1)
      : systemProgramName(shell);
  if (name === null || !POSIX_SHELLS.has(name)) return null;
  return { shell, flag, script };
}
