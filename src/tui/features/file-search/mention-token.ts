// Finding the `@query` word under the composer's cursor and replacing it with a chosen path.

export interface MentionToken {
  /** Offset of the `@`. */
  start: number;
  /** Offset just past the word. */
  end: number;
  /** The text after `@`. */
  query: string;
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** The whitespace-delimited word around `cursor`, when it starts with `@`. */
export function findMentionToken(text: string, cursor: number): MentionToken | null {
  let start = Math.max(0, Math.min(cursor, text.length));
  let end = start;
  while (start > 0 && !isSpace(text[start - 1])) start--;
  while (end < text.length && !isSpace(text[end])) end++;
  if (end === start || text[start] !== "@") return null;
  return { start, end, query: text.slice(start + 1, end) };
}

/** A path as it should appear in a prompt: quoted when it contains whitespace. */
export function quotePathForPrompt(path: string): string {
  if (!/\s/.test(path)) return path;
  return path.includes('"') ? `'${path}'` : `"${path}"`;
}

/**
 * The composer text with `token` replaced by `path`, followed by one space, and where the
 * cursor goes (after that space).
 */
export function applyMention(
  text: string,
  token: MentionToken,
  path: string,
): { text: string; cursor: number } {
  const inserted = quotePathForPrompt(path);
  const after = text.slice(token.end);
  const needsSpace = !isSpace(after[0]);
  const next = text.slice(0, token.start) + inserted + (needsSpace ? " " : "") + after;
  return { text: next, cursor: token.start + inserted.length + 1 };
}
