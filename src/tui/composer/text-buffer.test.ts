import { describe, expect, it } from "vitest";
import { TextBuffer, wrapSegments } from "./text-buffer.js";

const at = (text: string, cursor: number) => new TextBuffer(text, cursor);

describe("TextBuffer", () => {
  it("inserts, deletes and moves by characters, keeping surrogate pairs whole", () => {
    const b = new TextBuffer();
    b.insert("ab😀");
    b.left();
    expect(b.cursor).toBe(2);
    b.backspace();
    expect(b.text).toBe("a😀");
    b.deleteForward();
    expect(b.text).toBe("a");
  });

  it("moves over and deletes whole grapheme clusters (ZWJ family, skin tone, VS16)", () => {
    const family = "👨‍👩‍👧";
    const b = new TextBuffer(`a${family}👍🏽❤️b`);
    b.left(); // before b
    b.left(); // before ❤️
    expect(b.text.slice(b.cursor)).toBe("❤️b");
    b.backspace(); // removes 👍🏽 entirely
    expect(b.text).toBe(`a${family}❤️b`);
    b.left();
    expect(b.cursor).toBe(1);
    b.deleteForward();
    expect(b.text).toBe("a❤️b");
    // The cursor column counts 2 per emoji cluster.
    expect(new TextBuffer(`${family}👍🏽x`).layout(40).cursorCol).toBe(5);
    // A cursor set inside a cluster snaps to its start.
    const inside = new TextBuffer(family, 2);
    expect(inside.cursor).toBe(0);
  });

  it("wraps by cluster width: four 2-column emoji fill 8 columns", () => {
    const line = "👍🏽👍🏽👍🏽👍🏽👍🏽";
    const segs = wrapSegments(line, 8);
    expect(segs.map(([a, b]) => line.slice(a, b))).toEqual(["👍🏽👍🏽👍🏽👍🏽", "👍🏽"]);
  });

  it("Ctrl-A/E go to the start and end of the current line", () => {
    const b = at("one\ntwo three", 6);
    b.lineStart();
    expect(b.cursor).toBe(4);
    b.lineEnd();
    expect(b.cursor).toBe(13);
  });

  it("word motions and deletions", () => {
    const b = at("git commit -m fix", 17);
    b.wordLeft();
    expect(b.cursor).toBe(14);
    b.wordLeft();
    expect(b.cursor).toBe(12);
    b.wordRight();
    expect(b.cursor).toBe(13);
    const d = at("rm -rf build", 12);
    d.deleteWordBack();
    expect(d.text).toBe("rm -rf ");
    const f = at("alpha beta", 0);
    f.deleteWordForward();
    expect(f.text).toBe(" beta");
  });

  it("Ctrl-K/U kill to line end/start and Ctrl-Y yanks", () => {
    const b = at("hello world\nnext", 6);
    b.killToLineEnd();
    expect(b.text).toBe("hello \nnext");
    b.killToLineEnd();
    expect(b.text).toBe("hello next");
    b.yank();
    expect(b.text).toBe("hello \nnext");
    const u = at("abc def", 4);
    u.killToLineStart();
    expect(u.text).toBe("def");
  });

  it("lays out word-wrapped rows with the cursor position", () => {
    const b = at("the quick brown fox", 19);
    const l = b.layout(11);
    expect(l.rows).toEqual(["the quick ", "brown fox"]);
    expect(l.cursorRow).toBe(1);
    expect(l.cursorCol).toBe(9);
    expect(wrapSegments("", 5)).toEqual([[0, 0]]);
    expect(new TextBuffer("日本語", 3).layout(80).cursorCol).toBe(6);
  });

  it("Up/Down move between visual rows and report the edges", () => {
    const b = at("first line\nsecond", 17);
    expect(b.up(80)).toBe(true);
    expect(b.cursor).toBe(6);
    expect(b.up(80)).toBe(false);
    expect(b.down(80)).toBe(true);
    expect(b.cursor).toBe(17);
    expect(b.down(80)).toBe(false);
  });
});
