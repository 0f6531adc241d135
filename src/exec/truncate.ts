// Model-facing output formats. Models are trained on the exact strings real Codex sends,
// so these are reproduced byte for byte (reference §6.1 and seed B5.11–B5.12).

import type { CapturedOutput } from "./output-buffer.js";

/** Default `max_output_tokens` for `exec_command` / `write_stdin`. */
export const DEFAULT_MAX_OUTPUT_TOKENS = 10_000;

/** Codex's token estimate: one token per four UTF-8 bytes, rounded up. */
export function approxTokenCount(bytes: number): number {
  return Math.ceil(bytes / 4);
}

function utf8Prefix(text: string, maxBytes: number): { text: string; bytes: number } {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return { text, bytes: bytes.length };
  let end = maxBytes;
  // Back up to a character start so a multi-byte character is never split.
  while (end > 0 && ((bytes[end] as number) & 0xc0) === 0x80) end--;
  return { text: bytes.subarray(0, end).toString("utf8"), bytes: end };
}

function utf8Suffix(text: string, maxBytes: number): { text: string; bytes: number } {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return { text, bytes: bytes.length };
  let start = bytes.length - maxBytes;
  while (start < bytes.length && ((bytes[start] as number) & 0xc0) === 0x80) start++;
  return { text: bytes.subarray(start).toString("utf8"), bytes: bytes.length - start };
}

/** Result of {@link truncateForModel}. */
export interface ModelOutput {
  /** What goes after `Output:\n`. */
  text: string;
  /** `ceil(bytes / 4)` of the whole output (the `Original token count` line). */
  originalTokenCount: number;
  truncated: boolean;
}

/**
 * Token-budget truncation used by `exec_command` / `write_stdin`: if the output exceeds
 * `maxOutputTokens * 4` bytes, keep the first and last half of that many bytes (cut on
 * character boundaries, mid-line) around `…N tokens truncated…`, where N is the original
 * token count minus the budget, behind a warning and a line count.
 *
 * Works on a bounded capture: when the capture itself dropped bytes, its head and tail
 * supply the kept parts and the totals still describe the whole output.
 */
export function truncateForModel(output: CapturedOutput, maxOutputTokens: number): ModelOutput {
  const budgetTokens = Math.max(0, Math.floor(maxOutputTokens));
  const maxBytes = budgetTokens * 4;
  const complete = output.omittedBytes === 0;
  // For complete output, count the decoded text (lossy decoding can change the length).
  const totalBytes = complete ? Buffer.byteLength(output.text) : output.totalBytes;
  const originalTokenCount = approxTokenCount(totalBytes);
  if (complete && totalBytes <= maxBytes) {
    return { text: output.text, originalTokenCount, truncated: false };
  }

  const headBudget = Math.floor(maxBytes / 2);
  const tailBudget = maxBytes - headBudget;
  const headSource = complete ? output.text : output.head;
  const tailSource = complete ? output.text : output.tail;
  const head = utf8Prefix(headSource, headBudget);
  const tail = utf8Suffix(tailSource, tailBudget);
  const available = complete
    ? totalBytes
    : Buffer.byteLength(output.head) + Buffer.byteLength(output.tail);
  const removedTokens = approxTokenCount(totalBytes - Math.min(maxBytes, available));
  const text =
    `Warning: truncated output (original token count: ${originalTokenCount})\n` +
    `Total output lines: ${output.totalLines}\n\n` +
    `${head.text}…${removedTokens} tokens truncated…${tail.text}`;
  return { text, originalTokenCount, truncated: true };
}

/** Everything needed to render one `exec_command` / `write_stdin` reply. */
export interface UnifiedExecReply {
  chunkId: string;
  wallTimeMs: number;
  /** Set when the process has exited; otherwise `sessionId` must be set. */
  exitCode: number | null;
  sessionId: number | null;
  output: ModelOutput;
}

/**
 * `Chunk ID: …\nWall time: …\nProcess exited with code …` (or `Process running with
 * session ID …`) `\nOriginal token count: …\nOutput:\n…`.
 */
