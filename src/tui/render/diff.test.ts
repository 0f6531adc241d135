import { describe, expect, it } from "vitest";
import { createTheme } from "../terminal/theme.js";
import { stripAnsi } from "../terminal/width.js";
import { changeStats, renderChangeBody, renderUnifiedDiff } from "./diff.js";

const plain = createTheme({ color: false, background: "dark" });
const color = createTheme({ color: true, background: "dark" });

const diff = "--- a/f.txt\n+++ b/f.txt\n@@ -1,3 +1,3 @@\n keep\n-old\n+new\n tail\n";

describe("diff rendering", () => {
  it("numbers lines and colours additions and removals", () => {
    expect(
      renderChangeBody({ type: "update", unified_diff: diff, move_path: null }, 40, plain).map(
        stripAnsi,
      ),
    ).toEqual(["1  keep", "2 -old", "2 +new", "3  tail"]);
    const coloured = renderChangeBody(
      { type: "update", unified_diff: diff, move_path: null },
      40,
      color,
    );
    expect(coloured[1]).toContain("\x1b[91m-old");
    expect(coloured[2]).toContain("\x1b[92m+new");
  });

  it("counts added and removed lines, including new and deleted files", () => {
    expect(changeStats({ type: "update", unified_diff: diff, move_path: null })).toEqual({
      added: 1,
      removed: 1,
    });
    expect(changeStats({ type: "add", content: "a\nb\n" })).toEqual({ added: 2, removed: 0 });
    expect(changeStats({ type: "delete", content: "x\n" })).toEqual({ added: 0, removed: 1 });
  });

  it("shows file names of a multi-file git diff", () => {
    const multi = `diff --git a/x.ts b/x.ts\n${diff}diff --git a/y.ts b/y.ts\n${diff}`;
    const lines = renderUnifiedDiff(multi, 40, plain).map(stripAnsi);
    expect(lines[0]).toBe("x.ts");
    expect(lines).toContain("y.ts");
  });
});
