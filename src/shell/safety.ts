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

import { parseBashScript } from "./parse-script.js";
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

/** True when `arg` is a short-option cluster (`-abc`) containing `letter`. */
function shortClusterHas(arg: string, letter: string): boolean {
  return /^-[A-Za-z0-9]+$/.test(arg) && arg.slice(1).includes(letter);
}

/** `--name` or `--name=value`. */
function isLongOption(arg: string, name: string): boolean {
  return arg === name || arg.startsWith(`${name}=`);
}

function findIsSafe(args: readonly string[]): boolean {
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

function ripgrepIsSafe(args: readonly string[]): boolean {
  return !args.some(
    (a) =>
      // Runs a program per file / to get the hostname.
      isLongOption(a, "--pre") ||
      isLongOption(a, "--hostname-bin") ||
      // Shells out to decompressors.
      a === "--search-zip" ||
      shortClusterHas(a, "z"),
  );
}

/** `Np` or `M,Np`: print a line range, nothing else. */
export function isSedPrintRange(arg: string | undefined): boolean {
  return arg !== undefined && /^\d+(,\d+)?p$/.test(arg);
}

function sedIsSafe(args: readonly string[]): boolean {
  // Only `sed -n <range>p [file]`: any other script could use `w` or `e`.
  return args.length <= 3 && args[0] === "-n" && isSedPrintRange(args[1]);
}

function sortIsSafe(args: readonly string[]): boolean {
  return !args.some(
    (a) =>
      isLongOption(a, "--output") ||
      isLongOption(a, "--compress-program") ||
      (a.startsWith("-o") && !a.startsWith("--")) ||
      (/^-[A-Za-z]+$/.test(a) && a.includes("o")),
  );
}

function uniqIsSafe(args: readonly string[]): boolean {
  // `uniq INPUT OUTPUT` writes OUTPUT.
  const operands = args.filter((a) => !a.startsWith("-") || a === "-");
  return operands.length <= 1;
}

function base64IsSafe(args: readonly string[]): boolean {
  return !args.some(
    (a) => isLongOption(a, "--output") || (a.startsWith("-o") && !a.startsWith("--")),
  );
}

function fileIsSafe(args: readonly string[]): boolean {
  // `-C` compiles a magic database and writes it next to the input.
  return !args.some((a) => a === "--compile" || shortClusterHas(a, "C"));
}

function treeIsSafe(args: readonly string[]): boolean {
  // `-o` writes the listing to a file; `-R` writes 00Tree.html in every directory.
  return !args.some(
    (a) =>
      a.startsWith("-o") ||
      shortClusterHas(a, "o") ||
      shortClusterHas(a, "R") ||
      isLongOption(a, "--output"),
  );
}

function dateIsSafe(args: readonly string[]): boolean {
  return !args.some((a) => isLongOption(a, "--set") || shortClusterHas(a, "s"));
}

/** Git options allowed before the subcommand; the value-taking ones consume the next word. */
const GIT_GLOBAL_FLAGS: ReadonlySet<string> = new Set([
  "--no-pager",
  "-P",
  "--no-optional-locks",
  "--literal-pathspecs",
]);
const GIT_GLOBAL_WITH_VALUE: ReadonlySet<string> = new Set(["-C", "--git-dir", "--work-tree"]);

/** Index and name of git's subcommand, or null if an unknown global option precedes it. */
export function findGitSubcommand(argv: readonly string[]): { index: number; name: string } | null {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (GIT_GLOBAL_FLAGS.has(arg)) continue;
    if (GIT_GLOBAL_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith("--git-dir=") || arg.startsWith("--work-tree=")) continue;
    if (arg.startsWith("-")) return null;
    return { index: i, name: arg };
  }
  return null;
}

function gitArgsAreReadOnly(args: readonly string[]): boolean {
  return !args.some(
    (a) =>
      isLongOption(a, "--output") ||
      isLongOption(a, "--exec") ||
      a === "--ext-diff" ||
      a === "--textconv" ||
      a === "--paginate",
  );
}

function gitBranchIsReadOnly(args: readonly string[]): boolean {
  if (args.length === 0) return true;
  const listing = new Set([
    "--list",
    "-l",
    "--show-current",
    "-a",
    "--all",
    "-r",
    "--remotes",
    "-v",
    "-vv",
    "--verbose",
  ]);
  // Any positional argument or other flag may create, rename or delete a branch.
  return args.every((a) => listing.has(a) || a.startsWith("--format="));
}

function gitIsSafe(argv: readonly string[]): boolean {
  // `-c core.pager=…` and friends can make git run arbitrary programs.
  if (argv.some((a) => a === "-c" || a === "--config-env" || /^-c./.test(a))) return false;
  if (argv.some((a) => a.startsWith("--config-env="))) return false;
  const sub = findGitSubcommand(argv);
  if (sub === null) return false;
  const rest = argv.slice(sub.index + 1);
  switch (sub.name) {
    case "status":
    case "log":
    case "diff":
    case "show":
      return gitArgsAreReadOnly(rest);
    case "branch":
      return gitArgsAreReadOnly(rest) && gitBranchIsReadOnly(rest);
    default:
      return false;
  }
}

/** Whether one argv, run directly (no shell), only reads. */
export function isSafeToExec(argv: readonly string[]): boolean {
  const first = argv[0];
  if (first === undefined) return false;
  const name = systemProgramName(first);
  if (name === null) return false;
  const args = argv.slice(1);
  if (ALWAYS_SAFE.has(name)) return true;
  switch (name) {
    case "uniq":
      return uniqIsSafe(args);
    case "find":
      return findIsSafe(args);
    case "rg":
      return ripgrepIsSafe(args);
    case "sed":
      return sedIsSafe(args);
    case "sort":
      return sortIsSafe(args);
    case "base64":
      return base64IsSafe(args);
    case "file":
      return fileIsSafe(args);
    case "tree":
      return treeIsSafe(args);
    case "date":
      return dateIsSafe(args);
    case "git":
      return gitIsSafe(argv);
    default:
      return false;
  }
}

/**
 * Whether `argv` only reads and may run without asking the user. Loads the
 * bash parser only for shell-wrapped scripts.
 */
export async function isKnownSafeCommand(argv: readonly string[]): Promise<boolean> {
  if (isSafeToExec(argv)) return true;
  const wrapped = extractShellScript(argv);
  if (wrapped === null) return false;
  const commands = await parseBashScript(wrapped.script);
  return commands !== null && commands.length > 0 && commands.every(isSafeToExec);
}
