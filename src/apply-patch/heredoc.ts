import { basename } from "node:path";
import { parsePatch } from "./parser.js";

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
    // `EOF && more`: bash ends nothing here, but the line reads as the heredoc followed by
    // another command, so (as Codex) this is a script to run, not a bare patch.
    if (line.startsWith(delimiter) && !/^[A-Za-z0-9_]/.test(line.slice(delimiter.length))) {
      return null;
    }
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

/** What the model is told when it runs a bare patch as a command (Codex's wording). */
export const IMPLICIT_PATCH_MESSAGE =
  'apply_patch verification failed: patch detected without explicit call to apply_patch. Rerun as ["apply_patch", "<patch>"]';

/**
 * True when a shell call is a patch body with no `apply_patch` in front of it: the whole argv
 * is one patch, or a `bash -lc` script is one. Such a call is refused rather than run, since
 * bash would execute the patch lines as commands.
 */
export function isImplicitPatchInvocation(argvOrScript: readonly string[] | string): boolean {
  if (typeof argvOrScript === "string") return parsesAsPatch(argvOrScript);
  const argv = argvOrScript;
  if (argv.length === 1) return parsesAsPatch(argv[0] ?? "");
  const program = argv[0] === undefined ? "" : basename(argv[0]);
  if (argv.length >= 3 && SHELLS.has(program)) {
    const flags = argv.slice(1, -1);
    if (flags.every((f) => SHELL_FLAGS.has(f)) && flags.some((f) => f.includes("c"))) {
      return parsesAsPatch(argv[argv.length - 1] ?? "");
    }
  }
  return false;
}

function parsesAsPatch(text: string): boolean {
  // Cheap test first: ordinary commands never get near the parser.
  if (!text.includes("*** Begin Patch")) return false;
  try {
    parsePatch(text);
    return true;
  } catch {
    return false;
  }
}
