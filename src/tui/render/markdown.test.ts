import { beforeAll, describe, expect, it } from "vitest";
import { preloadHighlighter } from "./highlight-loader.js";
import { createTheme } from "../terminal/theme.js";
import { stripAnsi } from "../terminal/width.js";
import { renderMarkdown } from "./markdown.js";
import { MarkdownStream } from "./markdown-stream.js";

const plain = createTheme({ color: false, background: "dark" });
const color = createTheme({ color: true, background: "dark" });
const md = (s: string, w = 60) => renderMarkdown(s, w, plain).map(stripAnsi);

beforeAll(() => preloadHighlighter());

describe("renderMarkdown", () => {
  it("renders headings, emphasis, inline code and links", () => {
    expect(md("# Title\n\nSome **bold** and `code` and [docs](https://d.example).")).toEqual([
      "Title",
      "",
      "Some bold and code and docs (https://d.example).",
    ]);
    const styled = renderMarkdown("**b** *i*", 40, plain)[0]!;
    expect(styled).toContain("\x1b[1mb\x1b[22m");
    expect(styled).toContain("\x1b[3mi\x1b[23m");
  });

  it("renders nested, ordered and task lists with hanging indents", () => {
    expect(md("- one\n  - nested\n- two")).toEqual(["• one", "  ◦ nested", "• two"]);
    expect(md("3. c\n4. d")).toEqual(["3. c", "4. d"]);
    expect(md("- [x] done\n- [ ] todo")).toEqual(["• ✔ done", "• ☐ todo"]);
    expect(md("- a long item that wraps around", 16)).toEqual([
      "• a long item",
      "  that wraps",
      "  around",
    ]);
  });

  it("highlights code blocks by language and keeps them unwrapped otherwise", () => {
    const lines = renderMarkdown("```ts\nconst x: number = 1; // note\n```", 60, color);
    expect(stripAnsi(lines[0]!)).toBe("  const x: number = 1; // note");
    expect(lines[0]).toMatch(/\x1b\[95mconst/);
    expect(md("```\nplain code\n```")).toEqual(["  plain code"]);
  });

  it("keeps soft line breaks, quotes and tables", () => {
    expect(md("line one\nline two")).toEqual(["line one", "line two"]);
    expect(md("> quoted")).toEqual(["▎ quoted"]);
    expect(md("| a | bb |\n|---|---|\n| 1 | 2 |")).toEqual(["a │ bb", "──┼───", "1 │ 2"]);
  });

  it("wraps the cells of a table wider than the screen and drops no word", () => {
    const src =
      "| Name | Notes |\n|---|---|\n| alpha | the first entry of a fairly long list of notes that must wrap |\n| beta | short |";
    const out = md(src, 40);
    expect(out.every((l) => l.length <= 40)).toBe(true);
    expect(out.join(" ")).not.toContain("…");
    const words = out
      .join(" ")
      .split(/[\s│─┼]+/)
      .filter(Boolean);
    for (const w of "the first entry of a fairly long list of notes that must wrap".split(" ")) {
      expect(words).toContain(w);
    }
    expect(out[0]).toBe("Name  │ Notes");
    expect(out[2]).toMatch(/^alpha │ the first entry/);
    expect(out[3]).toMatch(/^ {6}│ \S/);
  });

  it("falls back to one block per row when even whole words do not fit", () => {
    const src =
      "| Key | Value |\n|---|---|\n| configuration | a considerably verbose explanation |";
    expect(md(src, 20)).toEqual([
      "Key: configuration",
      "Value: a",
      "  considerably",
      "  verbose",
      "  explanation",
    ]);
  });
});

describe("MarkdownStream", () => {
  const stream = () => new MarkdownStream(plain, () => 40);

  it("hands out finished lines once and keeps the partial tail live", () => {
    const s = stream();
    s.push("Hello wor");
    expect(s.takeFinished()).toEqual([]);
    expect(s.liveLines().map(stripAnsi)).toEqual(["Hello wor"]);
    s.push("ld\nsecond line\nthi");
    expect(s.takeFinished().map(stripAnsi)).toEqual(["Hello world"]);
    expect(s.liveLines().map(stripAnsi)).toEqual(["second line", "thi"]);
    s.push("rd\n\nNew paragraph\n");
    expect(s.takeFinished().map(stripAnsi)).toEqual(["second line", "third"]);
    expect(s.finish().map(stripAnsi)).toEqual(["", "New paragraph"]);
  });

  it("rewind hands out the finished lines again, the same way", () => {
    const s = stream();
    s.push("First paragraph.\n\nSecond one\nstill going\nand");
    const first = s.takeFinished().map(stripAnsi);
    expect(first.length).toBeGreaterThan(0);
    s.rewind();
    expect(s.takeFinished().map(stripAnsi)).toEqual(first);
    expect(s.takeFinished()).toEqual([]);
  });

  it("produces the same lines as a one-shot render", () => {
    const text =
      "# Plan\n\nSome intro text here.\nA second line of it.\nAnd a third.\n\n- item one\n- item two\n\n```js\nlet a = 1;\n\nlet b = 2;\n```\n\nDone.";
    const s = stream();
    const out: string[] = [];
    for (const ch of text) {
      s.push(ch);
      out.push(...s.takeFinished());
    }
    out.push(...s.finish());
    expect(out.map(stripAnsi)).toEqual(renderMarkdown(text, 40, plain).map(stripAnsi));
  });
});
