// What one simple command does, for display: reading a file, listing files,
// searching, or something else. Lossy by design; it only has to give the user
// a readable gist (`Read foo.rs`, `Search TODO in src`).

import type { ParsedCommand } from "../protocol/index.js";
import { formatCommandForDisplay } from "./display.js";
import { isSedPrintRange } from "./safety.js";

/**
 * The last meaningful component of a path: `webview/src` → `webview`,
 * `packages/app/node_modules/` → `app`, `core/src/main.rs` → `main.rs`.
 */
export function shortDisplayPath(p: string): string {
  const trimmed = p.replace(/\\/g, "/").replace(/\/+$/, "");
  const boring = new Set(["", "build", "dist", "node_modules", "src"]);
  const parts = trimmed.split("/").reverse();
  return parts.find((part) => !boring.has(part)) ?? trimmed;
}

/** Operands left after dropping options and the values of `flagsWithValues`. */
function operands(args: readonly string[], flagsWithValues: readonly string[] = []): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      out.push(...args.slice(i + 1));
      break;
    }
    if (flagsWithValues.includes(a)) {
      i++;
      continue;
    }
    if (a.startsWith("-")) continue;
    out.push(a);
  }
  return out;
}

function read(argv: readonly string[], file: string): ParsedCommand {
  return {
    type: "read",
    cmd: formatCommandForDisplay(argv),
    name: shortDisplayPath(file),
    path: file,
  };
}

function listFiles(argv: readonly string[], dir: string | undefined): ParsedCommand {
  return {
    type: "list_files",
    cmd: formatCommandForDisplay(argv),
    path: dir === undefined ? null : shortDisplayPath(dir),
  };
}

function search(
  argv: readonly string[],
  query: string | undefined,
  dir: string | undefined,
): ParsedCommand {
  return {
    type: "search",
    cmd: formatCommandForDisplay(argv),
    query: query ?? null,
    path: dir === undefined ? null : shortDisplayPath(dir),
  };
}

export function unknown(argv: readonly string[]): ParsedCommand {
  return { type: "unknown", cmd: formatCommandForDisplay(argv) };
}

function grepLike(argv: readonly string[], args: readonly string[]): ParsedCommand {
  let pattern: string | undefined;
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === "--") {
      rest.push(...args.slice(i + 1));
      break;
    }
    if (a === "-e" || a === "--regexp" || a === "-f" || a === "--file") {
      pattern ??= args[i + 1];
      i++;
      continue;
    }
    if (
      [
        "-m",
        "--max-count",
        "-C",
        "--context",
        "-A",
        "--after-context",
        "-B",
        "--before-context",
      ].includes(a)
    ) {
      i++;
      continue;
    }
    if (!a.startsWith("-")) rest.push(a);
  }
  // The query is shown verbatim: patterns may contain slashes.
  if (pattern !== undefined) return search(argv, pattern, rest[0]);
  return search(argv, rest[0], rest[1]);
}

/** The file `sed -n <range>p … file` prints from, or undefined. */
export function sedReadPath(args: readonly string[]): string | undefined {
  if (!args.includes("-n")) return undefined;
  let hasRange = false;
  for (let i = 0; i < args.length; i++) {
    if ((args[i] === "-e" || args[i] === "--expression") && isSedPrintRange(args[i + 1])) {
      hasRange = true;
    }
    if (["-e", "--expression", "-f", "--file"].includes(args[i]!)) i++;
  }
  hasRange ||= args.some((a) => !a.startsWith("-") && isSedPrintRange(a));
  if (!hasRange) return undefined;
  const rest = operands(args, ["-e", "-f", "--expression", "--file"]);
  if (rest.length === 0) return undefined;
  return isSedPrintRange(rest[0]) ? rest[1] : rest[0];
}

/** The data file an awk invocation reads, if it names one. */
export function awkDataFile(args: readonly string[]): string | undefined {
  const scriptFromFile = args.some((a) => a === "-f" || a === "--file");
  const rest = operands(args, ["-F", "-v", "-f", "--field-separator", "--assign", "--file"]);
  return scriptFromFile ? rest[0] : rest[1];
}

function isDigits(s: string | undefined, allowPlus: boolean): boolean {
  if (s === undefined) return false;
  const body = allowPlus && s.startsWith("+") ? s.slice(1) : s;
  return /^\d+$/.test(body);
}

/** `head`/`tail` with a file operand read that file. */
function headTail(
  argv: readonly string[],
  args: readonly string[],
  allowPlus: boolean,
): ParsedCommand {
  const first = args[0];
  const validCount =
    (first === "-n" && isDigits(args[1], allowPlus)) ||
    (first !== undefined &&
      first.startsWith("-n") &&
      first.length > 2 &&
      isDigits(first.slice(2), allowPlus));
  if (validCount) {
    const rest = first === "-n" ? args.slice(2) : args.slice(1);
    const file = rest.find((a) => !a.startsWith("-"));
    if (file !== undefined) return read(argv, file);
  }
  if (args.length === 1 && !first!.startsWith("-")) return read(argv, first!);
  return unknown(argv);
}

