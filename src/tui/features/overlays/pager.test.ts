import { describe, expect, it } from "vitest";
import { key } from "../../terminal/keys.js";
import { createTheme } from "../../terminal/theme.js";
import { stripAnsi } from "../../terminal/width.js";
import { Pager } from "./pager.js";

const theme = createTheme({ color: true, background: "dark" });
const lines = Array.from({ length: 100 }, (_, i) => `line ${i}${i % 25 === 7 ? " needle" : ""}`);

function pager(): Pager {
  const p = new Pager(lines);
  p.height = 10;
  return p;
}

function press(p: Pager, ...names: (string | ReturnType<typeof key>)[]) {
  return names.map((n) =>
    p.handleKey(typeof n === "string" ? key(n, { text: n.length === 1 ? n : undefined }) : n),
  );
}

describe("Pager paging", () => {
  it("scrolls by line, page and to either end, never past them", () => {
    const p = pager();
    press(p, "j", "down");
    expect(p.top).toBe(2);
    press(p, "k");
    expect(p.top).toBe(1);
    press(p, "pagedown");
    expect(p.top).toBe(10);
    press(p, "pageup", "pageup");
    expect(p.top).toBe(0);
    press(p, "end");
    expect(p.top).toBe(90);
    press(p, "j");
    expect(p.top).toBe(90);
    press(p, "home");
    expect(p.top).toBe(0);
    press(p, "k");
    expect(p.top).toBe(0);
    p.handleKey(key("d", { ctrl: true }));
    expect(p.top).toBe(5);
  });

  it("shows exactly `height` lines from the top", () => {
    const p = pager();
    press(p, "pagedown");
    const body = p.renderBody(40, theme).map(stripAnsi);
    expect(body).toHaveLength(10);
    expect(body[0]).toBe("line 9");
    expect(p.percent()).toBe(19);
  });

  it("pads a short document and reports 100%", () => {
    const p = new Pager(["only"]);
    p.height = 3;
    expect(p.renderBody(10, theme)).toEqual(["only", "", ""]);
    expect(p.percent()).toBe(100);
  });

  it("q and Esc close", () => {
    expect(press(pager(), "q")).toEqual(["close"]);
    expect(press(pager(), "escape")).toEqual(["close"]);
  });
});

describe("Pager search", () => {
  it("/ opens a prompt; Enter finds the first match below the view and reveals it", () => {
    const p = pager();
    press(p, "/", "n", "e", "e", "d", "l", "e");
    expect(p.searchInput).toBe("needle");
    expect(p.top).toBe(0);
    press(p, "enter");
    expect(p.searchInput).toBeNull();
    expect(p.search?.matches).toEqual([7, 32, 57, 82]);
    expect(p.search?.current).toBe(0);
    expect(p.top).toBe(0);
  });

  it("n and N move between matches, wrapping, and keep the current one in view", () => {
    const p = pager();
    p.runSearch("NEEDLE");
    press(p, "n");
    expect(p.search?.current).toBe(1);
    expect(p.top).toBeLessThanOrEqual(32);
    expect(p.top + p.height).toBeGreaterThan(32);
    press(p, "N", "N");
    expect(p.search?.current).toBe(3);
    expect(p.top + p.height).toBeGreaterThan(82);
  });

  it("highlights matches in the visible lines", () => {
    const p = pager();
    p.runSearch("needle");
    const row = p.renderBody(40, theme)[7]!;
    expect(stripAnsi(row)).toBe("line 7 needle");
    expect(row).toContain("\x1b[7m");
  });

  it("Esc leaves the prompt without searching; backspace edits it", () => {
    const p = pager();
    press(p, "/", "x", "backspace", "y");
    expect(p.searchInput).toBe("y");
    expect(press(p, "escape")).toEqual(["handled"]);
    expect(p.searchInput).toBeNull();
    expect(p.search).toBeNull();
  });

  it("reports no match", () => {
    const p = pager();
    p.runSearch("absent");
    expect(p.search).toEqual({ query: "absent", matches: [], current: -1 });
    press(p, "n");
    expect(p.top).toBe(0);
  });
});
