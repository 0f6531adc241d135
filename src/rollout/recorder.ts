// One writer per session appending JSONL lines in order. Each line is serialised when
// record() is called and written with its own write(), so a crash (even SIGKILL) loses at
// most the line being written; readers skip such a torn last line.
import { open, mkdir, stat, truncate } from "node:fs/promises";
import type { FileHandle } from "node:fs/promises";
import path from "node:path";
import { lineTimestamp, rolloutPathFor } from "./paths.js";
import { shouldPersist } from "./policy.js";
import { MAX_STORED_TOOL_OUTPUT_CHARS, truncateForStorage } from "./truncate.js";
import type { GitInfo, RolloutItem, SessionMeta } from "./types.js";

export interface CreateRecorderParams {
  codexHome: string;
  conversationId: string;
  meta: SessionMeta;
  /** Added to session_meta when the file is first written; a pending gitInfo() is fine. */
  git?: GitInfo | null | Promise<GitInfo | null>;
  /** The session's start, used for the directory and file name (local time). */
  now?: Date;
  maxToolOutputChars?: number;
}

export interface ResumeRecorderParams {
  path: string;
  maxToolOutputChars?: number;
}

/** Rollouts are readable like Codex's (0644), but the sessions tree is private to the user. */
const FILE_MODE = 0o644;
const DIR_MODE = 0o700;

type Mode =
  | { kind: "create"; meta: SessionMeta; git: GitInfo | null | Promise<GitInfo | null> }
  | { kind: "resume" };

export class RolloutRecorder {
  /** Where the rollout is (or will be, until the first record()) written. */
  readonly path: string;
  private readonly mode: Mode;
  private readonly maxToolOutputChars: number;
  private handle: FileHandle | null = null;
  private queue: Promise<void> = Promise.resolve();
  private error: Error | null = null;
  private closed = false;

  private constructor(filePath: string, mode: Mode, maxToolOutputChars: number | undefined) {
    this.path = filePath;
    this.mode = mode;
    this.maxToolOutputChars = maxToolOutputChars ?? MAX_STORED_TOOL_OUTPUT_CHARS;
  }

  /** A recorder for a new session. Nothing touches the disk until the first record(). */
  static create(params: CreateRecorderParams): RolloutRecorder {
    const filePath = rolloutPathFor(
      params.codexHome,
      params.now ?? new Date(),
      params.conversationId,
    );
    const meta = canonicalMeta({ ...params.meta, id: params.conversationId });
    return new RolloutRecorder(
      filePath,
      { kind: "create", meta, git: params.git ?? meta.git ?? null },
      params.maxToolOutputChars,
    );
  }

  /** A recorder appending to an existing rollout (resume); no second session_meta. */
  static async resume(params: ResumeRecorderParams): Promise<RolloutRecorder> {
    try {
      const info = await stat(params.path);
      if (!info.isFile()) throw new Error("not a regular file");
    } catch (err) {
      throw new Error(`cannot resume session from ${params.path}: ${errorText(err)}`, {
        cause: err,
      });
    }
    return new RolloutRecorder(params.path, { kind: "resume" }, params.maxToolOutputChars);
  }

  /**
   * Queue items for writing, in order. Items the persistence policy drops are skipped, and
   * so are session_meta items (the recorder writes its own, e.g. when a fork replays items).
   */
  record(items: readonly RolloutItem[]): void {
    if (this.closed) throw new Error(`rollout recorder for ${this.path} is already shut down`);
    const lines: string[] = [];
    for (const item of items) {
      if (item.type === "session_meta" || !shouldPersist(item)) continue;
      lines.push(this.serialize(this.bounded(item)));
    }
    if (lines.length === 0) return;
    this.enqueue(async () => {
      const fh = await this.ensureOpen();
      for (const line of lines) await writeAll(fh, line);
    });
  }

  /**
   * Resolves when everything recorded so far has been handed to the kernel, which is what
   * survives a crash of this process. `durable` also fdatasyncs, for power loss; it costs
   * milliseconds, so it is used at shutdown rather than every turn.
   * Rejects with the first write error since the previous flush (recording is not fatal).
   */
  async flush(options: { durable?: boolean } = {}): Promise<void> {
    if (options.durable) {
      this.enqueue(async () => {
        if (this.handle) await this.handle.datasync();
      });
    }
    await this.queue;
    const error = this.error;
    this.error = null;
    if (error) throw error;
  }

