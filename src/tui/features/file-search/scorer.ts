// Fuzzy subsequence scoring for file paths. Every query character must appear in the path in
// order (case-insensitively); where they land decides the score: on word starts, path
// separators and camelCase humps, in runs, inside the file name, in short paths.
//
// The algorithm is linear in the path length (no dynamic programming): find the leftmost
// match, shrink it from its end to the tightest window, and — because users mostly type file
// names — also try the same inside the basename and keep the better of the two.

/** A prepared query: lower-cased once, reused for every candidate. */
export interface PreparedQuery {
  readonly text: string;
  readonly lower: string;
  readonly codes: Uint16Array;
  /** `charMask` of the query. */
  readonly mask: number;
  /** A query with a separator cannot match inside a file name alone. */
  readonly hasSeparator: boolean;
}

export function prepareQuery(text: string): PreparedQuery {
  const lower = text.toLowerCase();
  const codes = new Uint16Array(lower.length);
  for (let i = 0; i < lower.length; i++) codes[i] = lower.charCodeAt(i);
  return { text, lower, codes, mask: charMask(lower), hasSeparator: /[/\\]/.test(text) };
}

/**
 * Which character classes a string contains, as bits: a–z (0–25), digits (26), `/` (27), `.`
 * (28), `_` and `-` (29). A path whose mask lacks one of the query's bits cannot match, which
 * rejects most paths without scanning them.
 */
export function charMask(lower: string): number {
  let mask = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c >= 97 && c <= 122) mask |= 1 << (c - 97);
    else if (c >= 48 && c <= 57) mask |= 1 << 26;
    else if (c === SLASH) mask |= 1 << 27;
    else if (c === 46) mask |= 1 << 28;
    else if (c === 95 || c === 45) mask |= 1 << 29;
  }
  return mask;
}

/** Returned for paths that do not contain the query as a subsequence. */
export const NO_MATCH = -1;

const SCORE_MATCH = 16;
const BONUS_AFTER_SLASH = 10;
const BONUS_AFTER_DELIMITER = 8;
const BONUS_CAMEL = 7;
const BONUS_CONSECUTIVE = 5;
const BONUS_IN_BASENAME = 12;
const BONUS_BASENAME_PREFIX = 10;
const PENALTY_GAP_START = 3;
const PENALTY_GAP_EXTEND = 1;
/** Weight of the first query character's bonus: the start of a match matters most. */
const FIRST_CHAR_MULTIPLIER = 2;

const SLASH = 47; // '/'
const BACKSLASH = 92;

function isDelimiter(code: number): boolean {
  // _ - . space
  return code === 95 || code === 45 || code === 46 || code === 32;
}
function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}
function isLower(code: number): boolean {
  return code >= 97 && code <= 122;
}
function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** How good a place `path[i]` is for a match to start a word. */
function boundaryBonus(path: string, i: number): number {
  if (i === 0) return BONUS_AFTER_SLASH;
  const prev = path.charCodeAt(i - 1);
  if (prev === SLASH || prev === BACKSLASH) return BONUS_AFTER_SLASH;
  if (isDelimiter(prev)) return BONUS_AFTER_DELIMITER;
  const cur = path.charCodeAt(i);
  if (isLower(prev) && isUpper(cur)) return BONUS_CAMEL;
  if (!isDigit(prev) && isDigit(cur)) return BONUS_CAMEL;
  return 0;
}

/** Leftmost end of a subsequence match of `q` in `lower[from..]`, or -1. */
function forwardEnd(q: Uint16Array, lower: string, from: number): number {
  let qi = 0;
  const n = lower.length;
  const m = q.length;
  for (let i = from; i < n; i++) {
    if (lower.charCodeAt(i) === q[qi]) {
      qi++;
      if (qi === m) return i;
    }
  }
  return -1;
}

/** Start of the tightest window ending at `end` that still contains `q`. */
function backwardStart(q: Uint16Array, lower: string, end: number, floor: number): number {
  let qi = q.length - 1;
  for (let i = end; i >= floor; i--) {
    if (lower.charCodeAt(i) === q[qi]) {
      qi--;
      if (qi < 0) return i;
    }
  }
  return floor;
}

