// Config errors carry where the bad value was written so front-ends can print one clear line.

export interface ConfigErrorInfo {
  file?: string;
  line?: number;
  column?: number;
  /** Dotted key path, e.g. `model_providers.mock.wire_api`. */
  key?: string;
  /** The `-c` argument the bad value came from. */
  override?: string;
}

/** An invalid configuration; `message` is ready to show to the user as is. */
export class ConfigError extends Error {
  file?: string;
  line?: number;
  column?: number;
  key?: string;
  override?: string;

  constructor(message: string, info: ConfigErrorInfo = {}) {
    super(message);
    this.name = "ConfigError";
    Object.assign(this, info);
  }
}

/** Where a value came from, for messages: `/x/config.toml:3:7`, `-c model=o3`, or a flag. */
export interface ValueOrigin {
  file?: string;
  line?: number;
  column?: number;
  override?: string;
  flag?: string;
}

export function describeOrigin(origin: ValueOrigin): string {
  if (origin.override !== undefined) return `-c ${origin.override}`;
  if (origin.flag !== undefined) return origin.flag;
  if (origin.file === undefined) return "defaults";
  if (origin.line === undefined) return origin.file;
  return `${origin.file}:${origin.line}:${origin.column ?? 1}`;
}

/** Builds the user-facing error for a problem found at `origin`. */
export function configErrorAt(origin: ValueOrigin, detail: string, key?: string): ConfigError {
  const info: ConfigErrorInfo = {
    file: origin.file,
    line: origin.line,
    column: origin.column,
    key,
    override: origin.override,
  };
  if (origin.override !== undefined)
    return new ConfigError(`Invalid config override \`-c ${origin.override}\`: ${detail}`, info);
  if (origin.flag !== undefined) return new ConfigError(`Invalid ${origin.flag}: ${detail}`, info);
  return new ConfigError(`Error loading config.toml: ${describeOrigin(origin)}: ${detail}`, info);
}