export function formatUnifiedExecReply(reply: UnifiedExecReply): string {
  const status =
    reply.exitCode !== null
      ? `Process exited with code ${reply.exitCode}`
      : `Process running with session ID ${reply.sessionId ?? 0}`;
  return (
    `Chunk ID: ${reply.chunkId}\n` +
    `Wall time: ${(reply.wallTimeMs / 1000).toFixed(4)} seconds\n` +
    `${status}\n` +
    `Original token count: ${reply.output.originalTokenCount}\n` +
    `Output:\n${reply.output.text}`
  );
}

// ---- legacy `shell` tool (seed era) ----

/** Limits of the seed-era head/tail formatting of `shell` output. */
export const SHELL_OUTPUT_MAX_BYTES = 10 * 1024;
export const SHELL_OUTPUT_MAX_LINES = 256;
const SHELL_HEAD_LINES = SHELL_OUTPUT_MAX_LINES / 2;
const SHELL_TAIL_LINES = SHELL_OUTPUT_MAX_LINES / 2;
const SHELL_HEAD_BYTES = SHELL_OUTPUT_MAX_BYTES / 2;

/** Prefix of a timed-out command's output (seed B5.12). */
export function timedOutPrefix(durationMs: number): string {
  return `command timed out after ${Math.round(durationMs)} milliseconds\n`;
}

function splitInclusiveLines(text: string): string[] {
  const segments = text.match(/[^\n]*\n|[^\n]+$/g);
  return segments ?? [];
}

/**
 * Seed-era head/tail formatting: output over 10 KiB or 256 lines keeps the first 128 and
 * last 128 lines (the head capped at 5 KiB, the whole at 10 KiB) around
 * `[... omitted X of Y lines ...]`, behind `Total output lines: Y`.
 */
export function formatShellOutputText(output: CapturedOutput, prefix = ""): string {
  const body = output.omittedBytes === 0 ? output.text : output.head + output.tail;
  const content = prefix + body;
  const prefixLines = prefix === "" ? 0 : prefix.split("\n").length - 1;
  const totalLines = output.totalLines + prefixLines;
  const totalBytes = output.totalBytes + Buffer.byteLength(prefix);
  if (totalBytes <= SHELL_OUTPUT_MAX_BYTES && totalLines <= SHELL_OUTPUT_MAX_LINES) return content;

  const segments = splitInclusiveLines(content);
  const headTake = Math.min(SHELL_HEAD_LINES, segments.length);
  const tailTake = Math.min(SHELL_TAIL_LINES, segments.length - headTake);
  const omitted = Math.max(0, totalLines - headTake - tailTake);
  const headSlice = segments.slice(0, headTake).join("");
  const tailSlice = segments.slice(segments.length - tailTake).join("");
  const marker = `\n[... omitted ${omitted} of ${totalLines} lines ...]\n\n`;
  let result = utf8Prefix(headSlice, SHELL_HEAD_BYTES).text + marker;
  const remaining = SHELL_OUTPUT_MAX_BYTES - Buffer.byteLength(result);
  if (remaining > 0) result += utf8Suffix(tailSlice, remaining).text;
  return `Total output lines: ${totalLines}\n\n${result}`;
}

/** Inputs of {@link formatShellToolOutput}. */
export interface ShellToolResult {
  output: CapturedOutput;
  exitCode: number;
  durationMs: number;
  timedOut: boolean;
}

/**
 * The seed-era `shell` tool reply: `{"output": "...", "metadata": {"exit_code": n,
 * "duration_seconds": s}}`, seconds rounded to one decimal and always printed with one
 * (as the Rust serializer prints an f32), output prefixed on timeout.
 */
export function formatShellToolOutput(result: ShellToolResult): string {
  const prefix = result.timedOut ? timedOutPrefix(result.durationMs) : "";
  const text = formatShellOutputText(result.output, prefix);
  const seconds = (Math.round(result.durationMs / 100) / 10).toFixed(1);
  return `{"output":${JSON.stringify(text)},"metadata":{"exit_code":${result.exitCode},"duration_seconds":${seconds}}}`;
}
