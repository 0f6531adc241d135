import { describe, expect, it } from "vitest";
import { padEnd, stringWidth, stripAnsi, truncate, wrapLine } from "./width.js";

describe("width", () => {
  it("measures ANSI, wide and combining characters", () => {
    expect(stringWidth("\x1b[1mabc\x1b[22m")).toBe(3);
    expect(stringWidth("日本")).toBe(4);
    expect(stringWidth("e\u0301")).toBe(1);
    expect(stringWidth("😀")).toBe(2);
  });

  it("truncates with an ellipsis and closes open styles", () => {
    expect(truncate("hello world", 8)).toBe("hello w…");
    const t = truncate("\x1b[31mred text here\x1b[39m", 6);
    expect(stripAnsi(t)).toBe("red t…");
    expect(t).toContain("\x1b[0m");
    expect(padEnd("ab", 4)).toBe("ab  ");
  });

  it("wraps at spaces, breaks long words and carries styles over", () => {
    expect(wrapLine("the quick brown fox", 10)).toEqual(["the quick", "brown fox"]);
    expect(wrapLine("abcdefghij", 4)).toEqual(["abcd", "efgh", "ij"]);
    const styled = wrapLine("\x1b[1mbold words wrap\x1b[22m", 10);
    expect(styled.map(stripAnsi)).toEqual(["bold words", "wrap"]);
    expect(styled[1]!.startsWith("\x1b[1m")).toBe(true);
    expect(wrapLine("a b c d", 3, "  ").map(stripAnsi)).toEqual(["a b", "  c", "  d"]);
  });
});
