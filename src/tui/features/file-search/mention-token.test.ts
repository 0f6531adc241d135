import { describe, expect, it } from "vitest";
import { applyMention, findMentionToken, quotePathForPrompt } from "./mention-token.js";

describe("findMentionToken", () => {
  it("finds the @word around the cursor", () => {
    expect(findMentionToken("look at @src/ma", 15)).toEqual({ start: 8, end: 15, query: "src/ma" });
    expect(findMentionToken("look at @src/ma please", 10)).toEqual({
      start: 8,
      end: 15,
      query: "src/ma",
    });
    expect(findMentionToken("@", 1)).toEqual({ start: 0, end: 1, query: "" });
  });

  it("ignores words that do not start with @ and cursors outside a word", () => {
    expect(findMentionToken("mail me@example.com", 19)).toBeNull();
    expect(findMentionToken("@foo bar", 8)).toBeNull();
    expect(findMentionToken("@foo ", 5)).toBeNull();
    expect(findMentionToken("", 0)).toBeNull();
  });

  it("works on later lines of a multi-line message", () => {
    const text = "first line\nsee @rea";
    expect(findMentionToken(text, text.length)?.query).toBe("rea");
  });
});

describe("applyMention", () => {
  it("replaces the @word with the path and a space, cursor after it", () => {
    const text = "open @ma now";
    const token = findMentionToken(text, 8)!;
    expect(applyMention(text, token, "src/main.ts")).toEqual({
      text: "open src/main.ts now",
      cursor: 17,
    });
    const end = "open @ma";
    expect(applyMention(end, findMentionToken(end, 8)!, "src/main.ts")).toEqual({
      text: "open src/main.ts ",
      cursor: 17,
    });
  });

  it("quotes paths with spaces", () => {
    expect(quotePathForPrompt("docs/my notes.md")).toBe('"docs/my notes.md"');
    expect(quotePathForPrompt('docs/say"hi".md')).toBe('docs/say"hi".md');
    expect(quotePathForPrompt('a "b" c.md')).toBe(`'a "b" c.md'`);
    const text = "@my";
    expect(applyMention(text, findMentionToken(text, 3)!, "my file.txt").text).toBe(
      '"my file.txt" ',
    );
  });
});
