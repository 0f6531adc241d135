import { basename } from "node:path";

export interface ShellApplyPatch {
  patch: string;
  /** Directory from a leading `cd DIR &&`, as written (resolve it against the call's cwd). */
  workdir?: string;
}

const PATCH_COMMANDS = new Set(["apply_patch", "applypatch"]);
const SHELLS = new Set(["bash", "sh", "zsh", "dash"]);
const SHELL_FLAGS = new Set(["-c", "-lc", "-cl", "-l", "--login"]);

/** A shell word we can take literally: quoted without expansions, or plain characters. */
const WORD = String.raw`'[^']*'|"[^"$\x60\\]*"|[^\s;&|<>()$\x60'"\\]+`;
const HEREDOC_START = new RegExp(
  String.raw`^\s*(?:cd[ \t]+(${WORD})[ \t]*&&\s*)?(?:apply_patch|applypatch)[ \t]*<<(-?)[ \t]*` +
    String.raw`(?:'([^'\n]+)'|"([^"\n]+)"|([A-Za-z_][A-Za-z0-9_]*))[ \t]*\n`,
);

/**
 * Recognises a shell call that only applies a patch, so it can be applied in-process like the
 * apply_patch tool: `["apply_patch", PATCH]`, or a `bash -lc` script that is
 * `[cd DIR &&] apply_patch <<DELIM … DELIM` and nothing else. Returns null for anything else
 * (pipes, further commands, expansions), which then runs as an ordinary command.
 */
export function extractApplyPatchFromShell(
  argvOrScript: readonly string[] | string,
): ShellApplyPatch | null {
  if (typeof argvOrScript === "string") return extractFromScript(argvOrScript);
  const argv = argvOrScript;
  const program = argv[0] === undefined ? "" : basename(argv[0]);
  if (argv.length === 2 && PATCH_COMMANDS.has(program)) return { patch: argv[1] ?? "" };
  if (argv.length >= 3 && SHELLS.has(program)) {
    const flags = argv.slice(1, -1);
    if (flags.every((f) => SHELL_FLAGS.has(f)) && flags.some((f) => f.includes("c"))) {
      return extractFromScript(argv[argv.length - 1] ?? "");
    }
  }
  return null;
}

function extractFromScript(script: string): ShellApplyPatch | null {
  const start = HEREDOC_START.exec(script);
  if (start === null) return null;
  const [opening, dir, dash, singleQuoted, doubleQuoted, bare] = start;
  const delimiter = singleQuoted ?? doubleQuoted ?? bare ?? "";
  const stripTabs = dash === "-";
  const lines = script.slice(opening.length).split("\n");
  const body: string[] = [];
  let i = 0;
  for (; i < lines.length; i++) {
    const line = stripTabs ? (lines[i] ?? "").replace(/^\t+/, "") : (lines[i] ?? "");
    if (line === delimiter) break;
    body.push(line);
  }
  // Only whitespace may follow the terminator; another command means this is not a bare patch.
  if (lines.slice(i + 1).some((l) => l.trim() !== "")) return null;
  if (i === lines.length && body.at(-1) === "") body.pop();
  const patch = body.join("\n") + "\n";
  return dir === undefined ? { patch } : { patch, workdir: unquote(dir) };
}

function unquote(word: string): string {
  const first = word[0];
  if ((first === "'" || first === '"') && word.endsWith(first)) return word.slice(1, -1);
  return word;
}