/** Score of matching `q` greedily from `start`; fills `positions` when given. */
function scoreWindow(
  q: Uint16Array,
  path: string,
  lower: string,
  start: number,
  positions: number[] | null,
): number {
  let score = 0;
  let qi = 0;
  let prevMatch = -2;
  let runBonus = 0;
  const m = q.length;
  for (let i = start; i < lower.length && qi < m; i++) {
    if (lower.charCodeAt(i) !== q[qi]) continue;
    let bonus = boundaryBonus(path, i);
    if (prevMatch === i - 1) {
      // A run keeps the bonus of the word start it began on, so "src" in "/src/" beats "s…r…c".
      bonus = Math.max(bonus, runBonus, BONUS_CONSECUTIVE);
    } else {
      if (prevMatch >= 0) {
        const gap = i - prevMatch - 1;
        score -= PENALTY_GAP_START + (gap - 1) * PENALTY_GAP_EXTEND;
      }
      runBonus = bonus;
    }
    score += SCORE_MATCH + (qi === 0 ? bonus * FIRST_CHAR_MULTIPLIER : bonus);
    if (positions) positions.push(i);
    prevMatch = i;
    qi++;
  }
  return score;
}

/** Offset of the file name in `path` (after the last separator). */
export function basenameStart(path: string): number {
  const slash = path.lastIndexOf("/");
  return (process.platform === "win32" ? Math.max(slash, path.lastIndexOf("\\")) : slash) + 1;
}

/**
 * The score of `path` for `query` (higher is better), or NO_MATCH. `lower` must be
 * `path.toLowerCase()` (callers keep it precomputed). An empty query matches everything with 0.
 */
export function scorePath(
  query: PreparedQuery,
  path: string,
  lower: string = path,
  /** `basenameStart(path)`, when the caller keeps it precomputed. */
  base: number = basenameStart(path),
): number {
  return scoreInternal(query, path, lower, base, null);
}

/** The positions of the matched characters (for highlighting), or null when it does not match. */
export function matchPositions(query: PreparedQuery, path: string): number[] | null {
  const positions: number[] = [];
  const lower = path.toLowerCase();
  return scoreInternal(query, path, lower, basenameStart(path), positions) === NO_MATCH
    ? null
    : positions;
}

function scoreInternal(
  query: PreparedQuery,
  path: string,
  lower: string,
  base: number,
  positions: number[] | null,
): number {
  const q = query.codes;
  if (q.length === 0) return 0;
  if (q.length > lower.length) return NO_MATCH;
  const end = forwardEnd(q, lower, 0);
  if (end < 0) return NO_MATCH;
  // Prefer a match inside the file name when there is one.
  if (base > 0 && !query.hasSeparator) {
    const baseEnd = forwardEnd(q, lower, base);
    if (baseEnd >= 0) {
      const baseStart = backwardStart(q, lower, baseEnd, base);
      let s = scoreWindow(q, path, lower, baseStart, positions) + BONUS_IN_BASENAME;
      if (baseStart === base) s += BONUS_BASENAME_PREFIX;
      // A contiguous run in the file name is as good as a match gets; otherwise compare with
      // the whole-path match, which can only be better when it starts earlier.
      const contiguous = baseEnd - baseStart + 1 === q.length;
      const start = contiguous ? base : backwardStart(q, lower, end, 0);
      if (start < base) {
        const whole = scoreWindow(q, path, lower, start, null);
        if (whole > s) {
          if (positions) {
            positions.length = 0;
            scoreWindow(q, path, lower, start, positions);
          }
          s = whole;
        }
      }
      return finalScore(s, path.length);
    }
  }
  const start = backwardStart(q, lower, end, 0);
  let s = scoreWindow(q, path, lower, start, positions);
  if (base === 0) {
    s += BONUS_IN_BASENAME;
    if (start === 0) s += BONUS_BASENAME_PREFIX;
  }
  return finalScore(s, path.length);
}

/** Scores are kept positive and nudged so that, all else equal, shorter paths rank first. */
function finalScore(raw: number, length: number): number {
  return Math.max(1, raw * 1024 - Math.min(length, 1023));
}
