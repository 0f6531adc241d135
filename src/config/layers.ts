// Config comes in layers (file, profile, each `-c`); each layer knows how to say where one of its
// values was written, so errors found after merging still point at the right line or override.
import { readFileSync } from "node:fs";
import { parse, TomlError } from "smol-toml";
import { ConfigError, configErrorAt, describeOrigin, type ValueOrigin } from "./errors.js";
import { ConfigIssue, type Check, type CheckContext } from "./schema-check.js";
import {
  formatKeyPath,
  indexKeyPositions,
  keyPathId,
  lookupKeyPosition,
  type KeyPath,
  type SourcePosition,
} from "./toml-locate.js";

export interface Layer {
  table: Record<string, unknown>;
  /** Where the value at `path` (a path in the merged config) was written. */
  origin(path: KeyPath): ValueOrigin;
}

export interface TomlFile {
  file: string;
  text: string;
  raw: Record<string, unknown>;
  positions(): Map<string, SourcePosition>;
}

/** Reads and parses a TOML file; undefined when it does not exist. */
export function readTomlFile(file: string): TomlFile | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    throw new ConfigError(
      `Error loading config.toml: cannot read ${file}: ${(err as Error).message}`,
      { file },
    );
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ConfigError(`Error loading config.toml: ${file}: the file is not valid UTF-8`, {
      file,
    });
  }
  let raw: Record<string, unknown>;
  try {
    raw = parse(text, { unsafeKeyBehaviour: "throw" }) as Record<string, unknown>;
  } catch (err) {
    if (err instanceof TomlError) {
      const what = (err.message.split("\n")[0] ?? "").replace(/^Invalid TOML document: /, "");
      throw configErrorAt({ file, line: err.line, column: err.column }, `invalid TOML: ${what}`);
    }
    throw err;
  }
  let positions: Map<string, SourcePosition> | undefined;
  return {
    file,
    text,
    raw,
    positions: () => (positions ??= indexKeyPositions(text)),
  };
}

/** `prefix` is where the layer's table sits inside the file (e.g. `profiles.fast`). */
export function fileLayer(
  source: TomlFile,
  table: Record<string, unknown>,
  prefix: KeyPath = [],
): Layer {
  return {
    table,
    origin: (path) => {
      const pos = lookupKeyPosition(source.positions(), [...prefix, ...path]);
      return { file: source.file, line: pos?.line, column: pos?.column };
    },
  };
}

export function overrideLayer(arg: string, table: Record<string, unknown>): Layer {
  return { table, origin: () => ({ override: arg }) };
}

export interface ValidateOptions {
  strict: boolean;
  warnings: string[];
}

/** Runs `check` over `value`, turning issues into located ConfigErrors and warnings. */
export function validateAt<T>(
  check: Check<T>,
  value: unknown,
  origin: (path: KeyPath) => ValueOrigin,
  opts: ValidateOptions,
): T {
  const ctx: CheckContext = {
    unknownKey(path) {
      const detail = `unknown configuration field \`${formatKeyPath(path)}\``;
      if (opts.strict) throw configErrorAt(origin(path), detail, formatKeyPath(path));
      opts.warnings.push(`${describeOrigin(origin(path))}: ${detail} (ignored)`);
    },
    warn(path, message) {
      opts.warnings.push(`${describeOrigin(origin(path))}: ${message}`);
    },
  };
  try {
    return check(value, ctx, []);
  } catch (err) {
    if (err instanceof ConfigIssue)
      throw configErrorAt(origin(err.path), err.detail, formatKeyPath(err.path));
    throw err;
  }
}

/** Remembers which layer last wrote each key path of the merged config. */
export class Provenance {
  private readonly byPath = new Map<string, Layer>();

  record(path: KeyPath, layer: Layer): void {
    this.byPath.set(keyPathId(path), layer);
  }

  origin(path: KeyPath): ValueOrigin {
    for (let n = path.length; n > 0; n--) {
      const layer = this.byPath.get(keyPathId(path.slice(0, n)));
      if (layer) return layer.origin(path);
    }
    return {};
  }

  /** Throws a located ConfigError for a problem with the merged value at `path`. */
  fail(path: KeyPath, detail: string): never {
    throw configErrorAt(this.origin(path), detail, formatKeyPath(path));
  }
}
