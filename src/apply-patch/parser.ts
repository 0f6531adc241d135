import { PatchParseError } from "./errors.js";
import type { ParsedPatch, PatchHunk, UpdateChunk } from "./types.js";

const BEGIN_PATCH = "*** Begin Patch";
const END_PATCH = "*** End Patch";
const ADD_FILE = "*** Add File: ";
const DELETE_FILE = "*** Delete File: ";
const UPDATE_FILE = "*** Update File: ";
const MOVE_TO = "*** Move to: ";
const END_OF_FILE = "*** End of File";

/** Opening line of a heredoc wrapper (`<<'EOF'`, `apply_patch <<"EOF"`, `<<-EOF` …). */
const HEREDOC_OPEN = /^(?:apply_?patch\s*)?<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1$/;

/** A `@@ -1,3 +1,4 @@` header copied from a unified diff names no context line; ignore it. */
const NUMERIC_RANGE_HEADER = /^-\d+(?:,\d+)? \+\d+(?:,\d+)? @@/;

/**
 * Parses apply_patch text. Lenient where Codex is: whitespace around marker lines and around
 * the whole text, CRLF line ends, a missing final newline, a heredoc wrapper, and a first
 * update chunk without `@@`. Line numbers in errors refer to `text` as given (1-based).
 */
export function parsePatch(text: string): ParsedPatch {
  const lines = text.split(/\r?\n/);
  let first = 0;
  while (first < lines.length && lineAt(lines, first).trim() === "") first++;
  let last = lines.length - 1;
  while (last >= first && lineAt(lines, last).trim() === "") last--;
  if (first > last)
    throw new PatchParseError(`The first line of the patch must be '${BEGIN_PATCH}'`);

  const delimiter = HEREDOC_OPEN.exec(lineAt(lines, first).trim())?.[2];
  if (delimiter !== undefined && last > first && lineAt(lines, last).trim() === delimiter) {
    first++;
    last--;
    while (first <= last && lineAt(lines, first).trim() === "") first++;
    while (last >= first && lineAt(lines, last).trim() === "") last--;
  }

  if (first > last || lineAt(lines, first).trim() !== BEGIN_PATCH) {
    throw new PatchParseError(`The first line of the patch must be '${BEGIN_PATCH}'`);
  }
  // Models sometimes close a patch twice; Codex accepts exactly one repeated `*** End Patch`.
  if (lineAt(lines, last).trim() === END_PATCH) {
    let prev = last - 1;
    while (prev > first && lineAt(lines, prev).trim() === "") prev--;
    if (prev > first && lineAt(lines, prev).trim() === END_PATCH) last = prev;
  }
  if (last === first || lineAt(lines, last).trim() !== END_PATCH) {
    throw new PatchParseError(`The last line of the patch must be '${END_PATCH}'`);
  }

  const hunks: PatchHunk[] = [];
  let i = first + 1;
  while (i < last) {
    if (lineAt(lines, i).trim() === "") {
      i++;
      continue;
    }
    // The patch ended early and more text follows (as Codex words it).
    if (lineAt(lines, i).trim() === END_PATCH) {
      throw new PatchParseError(`The last line of the patch must be '${END_PATCH}'`);
    }
    const [hunk, next] = parseHunk(lines, i, last);
    hunks.push(hunk);
    i = next;
  }
  return { hunks, patch: lines.slice(first, last + 1).join("\n") };
}

function lineAt(lines: string[], i: number): string {
  return lines[i] ?? "";
}

