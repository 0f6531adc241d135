// Runs a fuzzy query over a PathIndex without ever holding the event loop for long: the paths
// are scored in slices with `setImmediate` between them, a new query cancels the running one,
// and paths that arrive while indexing are scored as they come, so results refine live.
//
// Typing usually extends the query, and every path matching "abc" also matches "ab", so the
// matches of recent queries are kept and a longer query only rescans those.
import { NO_MATCH, matchPositions, prepareQuery, scorePath, type PreparedQuery } from "./scorer.js";
import type { PathIndex } from "./path-index.js";

export interface FileMatch {
  path: string;
  score: number;
  /** Indices of the matched characters in `path`, for highlighting. */
  positions: number[];
}

export interface SearchSnapshot {
  query: string;
  /** Best first, at most `limit`. */
  matches: FileMatch[];
  /** Paths known so far. */
  indexed: number;
  /** Whether the indexer is still listing files. */
  indexing: boolean;
  /** Whether every known path has been scored for this query. */
  caughtUp: boolean;
  /** Why indexing failed or stopped early, if it did. */
  error: string | null;
}

export interface FileSearchOptions {
  /** How many results to keep (default 50). */
  limit?: number;
  /** Paths scored per slice before yielding (default 8192). */
  sliceSize?: number;
  /** Defers a slice; default `setImmediate`. */
  schedule?: (fn: () => void) => void;
}

interface CachedMatches {
  lower: string;
  /** Indices (ascending) of every path below `coveredUpTo` that matched. */
  matched: number[];
  coveredUpTo: number;
}

const CACHE_SIZE = 8;

export type SearchListener = (snapshot: SearchSnapshot) => void;

export class FileSearch {
  private readonly limit: number;
  private readonly sliceSize: number;
  private readonly schedule: (fn: () => void) => void;
  private readonly listeners = new Set<SearchListener>();
  private readonly unsubscribe: () => void;
  private readonly cache: CachedMatches[] = [];

  private query: PreparedQuery = prepareQuery("");
  private generation = 0;
  private scheduled = false;
  private disposed = false;
  /** Narrowed candidate list (from a cached shorter query) still to score, and where we are. */
  private source: number[] | null = null;
  private sourcePos = 0;
  /** Next raw index to score once `source` is consumed. */
  private next = 0;
  private matched: number[] = [];
  private topScores: number[] = [];
  private topIdx: number[] = [];
  private positionsCache = new Map<number, number[]>();

  constructor(
    private readonly index: PathIndex,
    options: FileSearchOptions = {},
  ) {
    this.limit = options.limit ?? 50;
    this.sliceSize = options.sliceSize ?? 8192;
    this.schedule = options.schedule ?? ((fn) => setImmediate(fn));
    this.unsubscribe = index.subscribe(() => this.kick());
  }

  /** Start (or restart) a search; results arrive through `subscribe`. */
  setQuery(text: string): void {
    if (text === this.query.text) {
      // Same query: report the current results again (the caller may be a new listener).
      this.kick();
      return;
    }
    this.rememberCurrent();
    this.generation++;
    this.query = prepareQuery(text);
    this.topScores = [];
    this.topIdx = [];
    this.matched = [];
    this.positionsCache = new Map();
    const base = this.bestCached(this.query.lower);
    if (base) {
      this.source = base.matched;
      this.next = base.coveredUpTo;
    } else {
      this.source = null;
      this.next = 0;
    }
    this.sourcePos = 0;
    this.kick();
  }

