// Rendering of new TOML text for edits, in the layout Codex writes: `key = value` lines, arrays
// inline (`["a", "b"]`), nested tables as their own `[a.b.c]` sections after the parent.

/** A value that can be written: nested plain objects become sub-tables. */
export type TomlValue = string | number | boolean | TomlValue[] | { [key: string]: TomlValue };

export type TomlTable = { [key: string]: TomlValue };

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function renderKey(key: string): string {
  return BARE_KEY.test(key) ? key : renderString(key);
}

export function renderKeyPath(path: readonly string[]): string {
  return path.map(renderKey).join(".");
}

const ESCAPES: Record<string, string> = {
  "\b": "\\b",
  "\t": "\\t",
  "\n": "\\n",
  "\f": "\\f",
  "\r": "\\r",
  '"': '\\"',
  "\\": "\\\\",
};

/** A TOML basic string: control characters (and DEL) escaped, everything else as is. */
export function renderString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const mapped = ESCAPES[ch];
    if (mapped !== undefined) out += mapped;
    else {
      const cp = ch.codePointAt(0) ?? 0;
      out += cp < 0x20 || cp === 0x7f ? `\\u${cp.toString(16).padStart(4, "0")}` : ch;
    }
  }
  return `${out}"`;
}

function isTable(v: TomlValue): v is TomlTable {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function renderNumber(n: number): string {
  if (Number.isNaN(n)) return "nan";
  if (!Number.isFinite(n)) return n > 0 ? "inf" : "-inf";
  return String(n);
}

/** A value on one line (tables inside arrays become inline tables). */
export function renderInlineValue(v: TomlValue): string {
  if (typeof v === "string") return renderString(v);
  if (typeof v === "number") return renderNumber(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(renderInlineValue).join(", ")}]`;
  const entries = Object.entries(v).map(([k, x]) => `${renderKey(k)} = ${renderInlineValue(x)}`);
  return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
}

/**
 * `[path]` with its scalar and array keys, then each nested table as its own section, separated
 * by blank lines. Uses `eol` for line ends. Always ends with a line end.
 */
export function renderTable(path: readonly string[], values: TomlTable, eol = "\n"): string {
  const lines: string[] = [`[${renderKeyPath(path)}]`];
  const nested: [string, TomlTable][] = [];
  for (const [key, value] of Object.entries(values)) {
    if (isTable(value)) nested.push([key, value]);
    else lines.push(`${renderKey(key)} = ${renderInlineValue(value)}`);
  }
  let out = lines.join(eol) + eol;
  for (const [key, table] of nested) out += eol + renderTable([...path, key], table, eol);
  return out;
}

/** One `key = value` line for a scalar or array value. */
export function renderKeyValue(key: string, value: TomlValue, eol = "\n"): string {
  return `${renderKey(key)} = ${renderInlineValue(value)}${eol}`;
}
