import { applyPatch } from "diff";
import { describe, expect, it } from "vitest";
import { MAX_EDIT_LENGTH, splitLines, unifiedDiffHunks } from "./unified-diff.js";

function roundTrip(oldText: string, newText: string, context: number): string | false {
  const hunks = unifiedDiffHunks(oldText, newText, context);
  return applyPatch(oldText, `--- a/f\n+++ b/f\n${hunks}`);
}

describe("unifiedDiffHunks", () => {
  it("formats ranges as git does", () => {
    expect(unifiedDiffHunks("", "x\n", 3)).toBe("@@ -0,0 +1 @@\n+x\n");
    expect(unifiedDiffHunks("x\n", "", 3)).toBe("@@ -1 +0,0 @@\n-x\n");
    expect(unifiedDiffHunks("a\nb\n", "a\nc\n", 1)).toBe("@@ -1,2 +1,2 @@\n a\n-b\n+c\n");
    expect(unifiedDiffHunks("same\n", "same\n", 3)).toBe("");
  });

  it("marks a missing final newline", () => {
    expect(unifiedDiffHunks("a\nb", "a\nb\n", 0)).toBe(
      "@@ -2 +2 @@\n-b\n\\ No newline at end of file\n+b\n",
    );
  });

  it("falls back to one whole-file hunk when the edit is too large, still a valid patch", () => {
    const count = MAX_EDIT_LENGTH * 3;
    const oldText = Array.from({ length: count }, (_, i) => `old ${i}`).join("\n");
    const newText = Array.from({ length: count }, (_, i) => `new ${i}`).join("\n") + "\n";
    const hunks = unifiedDiffHunks(oldText, newText, 3);
    expect(hunks.startsWith(`@@ -1,${count} +1,${count} @@\n-old 0\n`)).toBe(true);
    expect(hunks.split("\n@@").length).toBe(1);
    expect(roundTrip(oldText, newText, 3)).toBe(newText);
  });

  it("round-trips ordinary edits", () => {
    const oldText = "1\n2\n3\n4\n5\n6\n7\n8\n9\n10\n";
    const newText = "1\ntwo\n3\n4\n5\n6\n7\n8\nnine\n10\n11";
    expect(roundTrip(oldText, newText, 1)).toBe(newText);
    expect(roundTrip(oldText, newText, 3)).toBe(newText);
  });

  it("splits lines without a phantom empty last line", () => {
    expect(splitLines("")).toEqual([]);
    expect(splitLines("a\n")).toEqual(["a"]);
    expect(splitLines("a\n\n")).toEqual(["a", ""]);
    expect(splitLines("a")).toEqual(["a"]);
  });
});
