// `parsed_cmd` for ExecCommandBegin / ExecApprovalRequest: a command reduced
// to the reads, listings and searches it performs, or one `unknown` entry
// when any part of it is something else.
//
// For `bash -lc '<script>'` the script is parsed with tree-sitter-bash; glue
// around the interesting command is dropped (`cd dir &&`, `echo …;`, `true`,
// `| head -n 40`, `| wc -l`…), and `cd` is folded into the read file's path.

import type { ParsedCommand } from "../protocol/index.js";
import { formatCommandForDisplay } from "./display.js";
import { parsePlainBashScript } from "./parse-script.js";
import { extractShellScript } from "./shell-wrapper.js";
import { awkDataFile, sedReadPath, summarizeCommand, unknown } from "./summarize.js";

const CONNECTORS: ReadonlySet<string> = new Set(["&&", "||", "|", ";"]);

/** A summary and the argv it came from (the simplification rules look at both). */
interface Summarized {
  parsed: ParsedCommand;
  argv: string[];
}

function isCountArg(
  flag: string | undefined,
  count: string | undefined,
  flags: string[],
  allowPlus: boolean,
): boolean {
  if (flag === undefined || count === undefined || !flags.includes(flag)) return false;
  return /^\d+$/.test(allowPlus && count.startsWith("+") ? count.slice(1) : count);
}

/**
 * Pipeline helpers that only reshape output (`wc -l`, `head -n 40`, `sort`);
 * dropped so the summary shows the command that produces the data. Forms
 * that name a file (`head -n 40 file`) are reads and kept.
 */
export function isFormattingHelper(argv: readonly string[]): boolean {
  const [name, ...args] = argv;
  switch (name) {
    case "wc":
    case "tr":
    case "cut":
    case "sort":
    case "uniq":
    case "tee":
    case "column":
    case "yes":
    case "printf":
      return true;
    case "xargs":
      return !xargsMutates(args);
    case "awk":
      return awkDataFile(args) === undefined;
    case "head":
    case "tail": {
      if (args.length === 0) return true;
      if (args.length === 1) return args[0]!.startsWith("-");
      return args.length === 2 && isCountArg(args[0], args[1], ["-n", "-c"], name === "tail");
    }
    case "sed":
      return sedReadPath(args) === undefined;
    default:
      return false;
  }
}

/** `xargs perl -pi …`, `xargs sed -i …`, `xargs rg --replace …` edit files. */
function xargsMutates(args: readonly string[]): boolean {
  let i = 0;
  while (i < args.length) {
    const a = args[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-")) break;
    i += ["-E", "-e", "-I", "-L", "-n", "-P", "-s"].includes(a) ? 2 : 1;
  }
  const [tool, ...rest] = args.slice(i);
  const inPlace = rest.some((t) => t.startsWith("-i") || t.startsWith("-pi"));
  if (tool === "perl" || tool === "ruby") return inPlace;
  if (tool === "sed") return inPlace || rest.includes("--in-place");
  if (tool === "rg") return rest.includes("--replace");
  return false;
}

function cdTarget(args: readonly string[]): string | undefined {
  let target: string | undefined;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--") return args[i + 1];
    if (!args[i]!.startsWith("-")) target = args[i];
  }
  return target;
}

function joinPath(base: string, rel: string): string {
  if (rel.startsWith("/") || base === "") return rel;
  return base.endsWith("/") ? `${base}${rel}` : `${base}/${rel}`;
}

/** Summarise commands in order, folding `cd` into the paths of later reads. */
function summarizeSequence(commands: readonly string[][]): Summarized[] {
  const out: Summarized[] = [];
  let cwd: string | undefined;
  for (const argv of commands) {
    if (argv[0] === "cd") {
      const dir = cdTarget(argv.slice(1));
      if (dir !== undefined) cwd = cwd === undefined ? dir : joinPath(cwd, dir);
      continue;
    }
    let parsed = summarizeCommand(argv);
    if (parsed.type === "read" && cwd !== undefined && parsed.path !== undefined) {
      parsed = { ...parsed, path: joinPath(cwd, parsed.path) };
    }
    out.push({ parsed, argv });
  }
  return out;
}

