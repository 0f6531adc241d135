import { describe, expect, it } from "vitest";
import { PathIndex } from "./path-index.js";
import { FileSearch, type SearchSnapshot } from "./search.js";

function settled(search: FileSearch): Promise<SearchSnapshot> {
  return new Promise((resolve) => {
    const off = search.subscribe((snap) => {
      if (snap.caughtUp) {
        off();
        resolve(snap);
      }
    });
  });
}

function indexOf(paths: string[], complete = true): PathIndex {
  const index = new PathIndex();
  index.add(paths);
  if (complete) index.markComplete();
  return index;
}

const TREE = [
  "README.md",
  "src/cli/main.ts",
  "src/cli/program.ts",
  "src/tui/app/app.ts",
  "src/tui/features/file-search/scorer.ts",
  "src/tui/features/file-search/search.ts",
  "docs/maintenance.md",
  "test/cli/main.test.ts",
];

describe("FileSearch", () => {
  it("returns the best matches first with the matched positions", async () => {
    const search = new FileSearch(indexOf(TREE));
    const done = settled(search);
    search.setQuery("main");
    const snap = await done;
    expect(snap.matches[0]!.path).toBe("src/cli/main.ts");
    expect(snap.matches.map((m) => m.path)).toContain("docs/maintenance.md");
    expect(snap.matches[0]!.positions).toEqual([8, 9, 10, 11]);
    expect(snap.indexing).toBe(false);
  });

  it("lists nothing for an empty query", async () => {
    const search = new FileSearch(indexOf(TREE));
    const done = settled(search);
    search.setQuery("");
    expect((await done).matches).toEqual([]);
  });

  it("keeps only `limit` results, in score order", async () => {
    const paths = Array.from({ length: 500 }, (_, i) => `dir${i}/file${i}.ts`);
    const search = new FileSearch(indexOf(paths), { limit: 10, sliceSize: 37 });
    const done = settled(search);
    search.setQuery("file");
    const snap = await done;
    expect(snap.matches).toHaveLength(10);
    const scores = snap.matches.map((m) => m.score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
  });

  it("gives the same results when narrowing from a shorter query as from scratch", async () => {
    const paths = Array.from(
      { length: 3000 },
      (_, i) => `pkg${i % 17}/mod${i % 13}/comp${i}Widget${i % 7}.tsx`,
    );
    const narrowed = new FileSearch(indexOf(paths), { sliceSize: 256 });
    for (const q of ["c", "co", "com", "comp1", "comp1w", "comp1", "comp12w"]) {
      const done = settled(narrowed);
      narrowed.setQuery(q);
      const got = await done;
      const fresh = new FileSearch(indexOf(paths), { sliceSize: 4096 });
      const freshDone = settled(fresh);
      fresh.setQuery(q);
      expect(got.matches.map((m) => m.path)).toEqual((await freshDone).matches.map((m) => m.path));
    }
  });

  it("scores paths that arrive while indexing and reports progress", async () => {
    const index = new PathIndex();
    const search = new FileSearch(index);
    const snaps: SearchSnapshot[] = [];
    search.subscribe((s) => snaps.push(s));
    search.setQuery("widget");
    index.add(["a/other.ts", "b/widget.ts"]);
    await new Promise<void>((resolve) => {
      const off = search.subscribe((s) => {
        if (s.matches.length === 1) {
          off();
          resolve();
        }
      });
    });
    expect(search.snapshot().indexing).toBe(true);
    const finished = new Promise<SearchSnapshot>((resolve) => {
      const off = search.subscribe((s) => {
        if (!s.indexing && s.caughtUp) {
          off();
          resolve(s);
        }
      });
    });
    index.add(["c/widgetFactory.ts"]);
    index.markComplete();
    const last = await finished;
    expect(last.matches.map((m) => m.path).sort()).toEqual(["b/widget.ts", "c/widgetFactory.ts"]);
    expect(snaps.some((s) => s.indexing && s.matches.length === 1)).toBe(true);
  });

  it("a new query replaces one still running; only its results are reported", async () => {
    const paths = Array.from({ length: 20_000 }, (_, i) => `d${i}/alpha${i}.ts`).concat([
      "z/beta.ts",
    ]);
    const search = new FileSearch(indexOf(paths), { sliceSize: 500 });
    const seen: string[] = [];
    search.subscribe((s) => s.caughtUp && seen.push(s.query));
    search.setQuery("alpha");
    const done = settled(search);
    search.setQuery("beta");
    const snap = await done;
    expect(snap.query).toBe("beta");
    expect(snap.matches.map((m) => m.path)).toEqual(["z/beta.ts"]);
    expect(seen).toEqual(["beta"]);
  });

  it("passes the indexer's error on", async () => {
    const index = new PathIndex();
    index.markComplete("file search unavailable (git exited with 128)");
    const search = new FileSearch(index);
    const done = settled(search);
    search.setQuery("x");
    expect((await done).error).toContain("file search unavailable");
  });
});
