// `-c key.path=value` overrides: the key is a TOML dotted key, the value is parsed as TOML and
// falls back to the raw string when it does not parse (so `-c model=o3` works unquoted).
import { parse } from "smol-toml";
import { isTable } from "./schema-check.js";

export interface ParsedOverride {
  /** The argument as given, for error messages. */
  arg: string;
  path: string[];
  value: unknown;
  /** `{a: {b: value}}` for `a.b=value`. */
  table: Record<string, unknown>;
}

export class OverrideSyntaxError extends Error {}

function parseDottedKey(key: string, arg: string): string[] {
  const segments: string[] = [];
  let i = 0;
  const fail = (why: string): never => {
    throw new OverrideSyntaxError(`Invalid override (${why}): ${arg}`);
  };
  while (i <= key.length) {
    while (key[i] === " " || key[i] === "\t") i++;
    const c = key[i];
    if (c === '"' || c === "'") {
      // Let the TOML parser decode the quoted segment (escapes and all).
      let j = i + 1;
      while (j < key.length && key[j] !== c) j += key[j] === "\\" && c === '"' ? 2 : 1;
      if (j >= key.length) fail("unterminated quoted key");
      const quoted = key.slice(i, j + 1);
      try {
        const parsed = parse(`${quoted} = 0`);
        segments.push(Object.keys(parsed)[0] ?? "");
      } catch {
        fail(`bad quoted key ${quoted}`);
      }
      i = j + 1;
    } else {
      let j = i;
      while (j < key.length && /[A-Za-z0-9_-]/.test(key[j] ?? "")) j++;
      if (j === i) fail(segments.length === 0 && key.trim() === "" ? "empty key" : "bad key");
      segments.push(key.slice(i, j));
      i = j;
    }
    while (key[i] === " " || key[i] === "\t") i++;
    if (i >= key.length) break;
    if (key[i] !== ".") fail("bad key");
    i++;
  }
  return segments;
}

/** TOML value of `raw`, or `raw` itself (trimmed) when it is not a TOML value. */
export function parseOverrideValue(raw: string): unknown {
  const trimmed = raw.trim();
  try {
    const parsed = parse(`__value__ = ${trimmed}`, { unsafeKeyBehaviour: "throw" });
    // A value smuggling in a second key (`"x"\nother = 1`) is not one TOML value.
    if (Object.keys(parsed).length === 1) return parsed["__value__"];
  } catch {
    // not TOML: fall through to the raw string
  }
  return trimmed;
}

export function parseOverride(arg: string): ParsedOverride {
  const eq = arg.indexOf("=");
  if (eq < 0) throw new OverrideSyntaxError(`Invalid override (missing '='): ${arg}`);
  const key = arg.slice(0, eq);
  if (key.trim() === "") throw new OverrideSyntaxError(`Invalid override (empty key): ${arg}`);
  const path = parseDottedKey(key, arg);
  const value = parseOverrideValue(arg.slice(eq + 1));
  const root: Record<string, unknown> = {};
  let node = root;
  path.forEach((seg, i) => {
    if (i === path.length - 1) node[seg] = value;
    else {
      const child: Record<string, unknown> = {};
      node[seg] = child;
      node = child;
    }
  });
  return { arg, path, value, table: root };
}

/**
 * Deep-merges `over` onto `base` (tables merge, everything else replaces) and calls `onSet` for
 * every key path it replaces or creates, so the caller can remember where each value came from.
 */
export function mergeTables(
  base: Record<string, unknown>,
  over: Record<string, unknown>,
  onSet: (path: string[]) => void = () => {},
  prefix: string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const path = [...prefix, k];
    const existing = out[k];
    if (isTable(existing) && isTable(v)) {
      // The table itself keeps its original origin; only what is written inside it moves.
      out[k] = mergeTables(existing, v, onSet, path);
    } else {
      onSet(path);
      out[k] = v;
    }
  }
  return out;
}
