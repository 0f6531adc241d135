// A tiny validator for parsed TOML. zod costs ~40 ms to import, which is too much for the startup
// path, and we want our own error wording anyway: every issue carries the key path so that the
// loader can point at file:line:column.
import { formatKeyPath, type KeyPath } from "./toml-locate.js";

/** A problem with one value, identified by its key path. */
export class ConfigIssue extends Error {
  constructor(
    readonly path: KeyPath,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface CheckContext {
  /** Called for every key no schema knows about. */
  unknownKey(path: KeyPath): void;
  /** Called for accepted-but-deprecated spellings. */
  warn(path: KeyPath, message: string): void;
}

export type Check<T> = (value: unknown, ctx: CheckContext, path: KeyPath) => T;
export type Out<C> = C extends Check<infer T> ? T : never;

export function describeValue(value: unknown): string {
  if (typeof value === "string") return `string ${JSON.stringify(value)}`;
  if (typeof value === "number")
    return Number.isInteger(value) ? `integer ${value}` : `float ${value}`;
  if (typeof value === "bigint") return `integer ${value}`;
  if (typeof value === "boolean") return `boolean ${value}`;
  if (Array.isArray(value)) return "an array";
  if (value instanceof Date) return "a date";
  if (value !== null && typeof value === "object") return "a table";
  return String(value);
}

function invalid(path: KeyPath, expected: string, value: unknown): ConfigIssue {
  const got = typeof value === "string" ? JSON.stringify(value) : describeValue(value);
  return new ConfigIssue(
    path,
    `invalid value for \`${formatKeyPath(path)}\`: expected ${expected}, got ${got}`,
  );
}

export function isTable(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === "object" && !Array.isArray(value) && !(value instanceof Date)
  );
}

export const str: Check<string> = (v, _ctx, path) => {
  if (typeof v !== "string") throw invalid(path, "a string", v);
  return v;
};

export function nonEmptyStr(what = "a non-empty string"): Check<string> {
  return (v, _ctx, path) => {
    if (typeof v !== "string" || v.trim() === "") throw invalid(path, what, v);
    return v;
  };
}

export const bool: Check<boolean> = (v, _ctx, path) => {
  if (typeof v !== "boolean") throw invalid(path, "a boolean (true or false)", v);
  return v;
};

export function int(min = 0, max = Number.MAX_SAFE_INTEGER): Check<number> {
  const what =
    max !== Number.MAX_SAFE_INTEGER
      ? `an integer between ${min} and ${max}`
      : min === 0
        ? "a non-negative integer"
        : `an integer >= ${min}`;
  return (v, _ctx, path) => {
    if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max)
      throw invalid(path, what, v);
    return v;
  };
}

/** Non-negative number (integer or float), e.g. timeouts in seconds. */
export const seconds: Check<number> = (v, _ctx, path) => {
  if (typeof v !== "number" || !Number.isFinite(v) || v < 0)
    throw invalid(path, "a non-negative number of seconds", v);
  return v;
};

/**
 * One of `values`; `aliases` maps legacy spellings to their current value (with a warning).
 */
export function oneOf<T extends string>(
  values: readonly T[],
  aliases: Record<string, T> = {},
): Check<T> {
  return (v, ctx, path) => {
    if (typeof v === "string") {
      if ((values as readonly string[]).includes(v)) return v as T;
      const alias = aliases[v];
      if (alias !== undefined) {
        ctx.warn(
          path,
          `\`${formatKeyPath(path)} = "${v}"\` is a legacy value; treating it as "${alias}"`,
        );
        return alias;
      }
    }
    throw invalid(path, `one of ${values.join(", ")}`, v);
  };
}

export function arrayOf<T>(item: Check<T>): Check<T[]> {
  return (v, ctx, path) => {
    if (!Array.isArray(v)) throw invalid(path, "an array", v);
    return v.map((x, i) => item(x, ctx, [...path, i]));
  };
}

/** A table with arbitrary keys whose values all pass `item`. */
export function mapOf<T>(item: Check<T>): Check<Record<string, T>> {
  return (v, ctx, path) => {
    if (!isTable(v)) throw invalid(path, "a table", v);
    const out: Record<string, T> = {};
    for (const [k, x] of Object.entries(v)) out[k] = item(x, ctx, [...path, k]);
    return out;
  };
}

export type Fields = Record<string, Check<unknown>>;
export type TableOut<F extends Fields> = { [K in keyof F]?: Out<F[K]> };

/**
 * A table with known fields. Unknown fields are reported through `ctx.unknownKey` and dropped,
 * except those listed in `ignored`, which are accepted silently (keys Codex knows but we do not use).
 */
export function table<F extends Fields>(
  fields: F,
  ignored: readonly string[] = [],
): Check<TableOut<F>> {
  return (v, ctx, path) => {
    if (!isTable(v)) throw invalid(path, "a table", v);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      const field = Object.hasOwn(fields, k) ? fields[k] : undefined;
      if (field) out[k] = field(x, ctx, [...path, k]);
      else if (!ignored.includes(k)) ctx.unknownKey([...path, k]);
    }
    return out as TableOut<F>;
  };
}

/** Accept anything (sections we parse elsewhere or deliberately ignore). */
export const anything: Check<unknown> = (v) => v;

export function boolOrStrings(expected: string): Check<boolean | string[]> {
  return (v, ctx, path) => {
    if (typeof v === "boolean") return v;
    if (Array.isArray(v)) return arrayOf(str)(v, ctx, path);
    throw invalid(path, expected, v);
  };
}

/** An absolute http:// or https:// URL (provider base URLs, MCP servers, OTLP endpoints). */
export const httpUrl: Check<string> = (v, ctx, path) => {
  const s = str(v, ctx, path);
  let ok: boolean;
  try {
    const u = new URL(s);
    ok = u.protocol === "http:" || u.protocol === "https:";
  } catch {
    ok = false;
  }
  if (!ok)
    throw new ConfigIssue(
      path,
      `invalid value for \`${formatKeyPath(path)}\`: expected an http:// or https:// URL, got ${JSON.stringify(s)}`,
    );
  return s;
};