/** One step of dropping glue commands; null when nothing more can go. */
function simplifyOnce(items: readonly Summarized[]): Summarized[] | null {
  if (items.length <= 1) return null;
  const isUnknown = (s: Summarized): boolean => s.parsed.type === "unknown";
  if (isUnknown(items[0]!) && items[0]!.argv[0] === "echo") return items.slice(1);
  const without = (idx: number): Summarized[] => [...items.slice(0, idx), ...items.slice(idx + 1)];
  const cd = items.findIndex((s) => isUnknown(s) && s.argv[0] === "cd");
  if (cd >= 0 && cd + 1 < items.length) return without(cd);
  const trueIdx = items.findIndex(
    (s) => isUnknown(s) && s.argv.length === 1 && s.argv[0] === "true",
  );
  if (trueIdx >= 0) return without(trueIdx);
  const nl = items.findIndex(
    (s) => isUnknown(s) && s.argv[0] === "nl" && s.argv.slice(1).every((a) => a.startsWith("-")),
  );
  if (nl >= 0) return without(nl);
  return null;
}

function simplify(items: Summarized[]): Summarized[] {
  let current = items;
  for (let next = simplifyOnce(current); next !== null; next = simplifyOnce(current))
    current = next;
  return current;
}

async function parseScript(script: string): Promise<ParsedCommand[]> {
  const plain = await parsePlainBashScript(script, { literalExpansions: true });
  if (plain === null || plain.commands.length === 0) return [{ type: "unknown", cmd: script }];
  const hadConnectors = plain.commands.length > 1;
  const kept = plain.commands.filter((argv) => !isFormattingHelper(argv));
  if (kept.length === 0) return [{ type: "unknown", cmd: script }];
  let items = summarizeSequence(kept);
  if (items.length > 1) {
    items = items.filter(
      (s) => !(s.parsed.type === "unknown" && s.argv.length === 1 && s.argv[0] === "true"),
    );
    items = simplify(items);
  }
  if (items.length !== 1) return items.map((s) => s.parsed);
  const only = items[0]!.parsed;
  if (only.type === "unknown") return [only];
  if (!hadConnectors) {
    // A lone command is shown as the whole script, re-quoted.
    return [{ ...only, cmd: formatCommandForDisplay(plain.commands[0]!) }];
  }
  // `cat file | sed -n 1,200p` reads a slice of the file: show all of it.
  const hasSedN = plain.commands.some((argv) => argv[0] === "sed" && argv[1] === "-n");
  if (only.type === "read" && plain.hasPipe && hasSedN) return [{ ...only, cmd: script }];
  return [only];
}

function splitOnConnectors(tokens: readonly string[]): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const t of tokens) {
    if (CONNECTORS.has(t)) {
      if (current.length > 0) out.push(current);
      current = [];
    } else {
      current.push(t);
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

function parseArgv(argv: readonly string[]): ParsedCommand[] {
  // `yes | cmd` / `no | cmd` only feed answers to the real command.
  const tokens =
    argv.length >= 2 && ["yes", "y", "no", "n"].includes(argv[0]!) && argv[1] === "|"
      ? argv.slice(2)
      : argv;
  return simplify(summarizeSequence(splitOnConnectors(tokens))).map((s) => s.parsed);
}

function sameParsed(a: ParsedCommand, b: ParsedCommand): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Summarise `argv` for display. Any part that is not a read, listing or
 * search turns the whole result into a single `unknown` entry holding the
 * script (for `bash -lc`) or the quoted argv.
 */
export async function parseCommand(argv: readonly string[]): Promise<ParsedCommand[]> {
  const wrapped = extractShellScript(argv, { anyShellPath: true });
  const parsed = wrapped === null ? parseArgv(argv) : await parseScript(wrapped.script);
  const deduped: ParsedCommand[] = [];
  for (const p of parsed) {
    const last = deduped[deduped.length - 1];
    if (last === undefined || !sameParsed(last, p)) deduped.push(p);
  }
  if (deduped.some((p) => p.type === "unknown")) {
    return [wrapped === null ? unknown(argv) : { type: "unknown", cmd: wrapped.script }];
  }
  return deduped;
}
