// Reading a command line the way GNU getopt_long (and git's parse-options)
// would, so a safety check sees the option a program will act on rather than
// the spelling the model chose.
//
// The trap this closes: getopt accepts any unambiguous prefix of a long
// option, so `sort --outp=FILE` is `sort --output=FILE`. A check that only
// compares whole names is talked around by abbreviating. Here a long
// argument counts as every option it could abbreviate; if any of those is
// dangerous, the argument is (an ambiguous prefix makes the program fail,
// but treating it as dangerous costs nothing and needs no knowledge of the
// program's exact tie-breaking). An exact name always wins, which is why a
// spec lists the safe long options too: `git diff --text` is not an
// abbreviation of `--textconv`.

export interface OptionSpec {
  /**
   * Short options in getopt syntax: a letter, then `:` when it takes a value
   * (the rest of the cluster or the next argument), `::` when the value is
   * optional (only the rest of the cluster).
   */
  short: string;
  /**
   * Long option names without dashes: `name` (no value), `name=` (a value,
   * inline or the next argument), `name?` (an optional value, inline only).
   */
  long: readonly string[];
  /** Long names and short letters that write files, delete or run programs. */
  dangerous: readonly string[];
}

export type ScannedArg =
  | { type: "operand"; value: string }
  | {
      type: "option";
      /** The canonical long name or short letter; `null` when unknown or ambiguous. */
      name: string | null;
      /** Whether this argument could be a dangerous option. */
      dangerous: boolean;
      value?: string;
      /** The argument as written. */
      arg: string;
    };

type Arity = "none" | "required" | "optional";

interface CompiledSpec {
  short: Map<string, Arity>;
  long: Map<string, Arity>;
  dangerous: ReadonlySet<string>;
}

const compiled = new WeakMap<OptionSpec, CompiledSpec>();

function compile(spec: OptionSpec): CompiledSpec {
  const cached = compiled.get(spec);
  if (cached) return cached;
  const short = new Map<string, Arity>();
  for (let i = 0; i < spec.short.length; i++) {
    const letter = spec.short[i]!;
    let arity: Arity = "none";
    if (spec.short[i + 1] === ":") {
      arity = spec.short[i + 2] === ":" ? "optional" : "required";
      i += arity === "optional" ? 2 : 1;
    }
    short.set(letter, arity);
  }
  const long = new Map<string, Arity>();
  for (const entry of spec.long) {
    if (entry.endsWith("=")) long.set(entry.slice(0, -1), "required");
    else if (entry.endsWith("?")) long.set(entry.slice(0, -1), "optional");
    else long.set(entry, "none");
  }
  for (const name of spec.dangerous) {
    if (name.length > 1 && !long.has(name)) long.set(name, "none");
  }
  const result = { short, long, dangerous: new Set(spec.dangerous) };
  compiled.set(spec, result);
  return result;
}

/**
 * The long options `name` may stand for: itself when it is a known option,
 * otherwise every known option it is a prefix of (none when unknown).
 */
export function longOptionCandidates(name: string, known: Iterable<string>): string[] {
  const all = [...known];
  if (all.includes(name)) return [name];
  return all.filter((option) => option.startsWith(name));
}

/**
 * Split `args` into options and operands, permuting as GNU getopt does
 * (options may follow operands) until `--`. Unknown and ambiguous options are
 * reported with `name: null` and take no value, so any word after them is
 * still examined.
 */
export function scanOptions(args: readonly string[], spec: OptionSpec): ScannedArg[] {
  const c = compile(spec);
  const out: ScannedArg[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      for (const rest of args.slice(i + 1)) out.push({ type: "operand", value: rest });
      break;
    }
    if (arg.startsWith("--")) {
      const eq = arg.indexOf("=");
      const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq);
      const candidates = longOptionCandidates(name, c.long.keys());
      const dangerous = candidates.some((n) => c.dangerous.has(n));
      if (candidates.length !== 1) {
        out.push({ type: "option", name: null, dangerous, arg });
        continue;
      }
      const canonical = candidates[0]!;
      const arity = c.long.get(canonical)!;
      let value: string | undefined;
      if (eq >= 0) value = arg.slice(eq + 1);
      else if (arity === "required" && i + 1 < args.length) value = args[++i];
      out.push({
        type: "option",
        name: canonical,
        dangerous,
        arg,
        ...(value === undefined ? {} : { value }),
      });
      continue;
    }
    if (arg.startsWith("-") && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const letter = arg[j]!;
        const arity = c.short.get(letter);
        const dangerous = c.dangerous.has(letter);
        if (arity === undefined) {
          out.push({ type: "option", name: null, dangerous, arg });
          continue;
        }
        if (arity === "none") {
          out.push({ type: "option", name: letter, dangerous, arg });
          continue;
        }
        let value: string | undefined = arg.slice(j + 1);
        if (value === "" && arity === "required")
          value = i + 1 < args.length ? args[++i] : undefined;
        else if (value === "") value = undefined;
        out.push({
          type: "option",
          name: letter,
          dangerous,
          arg,
          ...(value === undefined ? {} : { value }),
        });
        break;
      }
      continue;
    }
    out.push({ type: "operand", value: arg });
  }
  return out;
}

/** Whether any argument is, or abbreviates, a dangerous option of the program. */
export function hasDangerousOption(args: readonly string[], spec: OptionSpec): boolean {
  return scanOptions(args, spec).some((a) => a.type === "option" && a.dangerous);
}