  subscribe(listener: SearchListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  snapshot(): SearchSnapshot {
    const matches: FileMatch[] = [];
    for (let k = 0; k < this.topIdx.length; k++) {
      const i = this.topIdx[k] as number;
      const path = this.index.paths[i] as string;
      let positions = this.positionsCache.get(i);
      if (!positions) {
        positions = matchPositions(this.query, path) ?? [];
        this.positionsCache.set(i, positions);
      }
      matches.push({ path, score: this.topScores[k] as number, positions });
    }
    return {
      query: this.query.text,
      matches,
      indexed: this.index.size,
      indexing: !this.index.isComplete,
      caughtUp: this.isCaughtUp(),
      error: this.index.error,
    };
  }

  dispose(): void {
    this.disposed = true;
    this.generation++;
    this.unsubscribe();
    this.listeners.clear();
  }

  private isCaughtUp(): boolean {
    return (
      (this.source === null || this.sourcePos >= this.source.length) && this.next >= this.index.size
    );
  }

  private kick(): void {
    if (this.disposed || this.scheduled) return;
    this.scheduled = true;
    const gen = this.generation;
    this.schedule(() => {
      this.scheduled = false;
      if (gen !== this.generation) {
        this.kick();
        return;
      }
      this.runSlice();
    });
  }

  private runSlice(): void {
    if (this.query.codes.length === 0) {
      // An empty query lists nothing: any order of the whole tree would be arbitrary.
      this.source = null;
      this.next = this.index.size;
      this.emit();
      return;
    }
    let budget = this.sliceSize;
    const { paths, lower, masks } = this.index;
    const qMask = this.query.mask;
    const source = this.source;
    if (source) {
      const end = Math.min(source.length, this.sourcePos + budget);
      for (let k = this.sourcePos; k < end; k++) this.consider(source[k] as number, paths, lower);
      budget -= end - this.sourcePos;
      this.sourcePos = end;
    }
    if (budget > 0 && (!source || this.sourcePos >= source.length)) {
      const end = Math.min(lower.length, this.next + budget);
      for (let i = this.next; i < end; i++) {
        if (((masks[i] as number) & qMask) === qMask) this.consider(i, paths, lower);
      }
      this.next = end;
    }
    if (this.isCaughtUp()) {
      this.emit();
    } else {
      this.kick();
    }
  }

  private consider(i: number, paths: string[], lower: string[]): void {
    const score = scorePath(
      this.query,
      paths[i] as string,
      lower[i] as string,
      this.index.bases[i] as number,
    );
    if (score === NO_MATCH) return;
    this.matched.push(i);
    this.insertTop(i, score, paths);
  }

  private insertTop(i: number, score: number, paths: string[]): void {
    const scores = this.topScores;
    const idx = this.topIdx;
    const full = scores.length >= this.limit;
    if (full && score < (scores[scores.length - 1] as number)) return;
    // Binary search for the insertion point: descending score, then path order for ties.
    let lo = 0;
    let hi = scores.length;
    const path = paths[i] as string;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const s = scores[mid] as number;
      if (s > score || (s === score && (paths[idx[mid] as number] as string) <= path)) lo = mid + 1;
      else hi = mid;
    }
    if (full && lo >= scores.length) return;
    scores.splice(lo, 0, score);
    idx.splice(lo, 0, i);
    if (scores.length > this.limit) {
      scores.pop();
      idx.pop();
    }
  }

  /** Keep the current query's matches for narrowing later queries, if it was fully scanned. */
  private rememberCurrent(): void {
    if (this.query.codes.length === 0) return;
    if (this.source !== null && this.sourcePos < this.source.length) return;
    const lowerQ = this.query.lower;
    const existing = this.cache.findIndex((c) => c.lower === lowerQ);
    if (existing >= 0) this.cache.splice(existing, 1);
    // `matched` holds narrowed candidates first, then raw ones above the narrowed range: both
    // ascending and disjoint, so the concatenation is ascending.
    this.cache.push({ lower: lowerQ, matched: this.matched, coveredUpTo: this.next });
    if (this.cache.length > CACHE_SIZE) this.cache.shift();
  }

  private bestCached(lowerQ: string): CachedMatches | null {
    let best: CachedMatches | null = null;
    for (const c of this.cache) {
      if (lowerQ.startsWith(c.lower) && (!best || c.lower.length > best.lower.length)) best = c;
    }
    return best;
  }

  private emit(): void {
    if (this.listeners.size === 0) return;
    const snap = this.snapshot();
    for (const listener of [...this.listeners]) listener(snap);
  }
}
