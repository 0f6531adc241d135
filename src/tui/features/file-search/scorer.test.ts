import { describe, expect, it } from "vitest";
import {
  NO_MATCH,
  basenameStart,
  charMask,
  matchPositions,
  prepareQuery,
  scorePath,
} from "./scorer.js";

const score = (q: string, p: string) => scorePath(prepareQuery(q), p, p.toLowerCase());

function rank(q: string, paths: string[]): string[] {
  return paths
    .map((p) => ({ p, s: score(q, p) }))
    .filter((x) => x.s !== NO_MATCH)
    .sort((a, b) => b.s - a.s || (a.p < b.p ? -1 : 1))
    .map((x) => x.p);
}

describe("scorePath", () => {
  it("requires every query character in order", () => {
    expect(score("abc", "a/b/c.ts")).not.toBe(NO_MATCH);
    expect(score("acb", "a/b/c.ts")).toBe(NO_MATCH);
    expect(score("xyz", "src/index.ts")).toBe(NO_MATCH);
    expect(score("toolongquery", "short")).toBe(NO_MATCH);
  });

  it("is case-insensitive", () => {
    expect(score("README", "readme.md")).not.toBe(NO_MATCH);
    expect(score("readme", "README.md")).not.toBe(NO_MATCH);
  });

  it("matches everything with an empty query", () => {
    expect(score("", "anything")).toBe(0);
  });

  it("prefers a contiguous match in the file name", () => {
    const ranked = rank("main", ["src/m/a/i/n.ts", "docs/maintenance.md", "src/cli/main.ts"]);
    expect(ranked[0]).toBe("src/cli/main.ts");
    expect(ranked.at(-1)).toBe("src/m/a/i/n.ts");
  });

  it("rewards word starts after separators and camelCase humps", () => {
    expect(score("fs", "src/fileSearch.ts")).toBeGreaterThan(score("fs", "src/offsets.ts"));
    expect(score("ps", "path_scorer.ts")).toBeGreaterThan(score("ps", "lapsed.ts"));
  });

  it("prefers shorter paths when the match is the same", () => {
    expect(score("index", "src/index.ts")).toBeGreaterThan(
      score("index", "src/deeper/dir/index.ts"),
    );
  });

  it("ranks a file-name prefix above a match spread over directories", () => {
    const ranked = rank("scorer", [
      "src/core/old/revision.ts",
      "src/tui/features/file-search/scorer.ts",
      "scripts/core/errors.ts",
    ]);
    expect(ranked[0]).toBe("src/tui/features/file-search/scorer.ts");
  });

  it("can match across directories when the query has a slash", () => {
    const ranked = rank("cli/ma", ["src/cli/main.ts", "src/cli/program.ts", "src/tui/main.ts"]);
    expect(ranked[0]).toBe("src/cli/main.ts");
  });
});

describe("matchPositions", () => {
  it("points at the matched characters of the chosen window", () => {
    expect(matchPositions(prepareQuery("main"), "src/cli/main.ts")).toEqual([8, 9, 10, 11]);
    expect(matchPositions(prepareQuery("zz"), "src/cli/main.ts")).toBeNull();
  });

  it("gives positions whose characters spell the query", () => {
    const path = "src/tui/features/FileSearch/indexer.ts";
    const positions = matchPositions(prepareQuery("fsidx"), path)!;
    expect(positions.map((i) => path[i]!.toLowerCase()).join("")).toBe("fsidx");
  });
});

describe("charMask", () => {
  it("rejects exactly the paths lacking a character class of the query", () => {
    const q = prepareQuery("ab1/");
    const has = (p: string) => (charMask(p.toLowerCase()) & q.mask) === q.mask;
    expect(has("x/a/b1.ts")).toBe(true);
    expect(has("x/a/b.ts")).toBe(false);
    expect(has("ab1")).toBe(false);
    // Characters outside the classes never reject a path.
    expect(prepareQuery("é").mask).toBe(0);
  });
});

describe("basenameStart", () => {
  it("is the offset after the last slash", () => {
    expect(basenameStart("src/cli/main.ts")).toBe(8);
    expect(basenameStart("main.ts")).toBe(0);
  });
});
