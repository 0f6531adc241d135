/**
 * Finds where a run of lines occurs in a file, tolerating the small differences models
 * introduce when they retype context. Each pass is stricter than the next and is tried over
 * the whole search range before loosening, so an exact match always wins over a fuzzy one.
 */

/** How closely the lines had to be normalised to match. */
export type MatchLevel = "exact" | "trailing-whitespace" | "whitespace" | "punctuation";

const LEVELS: { level: MatchLevel; normalise: (s: string) => string }[] = [
  { level: "exact", normalise: (s) => s },
  { level: "trailing-whitespace", normalise: (s) => s.trimEnd() },
  { level: "whitespace", normalise: (s) => s.trim() },
  { level: "punctuation", normalise: (s) => normalisePunctuation(s.trim()) },
];

/** Typographic characters mapped to the ASCII a model is likely to type instead. */
const PUNCTUATION: Record<string, string> = {};
for (const c of "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D")
  PUNCTUATION[c] = "-";
for (const c of "\u2018\u2019\u201A\u201B\u2032") PUNCTUATION[c] = "'";
for (const c of "\u201C\u201D\u201E\u201F\u2033\u00AB\u00BB") PUNCTUATION[c] = '"';
for (const c of "\u00A0\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u202F\u205F\u3000") {
  PUNCTUATION[c] = " ";
}
PUNCTUATION["\u2026"] = "...";
const PUNCTUATION_RE = new RegExp(`[${Object.keys(PUNCTUATION).join("")}]`, "g");

export function normalisePunctuation(s: string): string {
  return s.replace(PUNCTUATION_RE, (c) => PUNCTUATION[c] ?? c);
}

export interface SeekResult {
  index: number;
  level: MatchLevel;
}

/**
 * Index of the first occurrence of `pattern` in `lines` at or after `start`. With `atEnd`
 * (the chunk ended with `*** End of File`) the pattern is first tried flush against the end
 * of the file, then anywhere from `start`.
 */
export function seekSequence(
  lines: readonly string[],
  pattern: readonly string[],
  start: number,
  atEnd: boolean,
): SeekResult | null {
  if (pattern.length === 0) return { index: start, level: "exact" };
  if (pattern.length > lines.length) return null;
  const lastStart = lines.length - pattern.length;
  for (const { level, normalise } of LEVELS) {
    const wanted = pattern.map(normalise);
    const have = level === "exact" ? lines : lines.map(normalise);
    const matchesAt = (at: number): boolean => wanted.every((w, j) => have[at + j] === w);
    if (atEnd && lastStart >= start && matchesAt(lastStart)) return { index: lastStart, level };
    if (atEnd) continue;
    for (let at = start; at <= lastStart; at++) {
      if (matchesAt(at)) return { index: at, level };
    }
  }
  if (atEnd) return seekSequence(lines, pattern, start, false);
  return null;
}
