// Emoji grapheme clusters in a pseudo-terminal: a ZWJ family, a skin-toned thumb and a VS16 heart
// are 2 columns each, so the composer's cursor lands right after them and agent text wraps where
// the terminal would. (The cursor column is the TUI's own: it moves there with \r and CUF.)
import { describe, expect, it } from "vitest";
import { plainAnswer } from "../mock-server/index.js";
import { startCase } from "./tui-helpers.js";

const FAMILY = "👨‍👩‍👧";
const THUMB = "👍🏽";
const HEART = "❤️";

describe("tui grapheme widths", () => {
  it("places the composer cursor after ZWJ, skin-tone and VS16 emoji at 2 columns each", async () => {
    const c = await startCase([], { cols: 60, rows: 20 });
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      c.tui.write(`${FAMILY}${THUMB}${HEART}x`);
      await c.tui.waitForText("x");
      await c.tui.waitFor(
        () => c.tui.screen().includes(`› ${FAMILY}`),
        "the emoji in the composer",
      );
      const buf = c.tui.term.buffer.active;
      const row = c.tui.screenLines().findIndex((l) => l.startsWith(`› ${FAMILY}`));
      // "› " then 2 + 2 + 2 + 1 columns.
      await c.tui.waitFor(() => buf.cursorX === 2 + 7, `cursor at column 9 (is ${buf.cursorX})`);
      expect(buf.cursorY).toBe(row);
      // Backspace removes whole clusters.
      c.tui.write("\x7f\x7f");
      await c.tui.waitFor(() => buf.cursorX === 2 + 4, `cursor at column 6 (is ${buf.cursorX})`);
      expect(c.tui.screenLines()[row]).toBe(`› ${FAMILY}${THUMB}`);
    } finally {
      await c.close();
    }
  });

  it("wraps agent text by cluster width", async () => {
    const thumbs = Array(30).fill(THUMB).join(" ");
    const c = await startCase([plainAnswer(thumbs)], { cols: 40, rows: 20, args: ["thumbs"] });
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.waitForText(THUMB);
      const rows = c.tui.screenLines().filter((l) => l.includes(THUMB));
      // 38 columns after the bullet: 13 thumbs and 12 spaces fit (3 × 13 − 1 = 38).
      expect(rows.map((r) => r.split(THUMB).length - 1)).toEqual([13, 13, 4]);
      expect(rows.join(" ").split(THUMB).length - 1).toBe(30);
    } finally {
      await c.close();
    }
  });
});
