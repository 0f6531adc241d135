import { structuredPatch } from "diff";

/**
 * Upper bound on the edit distance the line diff explores. The diff is quadratic in it, so a
 * whole-file rewrite would otherwise stall; past the bound we emit one replace-everything hunk,
 * which is still a correct patch.
 */
export const MAX_EDIT_LENGTH = 1000;

/**
 * The hunks (`@@ … @@` headers and body lines, no file headers) turning `oldText` into
 * `newText`, with `context` unchanged lines around each change, formatted as git and
 * Python's difflib do (a count of 1 is omitted). Empty when the texts are equal.
 */
export function unifiedDiffHunks(oldText: string, newText: string, context: number): string {
  if (oldText === newText) return "";
  const patch = structuredPatch("a", "b", oldText, newText, undefined, undefined, {
    context,
    maxEditLength: MAX_EDIT_LENGTH,
  });
  if (patch === undefined) return wholeFileHunk(oldText, newText);
  let out = "";
  for (const hunk of patch.hunks) {
    out += hunkHeader(hunk.oldStart, hunk.oldLines, hunk.newStart, hunk.newLines);
    for (const line of hunk.lines) out += line + "\n";
  }
  return out;
}

function hunkHeader(oldStart: number, oldLen: number, newStart: number, newLen: number): string {
  return `@@ -${range(oldStart, oldLen)} +${range(newStart, newLen)} @@\n`;
}

function range(start: number, length: number): string {
  if (length === 1) return `${start}`;
  // An empty range names the line before it, as in `@@ -0,0 +1 @@`.
  return `${length === 0 ? start - 1 : start},${length}`;
}

function wholeFileHunk(oldText: string, newText: string): string {
  const oldLines = splitLines(oldText);
  const newLines = splitLines(newText);
  let out = hunkHeader(1, oldLines.length, 1, newLines.length);
  out += bodyLines("-", oldLines, oldText);
  out += bodyLines("+", newLines, newText);
  return out;
}

function bodyLines(prefix: string, lines: string[], text: string): string {
  if (lines.length === 0) return "";
  let out = lines.map((l) => prefix + l + "\n").join("");
  if (!text.endsWith("\n")) out += "\\ No newline at end of file\n";
  return out;
}

/** Lines of a text; a final newline ends the last line rather than starting an empty one. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (text.endsWith("\n")) lines.pop();
  return lines;
}
