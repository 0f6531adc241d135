// Commands destructive enough that they must never run without a human
// saying yes: forced/recursive `rm`, history-destroying git operations
// (every `git reset`, `git rm`, `git branch -d/-D/--delete`, `git clean -f`,
// forced or deleting pushes, `git checkout -f`: at least what upstream Codex
// lists), privilege escalation, raw disk writes. Long options are matched
// with their abbreviations (`rm --rec`, `git branch --del`), as the programs
// accept them.
//
// How they are treated (see approval.ts): under every approval policy that
// can ask, they are asked about, even where the policy would otherwise run
// them silently (`on-request`, `on-failure`); under `never`, where nobody can
// be asked, they are rejected before running with
// "`<command>` rejected: rm -f style commands are not permitted. Use a safer
// approach", as Codex does.
//
// Detection is deliberately broader than the known-safe check: inside a
// `bash -lc` script every command node is examined, also in subshells,
// substitutions, loops and after redirections, using its literal prefix.

import path from "node:path";
import { formatCommandForDisplay } from "./display.js";
import { hasDangerousOption, longOptionCandidates, type OptionSpec } from "./getopt.js";
import { commandPrefixesInScript } from "./parse-script.js";
import { extractShellScript } from "./shell-wrapper.js";

export interface DangerousCommandMatch {
  /** The offending command: the argv, or a literal prefix of one inside a script. */
  argv: string[];
  /** What kind of command it is, e.g. `rm -f style`, `git reset --hard`, `sudo`. */
  label: string;
}

function shortCluster(arg: string): string | null {
  return /^-[A-Za-z0-9]+$/.test(arg) ? arg.slice(1) : null;
}

function hasShortFlag(args: readonly string[], letters: string): boolean {
  return args.some((a) => {
    const cluster = shortCluster(a);
    return cluster !== null && [...letters].some((l) => cluster.includes(l));
  });
}

function optionsBeforeDoubleDash(args: readonly string[]): string[] {
  const end = args.indexOf("--");
  return (end < 0 ? args : args.slice(0, end)).filter((a) => a.startsWith("-"));
}

/** Long options of rm, so abbreviations (`--rec`, `--fo`, `--no-p`) are read as rm reads them. */
const RM_OPTIONS: OptionSpec = {
  short: "dfiIrRv",
  long: [
    "dir",
    "force",
    "interactive?",
    "no-preserve-root",
    "one-file-system",
    "preserve-root?",
    "recursive",
    "verbose",
    "help",
    "version",
  ],
  dangerous: ["force", "recursive", "no-preserve-root", "f", "r", "R"],
};

function rmIsDangerous(args: readonly string[]): boolean {
  return hasDangerousOption(args, RM_OPTIONS);
}

/** Whether `opts` holds `--name`, or an abbreviation only it can stand for among `known`. */
function hasLongOption(opts: readonly string[], name: string, known: readonly string[]): boolean {
  return opts.some((a) => {
    if (!a.startsWith("--") || a === "--") return false;
    const eq = a.indexOf("=");
    const given = eq < 0 ? a.slice(2) : a.slice(2, eq);
    return given !== "" && longOptionCandidates(given, known).includes(name);
  });
}

/** `git branch` long options that begin like `--delete` or `--force`. */
const GIT_BRANCH_LONG = ["delete", "force", "format", "edit-description", "contains"];

const GIT_OPTS_WITH_VALUE: ReadonlySet<string> = new Set([
  "-C",
  "-c",
  "--git-dir",
  "--work-tree",
  "--namespace",
  "--config-env",
  "--exec-path",
]);

function gitDanger(args: readonly string[]): string | null {
  let i = 0;
  while (i < args.length && args[i]!.startsWith("-")) {
    i += GIT_OPTS_WITH_VALUE.has(args[i]!) ? 2 : 1;
  }
  const sub = args[i];
  const rest = args.slice(i + 1);
  const opts = optionsBeforeDoubleDash(rest);
  switch (sub) {
    case "reset":
      // Any reset moves HEAD or rewrites the index (upstream Codex counts every form).
      return "git reset";
    case "rm":
      return "git rm";
    case "clean":
      return hasShortFlag(opts, "f") || hasLongOption(opts, "force", ["force", "filter"])
        ? "git clean -f"
        : null;
    case "push":
      return hasShortFlag(opts, "fd") ||
        opts.some((a) => a.startsWith("--force") || a === "--mirror" || a === "--delete") ||
        hasLongOption(opts, "delete", ["delete", "dry-run"]) ||
        hasLongOption(opts, "force", ["force", "follow-tags"]) ||
        rest.some((a) => a.startsWith("+") || (a.startsWith(":") && a.length > 1))
        ? "git push --force"
        : null;
    case "branch":
      if (hasShortFlag(opts, "D")) return "git branch -D";
      return hasShortFlag(opts, "d") || hasLongOption(opts, "delete", GIT_BRANCH_LONG)
        ? "git branch -d"
        : null;
    case "checkout":
      return hasShortFlag(opts, "f") || hasLongOption(opts, "force", ["force"])
        ? "git checkout --force"
        : null;
    default:
      return null;
  }
}

