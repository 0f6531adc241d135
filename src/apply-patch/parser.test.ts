import { describe, expect, it } from "vitest";
import { PatchParseError } from "./errors.js";
import { parsePatch } from "./parser.js";

describe("parsePatch", () => {
  it("builds hunks with old/new lines, context headers and end-of-file flags", () => {
    const parsed = parsePatch(
      [
        "*** Begin Patch",
        "*** Add File: a.txt",
        "+x",
        "+",
        "*** Delete File: b.txt",
        "*** Update File: c.txt",
        "*** Move to: d.txt",
        "@@ def f():",
        " keep",
        "-old",
        "+new",
        "@@",
        "-tail",
        "*** End of File",
        "*** End Patch",
      ].join("\n"),
    );
    expect(parsed.hunks).toEqual([
      { type: "add", path: "a.txt", contents: "x\n\n", line: 2 },
      { type: "delete", path: "b.txt", line: 5 },
      {
        type: "update",
        path: "c.txt",
        movePath: "d.txt",
        line: 6,
        chunks: [
          {
            changeContext: "def f():",
            oldLines: ["keep", "old"],
            newLines: ["keep", "new"],
            isEndOfFile: false,
            lines: [
              { op: " ", text: "keep" },
              { op: "-", text: "old" },
              { op: "+", text: "new" },
            ],
          },
          {
            changeContext: null,
            oldLines: ["tail"],
            newLines: [],
            isEndOfFile: true,
            lines: [{ op: "-", text: "tail" }],
          },
        ],
      },
    ]);
  });

  it("strips a heredoc wrapper and reports the inner patch text", () => {
    const parsed = parsePatch("<<'EOF'\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEOF");
    expect(parsed.patch).toBe("*** Begin Patch\n*** Delete File: x\n*** End Patch");
  });

  it("does not take a heredoc opener without its matching terminator", () => {
    expect(() =>
      parsePatch("<<'EOF'\n*** Begin Patch\n*** Delete File: x\n*** End Patch\nEND"),
    ).toThrow("invalid patch: The first line of the patch must be '*** Begin Patch'");
  });

  it("keeps context lines that start with *** after a space", () => {
    const parsed = parsePatch(
      "*** Begin Patch\n*** Update File: doc.md\n@@\n *** Add File: x\n-old\n+new\n*** End Patch",
    );
    const hunk = parsed.hunks[0];
    expect(hunk?.type === "update" && hunk.chunks[0]?.oldLines).toEqual(["*** Add File: x", "old"]);
  });

  it("raises PatchParseError carrying the 1-based line number", () => {
    let caught: unknown;
    try {
      parsePatch("*** Begin Patch\n*** Update File: a\n@@\n-a\n+b\n*** Bogus\n*** End Patch");
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(PatchParseError);
    expect((caught as PatchParseError).lineNumber).toBe(6);
    expect((caught as PatchParseError).message).toBe(
      "invalid hunk at line 6, '*** Bogus' is not a valid hunk header. Valid hunk headers: " +
        "'*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'",
    );
  });

  it("rejects a header with an empty path", () => {
    expect(() => parsePatch("*** Begin Patch\n*** Add File: \n+x\n*** End Patch")).toThrow(
      "invalid hunk at line 2, '*** Add File:' is not a valid hunk header.",
    );
  });
});
