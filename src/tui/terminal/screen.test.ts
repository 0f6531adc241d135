import { describe, expect, it } from "vitest";
import xterm from "@xterm/headless";
import { Screen } from "./screen.js";

function setup(cols = 40, rows = 10) {
  const term = new xterm.Terminal({ cols, rows, scrollback: 1000, allowProposedApi: true });
  let pending = Promise.resolve();
  const out = {
    columns: cols,
    rows,
    written: "",
    write(s: string) {
      out.written += s;
      pending = new Promise((r) => term.write(s, () => r()));
    },
  };
  const screen = new Screen(out);
  const text = async () => {
    await pending;
    const buf = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buf.length; i++) lines.push(buf.getLine(i)!.translateToString(true));
    while (lines.length && lines[lines.length - 1] === "") lines.pop();
    return lines;
  };
  return { term, out, screen, text };
}

describe("Screen", () => {
  it("writes committed lines once and repaints only the live region", async () => {
    const { screen, text, out } = setup();
    screen.render({ lines: ["live 1", "live 2"] });
    screen.commit(["history a", "history b"]);
    screen.render({ lines: ["live 1", "live 2 changed"] });
    expect(await text()).toEqual(["history a", "history b", "live 1", "live 2 changed"]);
    out.written = "";
    screen.render({ lines: ["live 1", "live 2 changed again"] });
    // Unchanged rows are skipped; nothing is cleared wholesale.
    expect(out.written).not.toContain("live 1");
    expect(out.written).not.toContain("\x1b[2J");
    expect(await text()).toEqual(["history a", "history b", "live 1", "live 2 changed again"]);
  });

  it("shrinks and grows the live region without leftovers", async () => {
    const { screen, text } = setup();
    screen.render({ lines: ["a", "b", "c", "d"] });
    screen.render({ lines: ["a"] });
    expect(await text()).toEqual(["a"]);
    screen.render({ lines: ["a", "b2", "c2"] });
    expect(await text()).toEqual(["a", "b2", "c2"]);
  });

  it("keeps committed history in scrollback when it overflows the screen", async () => {
    const { screen, text } = setup(40, 5);
    for (let i = 0; i < 12; i++) {
      screen.commit([`line ${i}`]);
      screen.render({ lines: ["composer"] });
    }
    const all = await text();
    expect(all.slice(0, 12)).toEqual(Array.from({ length: 12 }, (_, i) => `line ${i}`));
    expect(all[12]).toBe("composer");
  });

  it("clips a live region taller than the screen to its bottom rows", async () => {
    const { screen, text, term } = setup(40, 5);
    screen.render({
      lines: Array.from({ length: 9 }, (_, i) => `row ${i}`),
      cursor: { row: 8, col: 2 },
    });
    screen.render({
      lines: Array.from({ length: 9 }, (_, i) => `row ${i}!`),
      cursor: { row: 8, col: 2 },
    });
    const all = await text();
    expect(all.slice(-4)).toEqual(["row 5!", "row 6!", "row 7!", "row 8!"]);
    expect(term.buffer.active.cursorX).toBe(2);
  });

  it("places the cursor and handles full-width lines", async () => {
    const { screen, text, term } = setup(10, 6);
    screen.render({ lines: ["x".repeat(10), "> ab"], cursor: { row: 1, col: 4 } });
    screen.render({ lines: ["y".repeat(10), "> abc"], cursor: { row: 1, col: 5 } });
    expect(await text()).toEqual(["y".repeat(10), "> abc"]);
    expect(term.buffer.active.cursorX).toBe(5);
  });
  it("once the screen is full, a region that grows and shrinks stays at the bottom", async () => {
    const { screen, text, term } = setup(40, 8);
    for (let i = 0; i < 12; i++) screen.commit([`line ${i}`]);
    screen.render({ lines: ["composer", "footer"] });
    const visible = () => {
      const buf = term.buffer.active;
      return Array.from(
        { length: 8 },
        (_, i) => buf.getLine(buf.viewportY + i)?.translateToString(true) ?? "",
      );
    };
    await text();
    expect(visible().slice(-2)).toEqual(["composer", "footer"]);
    // A popup: drawn over the last history rows, nothing scrolls away.
    screen.render({ lines: ["pop 1", "pop 2", "pop 3", "composer", "footer"] });
    await text();
    expect(visible()).toEqual([
      "line 6",
      "line 7",
      "line 8",
      "pop 1",
      "pop 2",
      "pop 3",
      "composer",
      "footer",
    ]);
    // Closed again: the history comes back and the composer stays on the bottom rows.
    screen.render({ lines: ["composer", "footer"] });
    await text();
    expect(visible()).toEqual([
      "line 6",
      "line 7",
      "line 8",
      "line 9",
      "line 10",
      "line 11",
      "composer",
      "footer",
    ]);
    // More history: every line once in the scrollback, in order, the region still at the bottom.
    screen.render({ lines: ["status", "pop", "composer", "footer"] });
    screen.commit(["line 12"]);
    screen.render({ lines: ["composer", "footer"] });
    const all = (await text()).filter((l) => l.startsWith("line"));
    expect(all).toEqual(Array.from({ length: 13 }, (_, i) => `line ${i}`));
    expect(visible().slice(-2)).toEqual(["composer", "footer"]);
  });
});
