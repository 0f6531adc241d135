import { execFileSync } from "node:child_process";
import { describe, it, expect } from "vitest";
import { diffPath, fileChangeDiff, gitBlobId } from "./file-change-diff.js";

describe("gitBlobId", () => {
  it("equals `git hash-object`", () => {
    for (const content of ["line one\n", "", "no newline", "ünïcødé\n\u0000bin"]) {
      const expected = execFileSync("git", ["hash-object", "--stdin"], {
        input: content,
        encoding: "utf8",
      }).trim();
      expect(gitBlobId(content)).toBe(expected);
    }
  });
});

describe("fileChangeDiff", () => {
  it("shows paths relative to the workdir, or the absolute path outside it", () => {
    expect(diffPath("/w/src/a.ts", "/w")).toBe("src/a.ts");
    expect(diffPath("/elsewhere/a.ts", "/w")).toBe("elsewhere/a.ts");
  });

  it("an empty new file has no hunk, like git", () => {
    expect(fileChangeDiff("/w/e", { type: "add", content: "" }, "/w")).toEqual([
      "diff --git a/e b/e",
      "new file mode 100644",
      "index 0000000000000000000000000000000000000000..e69de29bb2d1d6434b8b29ae775ad8c2e48c5391",
    ]);
  });

  it("multi-line additions count their lines and keep diffs that carry their own headers", () => {
    expect(fileChangeDiff("/w/n", { type: "add", content: "a\nb\n" }, "/w").slice(3)).toEqual([
      "--- /dev/null",
      "+++ b/n",
      "@@ -0,0 +1,2 @@",
      "+a",
      "+b",
    ]);
    const own = "--- a/n\n+++ b/n\n@@ -1 +1 @@\n-a\n+b\n";
    expect(
      fileChangeDiff("/w/n", { type: "update", unified_diff: own, move_path: null }, "/w"),
    ).toEqual(["diff --git a/n b/n", "--- a/n", "+++ b/n", "@@ -1 +1 @@", "-a", "+b"]);
  });
});