function findDanger(args: readonly string[], depth: number): string | null {
  if (args.includes("-delete")) return "find -delete";
  for (let i = 0; i < args.length; i++) {
    if (!["-exec", "-execdir", "-ok", "-okdir"].includes(args[i]!)) continue;
    let end = i + 1;
    while (end < args.length && args[end] !== ";" && args[end] !== "+") end++;
    const label = dangerousToExec(args.slice(i + 1, end), depth + 1);
    if (label !== null) return label;
  }
  return null;
}

/** Programs that run the rest of their argv as another command. */
function unwrapCommandRunner(name: string, args: readonly string[]): string[] | null {
  let i = 0;
  switch (name) {
    case "env":
      while (i < args.length && (args[i]!.startsWith("-") || /^[A-Za-z_]\w*=/.test(args[i]!))) {
        i += args[i] === "-u" || args[i] === "-C" || args[i] === "-S" ? 2 : 1;
      }
      break;
    case "nice":
    case "nohup":
    case "time":
    case "command":
    case "exec":
    case "stdbuf":
      while (i < args.length && args[i]!.startsWith("-")) i += args[i] === "-n" ? 2 : 1;
      break;
    case "xargs":
      while (i < args.length && args[i]!.startsWith("-")) {
        i += ["-I", "-L", "-n", "-P", "-s", "-E", "-e", "-d", "-a"].includes(args[i]!) ? 2 : 1;
      }
      break;
    case "timeout":
      while (i < args.length && args[i]!.startsWith("-")) {
        i += args[i] === "-s" || args[i] === "-k" ? 2 : 1;
      }
      i++; // the duration
      break;
    default:
      return null;
  }
  return args.slice(i);
}

/** The danger label of one argv run directly, or null. Does not look inside `bash -c`. */
export function dangerousToExec(argv: readonly string[], depth = 0): string | null {
  const first = argv[0];
  if (first === undefined || depth > 4) return null;
  const name = path.basename(first);
  const args = argv.slice(1);
  if (name === "rm") return rmIsDangerous(args) ? "rm -f style" : null;
  if (name === "git") return gitDanger(args);
  if (name === "sudo" || name === "doas" || name === "su") return name;
  if (name.startsWith("mkfs")) return "mkfs";
  if (name === "shred") return "shred";
  if (name === "dd") return args.some((a) => a.startsWith("of=")) ? "dd of=" : null;
  if (name === "find") return findDanger(args, depth);
  const inner = unwrapCommandRunner(name, args);
  return inner === null ? null : dangerousToExec(inner, depth + 1);
}

async function findDangerous(
  argv: readonly string[],
  depth: number,
): Promise<DangerousCommandMatch | null> {
  const label = dangerousToExec(argv);
  if (label !== null) return { argv: [...argv], label };
  const wrapped = extractShellScript(argv, { anyShellPath: true });
  if (wrapped === null || depth > 3) return null;
  for (const prefix of await commandPrefixesInScript(wrapped.script)) {
    const found = await findDangerous(prefix, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/** The first destructive command in `argv` (also inside a `bash -lc` script), or null. */
export function findDangerousCommand(
  argv: readonly string[],
): Promise<DangerousCommandMatch | null> {
  return findDangerous(argv, 0);
}

/** Whether `argv` contains a command that must never run unasked. */
export async function isDangerousCommand(argv: readonly string[]): Promise<boolean> {
  return (await findDangerousCommand(argv)) !== null;
}

/**
 * What the model is told when a destructive command is refused without a
 * human to ask: "`/bin/bash -lc 'rm -f x'` rejected: rm -f style commands are
 * not permitted. Use a safer approach".
 */
export function dangerousCommandRejection(
  argv: readonly string[],
  match: DangerousCommandMatch,
): string {
  return `\`${formatCommandForDisplay(argv)}\` rejected: ${match.label} commands are not permitted. Use a safer approach`;
}