  /** Flush durably and close the file. Later record() calls throw. */
  async shutdown(): Promise<void> {
    if (this.closed) return;
    try {
      await this.flush({ durable: true });
    } finally {
      this.closed = true;
      const fh = this.handle;
      this.handle = null;
      if (fh) await fh.close();
    }
  }

  private bounded(item: RolloutItem): RolloutItem {
    if (item.type === "response_item") {
      return { ...item, payload: truncateForStorage(item.payload, this.maxToolOutputChars) };
    }
    if (item.type === "compacted" && item.payload.replacement_history) {
      const replacement_history = item.payload.replacement_history.map((i) =>
        truncateForStorage(i, this.maxToolOutputChars),
      );
      return { ...item, payload: { ...item.payload, replacement_history } };
    }
    return item;
  }

  private serialize(item: RolloutItem): string {
    return (
      JSON.stringify({ timestamp: lineTimestamp(), type: item.type, payload: item.payload }) + "\n"
    );
  }

  private enqueue(op: () => Promise<void>): void {
    this.queue = this.queue.then(op).catch((err: unknown) => {
      this.error ??= new Error(`failed to record rollout items to ${this.path}: ${errorText(err)}`);
    });
  }

  private async ensureOpen(): Promise<FileHandle> {
    if (this.handle) return this.handle;
    if (this.mode.kind === "create") {
      await mkdir(path.dirname(this.path), { recursive: true, mode: DIR_MODE });
      const git = await this.mode.git;
      const meta = git ? canonicalMeta({ ...this.mode.meta, git }) : this.mode.meta;
      const fh = await open(this.path, "a", FILE_MODE);
      try {
        await writeAll(fh, this.serialize({ type: "session_meta", payload: meta }));
      } catch (err) {
        await fh.close();
        throw err;
      }
      this.handle = fh;
    } else {
      await repairTornTail(this.path);
      this.handle = await open(this.path, "a");
    }
    return this.handle;
  }
}

/**
 * Small identifying fields first and the (large) instructions last, so listing can pick id,
 * timestamp and cwd out of the first few KB without reading the whole line.
 */
function canonicalMeta(meta: SessionMeta): SessionMeta {
  const { id, timestamp, cwd, originator, cli_version, source, model_provider, git } = meta;
  const { instructions, base_instructions, ...rest } = meta;
  const ordered: SessionMeta = { id, timestamp, cwd, originator, cli_version, source };
  if (model_provider !== undefined) ordered.model_provider = model_provider;
  if (git !== undefined) ordered.git = git;
  Object.assign(ordered, rest);
  if (instructions !== undefined) ordered.instructions = instructions;
  if (base_instructions !== undefined) ordered.base_instructions = base_instructions;
  return ordered;
}

async function writeAll(fh: FileHandle, line: string): Promise<void> {
  const buf = Buffer.from(line, "utf8");
  let offset = 0;
  while (offset < buf.length) {
    const { bytesWritten } = await fh.write(buf, offset, buf.length - offset);
    offset += bytesWritten;
  }
}

/**
 * Before appending to a file a crash may have left mid-line, cut the torn fragment off (it is
 * unparseable garbage) or, if the last line is valid JSON merely missing its newline, end it.
 * Without this the first new line would be glued onto the fragment and both would be lost.
 */
async function repairTornTail(filePath: string): Promise<void> {
  const fh = await open(filePath, "r");
  let size: number;
  let tail: string;
  let lastNewline = -1;
  try {
    size = (await fh.stat()).size;
    if (size === 0) return;
    const chunk = Buffer.alloc(64 * 1024);
    let end = size;
    const pieces: Buffer[] = [];
    while (end > 0) {
      const start = Math.max(0, end - chunk.length);
      const { bytesRead } = await fh.read(chunk, 0, end - start, start);
      const piece = Buffer.from(chunk.subarray(0, bytesRead));
      const nl = piece.lastIndexOf(0x0a);
      if (nl !== -1) {
        lastNewline = start + nl;
        pieces.unshift(piece.subarray(nl + 1));
        break;
      }
      pieces.unshift(piece);
      end = start;
    }
    if (lastNewline === size - 1) return;
    tail = Buffer.concat(pieces).toString("utf8");
  } finally {
    await fh.close();
  }
  if (isJson(tail)) {
    const fhAppend = await open(filePath, "a");
    try {
      await writeAll(fhAppend, "\n");
    } finally {
      await fhAppend.close();
    }
  } else {
    await truncate(filePath, lastNewline + 1);
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

function errorText(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}