/** Parses the hunk whose header is at `start`; returns it and the index after it. */
function parseHunk(lines: string[], start: number, end: number): [PatchHunk, number] {
  const header = lineAt(lines, start).trim();
  const lineNo = start + 1;

  const addPath = pathAfter(header, ADD_FILE);
  if (addPath !== null) {
    let contents = "";
    let j = start + 1;
    while (j < end && lineAt(lines, j).startsWith("+")) {
      contents += lineAt(lines, j).slice(1) + "\n";
      j++;
    }
    return [{ type: "add", path: addPath, contents, line: lineNo }, j];
  }

  const deletePath = pathAfter(header, DELETE_FILE);
  if (deletePath !== null) return [{ type: "delete", path: deletePath, line: lineNo }, start + 1];

  const updatePath = pathAfter(header, UPDATE_FILE);
  if (updatePath !== null) {
    let j = start + 1;
    let movePath: string | null = null;
    if (j < end) {
      const moved = pathAfter(lineAt(lines, j).trim(), MOVE_TO);
      if (moved !== null) {
        movePath = moved;
        j++;
      }
    }
    const chunks: UpdateChunk[] = [];
    while (j < end) {
      const line = lineAt(lines, j);
      // Blank lines may separate chunks; inside a chunk they are empty context lines.
      if (line.trim() === "") {
        j++;
        continue;
      }
      if (line.startsWith("***")) break;
      const [chunk, next] = parseChunk(lines, j, end, chunks.length === 0);
      chunks.push(chunk);
      j = next;
    }
    // A bare rename (Move to without changes) is allowed by the grammar's `change?`.
    if (chunks.length === 0 && movePath === null) {
      throw new PatchParseError(`Update file hunk for path '${updatePath}' is empty`, lineNo);
    }
    return [{ type: "update", path: updatePath, movePath, chunks, line: lineNo }, j];
  }

  throw new PatchParseError(
    `'${header}' is not a valid hunk header. Valid hunk headers: ` +
      `'${ADD_FILE}{path}', '${DELETE_FILE}{path}', '${UPDATE_FILE}{path}'`,
    lineNo,
  );
}

function pathAfter(header: string, marker: string): string | null {
  if (!header.startsWith(marker)) return null;
  const path = header.slice(marker.length).trim();
  return path === "" ? null : path;
}

/** Parses one `@@` section starting at `start`; returns it and the index after it. */
function parseChunk(
  lines: string[],
  start: number,
  end: number,
  allowMissingContext: boolean,
): [UpdateChunk, number] {
  let k = start;
  let changeContext: string | null = null;
  const head = lineAt(lines, k);
  if (head.trim() === "@@") {
    k++;
  } else if (head.startsWith("@@ ")) {
    const context = head.slice(3);
    changeContext = NUMERIC_RANGE_HEADER.test(context.trim()) ? null : context;
    k++;
  } else if (!allowMissingContext) {
    throw new PatchParseError(
      `Expected update hunk to start with a @@ context marker, got: '${head}'`,
      k + 1,
    );
  }
  if (k >= end) throw new PatchParseError("Update hunk does not contain any lines", k + 1);

  const chunk: UpdateChunk = {
    changeContext,
    oldLines: [],
    newLines: [],
    isEndOfFile: false,
    lines: [],
  };
  let parsed = 0;
  while (k < end) {
    const line = lineAt(lines, k);
    if (line.trimEnd() === END_OF_FILE) {
      if (parsed === 0) throw new PatchParseError("Update hunk does not contain any lines", k + 1);
      chunk.isEndOfFile = true;
      k++;
      break;
    }
    const marker = line[0];
    const rest = line.slice(1);
    if (marker === undefined) {
      // An empty line in a chunk is a context line whose leading space was stripped.
      chunk.oldLines.push("");
      chunk.newLines.push("");
      chunk.lines.push({ op: " ", text: "" });
    } else if (marker === " ") {
      chunk.oldLines.push(rest);
      chunk.newLines.push(rest);
      chunk.lines.push({ op: " ", text: rest });
    } else if (marker === "+") {
      chunk.newLines.push(rest);
      chunk.lines.push({ op: "+", text: rest });
    } else if (marker === "-") {
      chunk.oldLines.push(rest);
      chunk.lines.push({ op: "-", text: rest });
    } else {
      if (parsed === 0) {
        throw new PatchParseError(
          `Unexpected line found in update hunk: '${line}'. Every line should start with ` +
            `' ' (context line), '+' (added line), or '-' (removed line)`,
          k + 1,
        );
      }
      break;
    }
    parsed++;
    k++;
  }
  return [chunk, k];
}
