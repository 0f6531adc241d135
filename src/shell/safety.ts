// Which commands are read-only enough to run without asking, even under the
// `untrusted` approval policy.
//
// The rule is an allowlist: a program we know, with no option that could
// write files, run other programs or change state. `bash -lc '<script>'` is
// safe only when the whole script parses (with the real bash grammar) into
// plain commands joined by `&&`, `||`, `;`, `|`, and every one of them is
// safe on its own. Unquoted globs make a script not plain: a file named
// `--pre=sh` in the workspace would otherwise turn `rg x *` into code
// execution.
//
// Options are read as the program reads them (getopt.ts, command-specs.ts):
// an abbreviation of a dangerous long option (`sort --outp=F`) is that
// option. sed scripts are read for `w`/`e` (sed-script.ts); git only counts
// when it cannot be pointed at another repository's config (git-safety.ts),
// which also depends on where the command runs.

import path from "node:path";
import { BASE64, DATE, FILE, RIPGREP, SED, SORT, TREE, UNIQ } from "./command-specs.js";
import { hasDangerousOption, scanOptions, type OptionSpec } from "./getopt.js";
import { gitIsReadOnly } from "./git-safety.js";
import { parseBashScript } from "./parse-script.js";
import { sedScriptIsReadOnly } from "./sed-script.js";
import { extractShellScript, systemProgramName } from "./shell-wrapper.js";

/** Programs that only read, whatever their arguments. */
const ALWAYS_SAFE: ReadonlySet<string> = new Set([
  "basename",
  "cat",
  "cd",
  "cut",
  "dirname",
  "echo",
  "expr",
  "false",
  "grep",
  "egrep",
  "fgrep",
  "head",
  "id",
  "ls",
  "nl",
  "numfmt",
  "paste",
  "pwd",
  "readlink",
  "realpath",
  "rev",
  "seq",
  "stat",
  "tac",
  "tail",
  "tr",
  "true",
  "uname",
  "wc",
  "which",
  "whoami",
]);

function findIsSafe(args: readonly string[]): boolean {
  // find's predicates are whole words (no abbreviations).
  const unsafe = new Set([
    "-exec",
    "-execdir",
    "-ok",
    "-okdir",
    "-delete",
    "-fls",
    "-fprint",
    "-fprint0",
    "-fprintf",
  ]);
  return !args.some((a) => unsafe.has(a));
}

/** `Np` or `M,Np`: print a line range, nothing else. */
export function isSedPrintRange(arg: string | undefined): boolean {
  return arg !== undefined && /^\d+(,\d+)?p$/.test(arg);
}

function sedIsSafe(args: readonly string[]): boolean {
  const scanned = scanOptions(args, SED);
  const scripts: string[] = [];
  const operands: string[] = [];
  for (const a of scanned) {
    if (a.type === "operand") {
      operands.push(a.value);
      continue;
    }
    // Unknown or ambiguous options make sed fail; still, refuse to guess.
    if (a.dangerous || a.name === null) return false;
    if (a.name === "e" || a.name === "expression") {
      if (a.value === undefined) return false;
      scripts.push(a.value);
    }
  }
  // Without -e the first operand is the script; with it, every operand is an input file.
  if (scripts.length === 0) {
    if (operands.length === 0) return false;
    scripts.push(operands[0]!);
  }
  return sedScriptIsReadOnly(scripts.join("\n"));
}

function dateIsSafe(args: readonly string[]): boolean {
  // Besides -s/--set, an operand that is not a `+FORMAT` (`date 010100002020`) sets the clock.
  return scanOptions(args, DATE).every((a) =>
    a.type === "operand" ? a.value.startsWith("+") : !a.dangerous,
  );
}

function uniqIsSafe(args: readonly string[]): boolean {
  // `uniq INPUT OUTPUT` writes OUTPUT.
  const operands = scanOptions(args, UNIQ).filter((a) => a.type === "operand");
  return operands.length <= 1;
}

/** Programs whose only danger is an option (or an abbreviation of one). */
const OPTION_CHECKED: ReadonlyMap<string, OptionSpec> = new Map([
  ["rg", RIPGREP],
  ["sort", SORT],
  ["base64", BASE64],
  ["file", FILE],
  ["tree", TREE],
]);

/**
 * Where a command runs, for the checks that depend on it (git). Without it
 * the command is assumed to run in the workspace.
 */
export interface CommandLocation {
  /** The directory the command starts in. */
  cwd: string;
  /** The session's working directory, whose repository config is the user's own. */
  workspace: string;
}

/** Whether `dir` is `root` or below it, lexically. */
function isInside(dir: string, root: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(dir));
  return rel === "" || (rel !== ".." && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel));
}

function runsInWorkspace(location: CommandLocation | undefined): boolean {
  return location === undefined || isInside(location.cwd, location.workspace);
}

/** Whether one argv, run directly (no shell), only reads. */
export function isSafeToExec(argv: readonly string[], location?: CommandLocation): boolean {
  const first = argv[0];
  if (first === undefined) return false;
  const name = systemProgramName(first);
  if (name === null) return false;
  const args = argv.slice(1);
  if (ALWAYS_SAFE.has(name)) return true;
  const spec = OPTION_CHECKED.get(name);
  if (spec !== undefined) return !hasDangerousOption(args, spec);
  switch (name) {
    case "uniq":
      return uniqIsSafe(args);
    case "date":
      return dateIsSafe(args);
    case "find":
      return findIsSafe(args);
    case "sed":
      return sedIsSafe(args);
    case "git":
      return gitIsReadOnly(argv) && runsInWorkspace(location);
    default:
      return false;
  }
}

/**
 * A `cd` in a script that also runs git could point git at another
 * repository's config. Allowed: a relative path that only descends (no `..`,
 * no `-`, no `~`), or an absolute path inside the workspace.
 */
function cdStaysInWorkspace(
  argv: readonly string[],
  location: CommandLocation | undefined,
): boolean {
  if (argv.length !== 2) return false;
  const target = argv[1]!;
  if (target === "" || target.startsWith("-") || target.startsWith("~")) return false;
  if (path.isAbsolute(target)) {
    return location !== undefined && isInside(target, location.workspace);
  }
  return !target.split("/").includes("..");
}

function scriptIsSafe(
  commands: readonly string[][],
  location: CommandLocation | undefined,
): boolean {
  if (commands.length === 0 || !commands.every((c) => isSafeToExec(c, location))) return false;
  const runsGit = commands.some((c) => systemProgramName(c[0]!) === "git");
  if (!runsGit) return true;
  return commands
    .filter((c) => systemProgramName(c[0]!) === "cd")
    .every((c) => cdStaysInWorkspace(c, location));
}

/**
 * Whether `argv` only reads and may run without asking the user. Loads the
 * bash parser only for shell-wrapped scripts.
 */
export async function isKnownSafeCommand(
  argv: readonly string[],
  location?: CommandLocation,
): Promise<boolean> {
  if (isSafeToExec(argv, location)) return true;
  const wrapped = extractShellScript(argv);
  if (wrapped === null) return false;
  const commands = await parseBashScript(wrapped.script);
  return commands !== null && scriptIsSafe(commands, location);
}
