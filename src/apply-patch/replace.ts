import { PatchVerificationError } from "./errors.js";
import { seekSequence, type MatchLevel } from "./seek-sequence.js";
import type { ChunkLine, UpdateChunk } from "./types.js";

interface Replacement {
  start: number;
  deleteCount: number;
  insert: string[];
}

/**
 * Applies the chunks of an `*** Update File:` hunk to `content`, or throws a
 * PatchVerificationError naming `path` and the lines that could not be found.
 * The result always ends with a newline, as Codex writes it.
 */
export function applyChunks(content: string, chunks: readonly UpdateChunk[], path: string): string {
  const lines = content.split("\n");
  if (lines.at(-1) === "") lines.pop();
  // Lines the model adds to a CRLF file should get CRLF too, not a mix of endings.
  const crlf = lines.length > 0 && lines.every((l) => l.endsWith("\r"));

  const replacements: Replacement[] = [];
  let cursor = 0;
  for (const chunk of chunks) {
    if (chunk.changeContext !== null) {
      const found = seekSequence(lines, [chunk.changeContext], cursor, false);
      if (found === null) {
        throw new PatchVerificationError(
          `Failed to find context '${chunk.changeContext}' in ${path}`,
          path,
        );
      }
      cursor = found.index + 1;
    }

    if (chunk.oldLines.length === 0) {
      // Pure addition: right after the `@@ context` line if there is one, else at the end.
      const atEnd = chunk.changeContext === null || chunk.isEndOfFile;
      const endIndex = lines.at(-1) === "" ? lines.length - 1 : lines.length;
      replacements.push({
        start: atEnd ? endIndex : cursor,
        deleteCount: 0,
        insert: withEndings(chunk.newLines, crlf),
      });
      continue;
    }

    let replacement: Replacement | null = null;
    for (const variant of matchVariants(chunk.lines)) {
      const oldLines = variant.filter((l) => l.op !== "+").map((l) => l.text);
      const found = seekSequence(lines, oldLines, cursor, chunk.isEndOfFile);
      if (found === null) continue;
      replacement = {
        start: found.index,
        deleteCount: oldLines.length,
        insert: rebuild(variant, lines, found.index, found.level, crlf),
      };
      break;
    }
    if (replacement === null) {
      throw new PatchVerificationError(
        `Failed to find expected lines in ${path}:\n${chunk.oldLines.join("\n")}`,
        path,
      );
    }
    replacements.push(replacement);
    cursor = replacement.start + replacement.deleteCount;
  }

  replacements.sort((a, b) => a.start - b.start);
  // Built by concatenation: splicing huge insertions in via spread arguments can overflow the stack.
  const out: string[] = [];
  let next = 0;
  for (const r of replacements) {
    for (; next < r.start; next++) out.push(lines[next] ?? "");
    for (const line of r.insert) out.push(line);
    next = Math.max(next, r.start + r.deleteCount);
  }
  for (; next < lines.length; next++) out.push(lines[next] ?? "");
  if (out.at(-1) !== "") out.push("");
  return out.join("\n");
}

/**
 * The chunk as written, then without trailing blank lines that are more likely separators or
 * the file's final newline than real context (Codex retries the same way).
 */
function matchVariants(lines: readonly ChunkLine[]): ChunkLine[][] {
  const variants: ChunkLine[][] = [lines.slice()];
  let end = lines.length;
  while (end > 0 && lines[end - 1]?.op === " " && lines[end - 1]?.text === "") end--;
  if (end < lines.length) variants.push(lines.slice(0, end));
  const lastOld = lines.findLastIndex((l) => l.op !== "+");
  const lastNew = lines.findLastIndex((l) => l.op !== "-");
  if (lastOld >= 0 && lines[lastOld]?.text === "") {
    const drop = new Set([lastOld]);
    if (lastNew >= 0 && lines[lastNew]?.text === "") drop.add(lastNew);
    variants.push(lines.filter((_, i) => !drop.has(i)));
  }
  return variants.filter((v) => v.some((l) => l.op !== "+"));
}

/**
 * The lines replacing a match. When the match was fuzzy, context lines keep the file's own
 * text so that re-typed quotes or whitespace in the patch do not silently rewrite them.
 */
function rebuild(
  chunkLines: readonly ChunkLine[],
  lines: readonly string[],
  start: number,
  level: MatchLevel,
  crlf: boolean,
): string[] {
  const out: string[] = [];
  let oldIndex = 0;
  for (const line of chunkLines) {
    if (line.op === " ")
      out.push(level === "exact" ? line.text : (lines[start + oldIndex] ?? line.text));
    if (line.op === "+") out.push(crlf ? line.text + "\r" : line.text);
    if (line.op !== "+") oldIndex++;
  }
  return out;
}

function withEndings(lines: readonly string[], crlf: boolean): string[] {
  return crlf ? lines.map((l) => (l.endsWith("\r") ? l : l + "\r")) : lines.slice();
}
