import { describe, expect, it } from "vitest";
import { graphemes, padEnd, stringWidth, stripAnsi, truncate, wrapLine } from "./width.js";

describe("width", () => {
  it("measures ANSI, wide and combining characters", () => {
    expect(stringWidth("\x1b[1mabc\x1b[22m")).toBe(3);
    expect(stringWidth("日本")).toBe(4);
    expect(stringWidth("e\u0301")).toBe(1);
    expect(stringWidth("😀")).toBe(2);
  });

  it("measures grapheme clusters as terminals draw them", () => {
    expect(stringWidth("👨‍👩‍👧")).toBe(2); // ZWJ sequence
    expect(stringWidth("👍🏽")).toBe(2); // skin tone modifier
    expect(stringWidth("❤️")).toBe(2); // VS16 makes it an emoji
    expect(stringWidth("🇺🇸")).toBe(2); // flag
    expect(stringWidth("\x1b[1m👨‍👩‍👧 ok\x1b[22m")).toBe(5);
    // Never cut inside a cluster.
    expect(truncate("ab👨‍👩‍👧cd", 4)).toBe("ab…");
    expect(wrapLine("👍🏽 👍🏽 👍🏽", 5)).toEqual(["👍🏽 👍🏽", "👍🏽"]);
    expect(padEnd("❤️", 4)).toBe("❤️  ");
  });

  it("splits clusters as Intl.Segmenter does, without its cost", () => {
    const seg = new Intl.Segmenter();
    const samples = [
      "👨‍👩‍👧 family, 👍🏽 thumb, ❤️ heart, 🇺🇸🇫🇷 flags, #️⃣ keycap",
      "🏴󠁧󠁢󠁳󠁣󠁴󠁿 tag flag, 🧑🏽‍💻 coder, 👩‍❤️‍👨 couple",
      "e\u0301 combining, ñ, नमस्ते devanagari, ภาษาไทย thai",
      "한국어 precomposed, \u1100\u1161\u11a8 jamo",
      "日本語 and plain ascii",
    ];
    for (const text of samples) {
      expect(graphemes(text)).toEqual(Array.from(seg.segment(text), (x) => x.segment));
    }
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
