// Which git invocations are read-only enough to run unasked.
//
// Reading a repository can still run programs its config names:
// `core.fsmonitor` on status/diff, `core.pager`, textconv drivers,
// `diff.external`, credential helpers. The config of the repository the user
// started Codex in is the user's own, so plain `git status` there is fine.
// What must not happen is git being pointed at some other repository, whose
// config may come from anywhere: `-C DIR`, `--git-dir`, `--work-tree`, `-c`,
// `--config-env`, `--exec-path`, a `GIT_*` assignment, a `cd` elsewhere in
// the same script, or a working directory outside the workspace. So only a
// short list of harmless global options is accepted, and the caller checks
// where the command runs (safety.ts).

import { hasDangerousOption, type OptionSpec } from "./getopt.js";

/** Global options that change nothing about which repository or programs git uses. */
const HARMLESS_GLOBAL_OPTIONS: ReadonlySet<string> = new Set([
  "--no-pager",
  "-P",
  "--no-optional-locks",
  "--literal-pathspecs",
  "--glob-pathspecs",
  "--noglob-pathspecs",
  "--icase-pathspecs",
  "--no-replace-objects",
]);

/** Read-only subcommands (as upstream Codex). `branch` also needs listing-only arguments. */
const READ_ONLY_SUBCOMMANDS: ReadonlySet<string> = new Set([
  "status",
  "log",
  "diff",
  "show",
  "branch",
]);

/**
 * Options of the read-only subcommands that write a file or run a program
 * git would otherwise not run. git's parse-options accepts unique prefixes,
 * so abbreviations count (getopt.ts).
 */
const READ_ONLY_SUBCOMMAND_OPTIONS: OptionSpec = {
  // No short option of status/log/diff/show/branch writes or executes; the
  // letters are not listed so every argument is examined on its own.
  short: "",
  long: [
    // Exact names that are prefixes of dangerous ones.
    "text",
    "no-textconv",
    "no-ext-diff",
    // Listed without their value so the word after them is still examined.
    "output-indicator-new",
    "output-indicator-old",
    "output-indicator-context",
  ],
  dangerous: ["output", "ext-diff", "textconv", "exec", "paginate", "open-files-in-pager"],
};

/** Index and name of git's subcommand when only harmless global options precede it. */
export function findGitSubcommand(argv: readonly string[]): { index: number; name: string } | null {
  for (let i = 1; i < argv.length; i++) {
    const arg = argv[i]!;
    if (HARMLESS_GLOBAL_OPTIONS.has(arg)) continue;
    if (arg.startsWith("-")) return null;
    return { index: i, name: arg };
  }
  return null;
}

/** `git branch` that only lists (no create, rename, delete or upstream change). */
function gitBranchIsReadOnly(args: readonly string[]): boolean {
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
  return args.every((a) => listing.has(a) || a.startsWith("--format="));
}

/** Whether `argv` (`git …`) only reads the repository git finds from its working directory. */
export function gitIsReadOnly(argv: readonly string[]): boolean {
  const sub = findGitSubcommand(argv);
  if (sub === null || !READ_ONLY_SUBCOMMANDS.has(sub.name)) return false;
  const rest = argv.slice(sub.index + 1);
  if (hasDangerousOption(rest, READ_ONLY_SUBCOMMAND_OPTIONS)) return false;
  return sub.name !== "branch" || gitBranchIsReadOnly(rest);
}
