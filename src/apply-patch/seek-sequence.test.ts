import { describe, expect, it } from "vitest";
import { normalisePunctuation, seekSequence } from "./seek-sequence.js";

describe("seekSequence", () => {
  const lines = ["a", "b  ", "  c", "d\u2014e", "a", "b"];

  it.each([
    ["exact", ["a", "b"], 0, false, { index: 4, level: "exact" }],
    ["from a start index", ["a"], 1, false, { index: 4, level: "exact" }],
    ["trailing whitespace", ["b"], 0, false, { index: 5, level: "exact" }],
    [
      "trailing whitespace when no exact match",
      ["b", "  c"],
      0,
      false,
      { index: 1, level: "trailing-whitespace" },
    ],
    ["surrounding whitespace", ["c"], 0, false, { index: 2, level: "whitespace" }],
    ["punctuation", ["d-e"], 0, false, { index: 3, level: "punctuation" }],
    ["end of file first", ["b"], 0, true, { index: 5, level: "exact" }],
    ["end of file falls back to anywhere", ["c"], 0, true, { index: 2, level: "whitespace" }],
    ["empty pattern", [], 3, false, { index: 3, level: "exact" }],
  ] as const)("%s", (_name, pattern, start, atEnd, expected) => {
    expect(seekSequence(lines, pattern, start, atEnd)).toEqual(expected);
  });

  it("returns null when nothing matches or the pattern is longer than the file", () => {
    expect(seekSequence(lines, ["zzz"], 0, false)).toBeNull();
    expect(seekSequence(["a"], ["a", "a"], 0, false)).toBeNull();
  });

  it("maps typographic punctuation to ASCII", () => {
    expect(
      normalisePunctuation("\u201Chi\u201D \u2018x\u2019 \u2013\u2014\u2212 a\u00A0b\u2026"),
    ).toBe("\"hi\" 'x' --- a b...");
  });
});
