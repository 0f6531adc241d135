// Which slash commands the popup lists for what has been typed after `/`.
import { NO_MATCH, matchPositions, prepareQuery, scorePath } from "../file-search/scorer.js";

export interface CommandEntry {
  name: string;
  description: string;
  availableDuringTask?: boolean;
}

export interface FilteredCommand<T extends CommandEntry> {
  command: T;
  /** Indices of `name` characters that matched (for highlighting). */
  positions: number[];
}

/** The `/word` being typed: the composer starts with `/` and the cursor is in its first word. */
export function slashPrefix(text: string, cursor: number): { filter: string; end: number } | null {
  if (!text.startsWith("/")) return null;
  const m = /^\/(\S*)/.exec(text)!;
  const end = m[0].length;
  if (cursor < 1 || cursor > end) return null;
  return { filter: m[1] ?? "", end };
}

/**
 * Commands whose name starts with `filter` (in registration order), then the rest that contain
 * it as a fuzzy subsequence (best first). Names are matched case-insensitively.
 */
export function filterCommands<T extends CommandEntry>(
  commands: readonly T[],
  filter: string,
): FilteredCommand<T>[] {
  const lower = filter.toLowerCase();
  const prefix: FilteredCommand<T>[] = [];
  const fuzzy: { entry: FilteredCommand<T>; score: number }[] = [];
  const query = prepareQuery(lower);
  for (const command of commands) {
    const name = command.name.toLowerCase();
    if (name.startsWith(lower)) {
      prefix.push({ command, positions: [...Array(lower.length).keys()] });
      continue;
    }
    const score = scorePath(query, name, name);
    if (score !== NO_MATCH) {
      fuzzy.push({
        entry: { command, positions: matchPositions(query, name) ?? [] },
        score,
      });
    }
  }
  fuzzy.sort((a, b) => b.score - a.score);
  return [...prefix, ...fuzzy.map((f) => f.entry)];
}

/** Split submitted text into a command name and its arguments. */
export function parseSlashInput(text: string): { name: string; args: string } | null {
  const m = /^\/(\S+)(?:\s+([\s\S]*))?$/.exec(text.trim());
  if (!m) return null;
  return { name: m[1]!, args: m[2] ?? "" };
}