function isPathish(s: string): boolean {
  return s === "." || s === ".." || s.startsWith("./") || s.startsWith("../") || /[/\\]/.test(s);
}

function isPython(name: string): boolean {
  return /^python([23](\.\d+)?)?$/.test(name);
}

function pythonWalksFiles(args: readonly string[]): boolean {
  const i = args.indexOf("-c");
  const code = i >= 0 ? args[i + 1] : undefined;
  if (code === undefined) return false;
  return [
    "os.walk",
    "os.listdir",
    "os.scandir",
    "glob.glob",
    "glob.iglob",
    "pathlib.Path",
    ".rglob(",
  ].some((needle) => code.includes(needle));
}

function singleOperandRead(
  argv: readonly string[],
  args: readonly string[],
  flagsWithValues: readonly string[],
): ParsedCommand {
  const files = operands(args, flagsWithValues);
  return files.length === 1 ? read(argv, files[0]!) : unknown(argv);
}

/** Classify one simple command. */
export function summarizeCommand(argv: readonly string[]): ParsedCommand {
  const [name, ...args] = argv;
  if (name === undefined) return unknown(argv);
  switch (name) {
    case "ls":
      return listFiles(
        argv,
        operands(args, [
          "-I",
          "-w",
          "--block-size",
          "--format",
          "--time-style",
          "--color",
          "--quoting-style",
        ])[0],
      );
    case "eza":
    case "exa":
      return listFiles(
        argv,
        operands(args, ["-I", "--ignore-glob", "--color", "--sort", "--time-style", "--time"])[0],
      );
    case "tree":
      return listFiles(
        argv,
        operands(args, ["-L", "-P", "-I", "--charset", "--filelimit", "--sort"])[0],
      );
    case "du":
      return listFiles(
        argv,
        operands(args, ["-d", "--max-depth", "-B", "--block-size", "--exclude", "--time-style"])[0],
      );
    case "rg":
    case "rga":
    case "ripgrep-all": {
      const rest = operands(args, [
        "-g",
        "--glob",
        "--iglob",
        "-t",
        "--type",
        "--type-add",
        "--type-not",
        "-m",
        "--max-count",
        "-A",
        "-B",
        "-C",
        "--context",
        "--max-depth",
      ]);
      if (args.includes("--files")) return listFiles(argv, rest[0]);
      return search(argv, rest[0], rest[1]);
    }
    case "git": {
      const [sub, ...subArgs] = args;
      if (sub === "grep") return grepLike(argv, subArgs);
      if (sub === "ls-files") {
        return listFiles(
          argv,
          operands(subArgs, ["--exclude", "--exclude-from", "--pathspec-from-file"])[0],
        );
      }
      return unknown(argv);
    }
    case "fd": {
      const rest = operands(args, [
        "-t",
        "--type",
        "-e",
        "--extension",
        "-E",
        "--exclude",
        "--search-path",
      ]);
      if (rest.length === 1) {
        return isPathish(rest[0]!) ? listFiles(argv, rest[0]) : search(argv, rest[0], undefined);
      }
      return rest.length === 0 ? listFiles(argv, undefined) : search(argv, rest[0], rest[1]);
    }
    case "find": {
      const root = args.find((a) => !a.startsWith("-") && a !== "!" && a !== "(" && a !== ")");
      const at = args.findIndex((a) => ["-name", "-iname", "-path", "-regex"].includes(a));
      const query = at >= 0 ? args[at + 1] : undefined;
      return query === undefined ? listFiles(argv, root) : search(argv, query, root);
    }
    case "grep":
    case "egrep":
    case "fgrep":
      return grepLike(argv, args);
    case "ag":
    case "ack":
    case "pt": {
      const rest = operands(args, [
        "-G",
        "-g",
        "--file-search-regex",
        "--ignore-dir",
        "--ignore-file",
        "--path-to-ignore",
      ]);
      return search(argv, rest[0], rest[1]);
    }
    case "cat":
    case "more":
      return singleOperandRead(argv, args, []);
    case "bat":
    case "batcat":
      return singleOperandRead(argv, args, [
        "--theme",
        "--language",
        "--style",
        "--terminal-width",
        "--tabs",
        "--line-range",
        "--map-syntax",
      ]);
    case "less":
      return singleOperandRead(argv, args, [
        "-p",
        "-P",
        "-x",
        "-y",
        "-z",
        "-j",
        "--pattern",
        "--prompt",
        "--tabs",
        "--shift",
        "--jump-target",
      ]);
    case "head":
      return headTail(argv, args, false);
    case "tail":
      return headTail(argv, args, true);
    case "awk": {
      const file = awkDataFile(args);
      return file === undefined ? unknown(argv) : read(argv, file);
    }
    case "nl": {
      const file = operands(args, ["-s", "-w", "-v", "-i", "-b"])[0];
      return file === undefined ? unknown(argv) : read(argv, file);
    }
    case "sed": {
      const file = sedReadPath(args);
      return file === undefined ? unknown(argv) : read(argv, file);
    }
    default:
      if (isPython(name) && pythonWalksFiles(args)) return listFiles(argv, undefined);
      return unknown(argv);
  }
}
