/**
 * The patch text does not follow the grammar. The message has Codex's shape
 * (`invalid patch: …` / `invalid hunk at line N, …`) so models trained on it recognise it.
 */
export class PatchParseError extends Error {
  override readonly name = "PatchParseError";
  /** 1-based line in the text given to `parsePatch`, when the error is about one line. */
  readonly lineNumber: number | null;

  constructor(detail: string, lineNumber: number | null = null) {
    super(
      lineNumber === null
        ? `invalid patch: ${detail}`
        : `invalid hunk at line ${lineNumber}, ${detail}`,
    );
    this.lineNumber = lineNumber;
  }
}

/**
 * The patch parsed but cannot be applied to the files as they are (context not found,
 * file missing, …). Raised before anything is written.
 */
export class PatchVerificationError extends Error {
  override readonly name = "PatchVerificationError";
  /** Absolute path the problem is about, when there is one. */
  readonly path: string | null;

  constructor(message: string, path: string | null = null) {
    super(message);
    this.path = path;
  }
}

/** Writing the verified changes failed part-way (permissions, disk full, …). */
export class PatchWriteError extends Error {
  override readonly name = "PatchWriteError";
  readonly path: string;
  /** Files already written before the failure, as written in the patch. */
  readonly completed: string[];

  constructor(message: string, path: string, completed: string[]) {
    super(message);
    this.path = path;
    this.completed = completed;
  }
}

/** Renders a Node fs error like Rust's io::Error display, which Codex's messages embed. */
export function describeIoError(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const byCode: Record<string, [string, number]> = {
    ENOENT: ["No such file or directory", 2],
    EACCES: ["Permission denied", 13],
    EPERM: ["Operation not permitted", 1],
    EISDIR: ["Is a directory", 21],
    ENOTDIR: ["Not a directory", 20],
    EEXIST: ["File exists", 17],
    ENOSPC: ["No space left on device", 28],
    EROFS: ["Read-only file system", 30],
  };
  const known = e?.code ? byCode[e.code] : undefined;
  if (known) return `${known[0]} (os error ${known[1]})`;
  return e?.message ?? String(err);
}

/** The JSON arguments of the function-call form of apply_patch are malformed. */
export class PatchArgumentsError extends Error {
  override readonly name = "PatchArgumentsError";
}
