import { describe, expect, it } from "vitest";
import { key } from "../terminal/keys.js";
import { createTheme } from "../terminal/theme.js";
import { stripAnsi } from "../terminal/width.js";
import { Composer } from "./composer.js";
import { PromptHistory } from "./prompt-history.js";

const theme = createTheme({ color: false, background: "dark" });
const typeInto = (c: Composer, s: string) => {
  for (const ch of s) c.handleKey(key(ch, { text: ch }), 80);
};

describe("Composer", () => {
  it("Enter submits, Shift-Enter and Ctrl-J insert newlines", () => {
    const c = new Composer(new PromptHistory(null, 0));
    typeInto(c, "a");
    c.handleKey(key("enter", { shift: true }), 80);
    typeInto(c, "b");
    c.handleKey(key("j", { ctrl: true }), 80);
    typeInto(c, "c");
    expect(c.handleKey(key("enter"), 80)).toEqual({ type: "submit", text: "a\nb\nc" });
    expect(c.text).toBe("");
    expect(c.handleKey(key("enter"), 80)).toEqual({ type: "handled" });
  });

  it("collapses a large paste into a placeholder and expands it on submit", () => {
    const c = new Composer(new PromptHistory(null, 0));
    const big = Array.from({ length: 20 }, (_, i) => `l${i}`).join("\n");
    typeInto(c, "see ");
    c.paste(big);
    expect(c.text).toBe("see [Pasted 20 lines]");
    expect(stripAnsi(c.render(80, theme, "").lines[0]!)).toBe("› see [Pasted 20 lines]");
    const r = c.handleKey(key("enter"), 80);
    expect(r).toEqual({ type: "submit", text: `see ${big}` });
  });

  it("Backspace removes a paste placeholder as a whole; small pastes go in as text", () => {
    const c = new Composer(new PromptHistory(null, 0));
    c.paste("x".repeat(2000));
    expect(c.text).toBe("[Pasted 2000 chars]");
    c.handleKey(key("backspace"), 80);
    expect(c.text).toBe("");
    c.paste("two\nlines");
    expect(c.text).toBe("two\nlines");
  });

  it("recalls history with Up/Down: this session first, then the file (async)", async () => {
    const file = ["oldest", "older"];
    const h = new PromptHistory(async (offset) => file[offset] ?? null, file.length);
    const c = new Composer(h);
    typeInto(c, "mine");
    c.handleKey(key("enter"), 80);
    c.handleKey(key("up"), 80);
    expect(c.text).toBe("mine");
    c.handleKey(key("up"), 80);
    await new Promise((r) => setImmediate(r));
    expect(c.text).toBe("older");
    c.handleKey(key("up"), 80);
    await new Promise((r) => setImmediate(r));
    expect(c.text).toBe("oldest");
    c.handleKey(key("down"), 80);
    expect(c.text).toBe("older");
    c.handleKey(key("down"), 80);
    expect(c.text).toBe("mine");
    c.handleKey(key("down"), 80);
    expect(c.text).toBe("");
  });

  it("does not replace a draft with history; Up moves within it", () => {
    const h = new PromptHistory(null, 0);
    h.record("previous");
    const c = new Composer(h);
    typeInto(c, "draft");
    c.handleKey(key("up"), 80);
    expect(c.text).toBe("draft");
  });

  it("shows the placeholder when empty and the cursor after the prompt", () => {
    const c = new Composer(new PromptHistory(null, 0));
    const v = c.render(80, theme, "Ask something");
    expect(v.lines.map(stripAnsi)).toEqual(["› Ask something"]);
    expect(v.cursorCol).toBe(2);
  });
});
