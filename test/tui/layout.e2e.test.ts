// The live region's layout in a pseudo-terminal: approval options wrap at 50 columns, a resize
// during an approval leaves no stale modal line behind, and the composer returns to the bottom
// of a full screen after a popup closes.
import { describe, expect, it } from "vitest";
import { plainAnswer, sse } from "../mock-server/index.js";
import { KEYS, type PtySession } from "./pty-harness.js";
import { startCase } from "./tui-helpers.js";

const approvalTurn = (cmd: string) => ({
  sse: [
    sse.created("r1"),
    ...sse.functionCall("c1", "exec_command", JSON.stringify({ cmd })),
    sse.completed("r1"),
  ],
});

const patchTurn = () => {
  const lines = Array.from({ length: 40 }, (_, i) => `+added line ${i + 1}`).join("\n");
  const patch = `*** Begin Patch\n*** Add File: big.txt\n${lines}\n*** End Patch\n`;
  return {
    sse: [
      sse.created("r1"),
      ...sse.customToolCall("p1", "apply_patch", patch),
      sse.completed("r1"),
    ],
  };
};

/** Row index of the first screen row containing `text` (-1 when absent). */
function rowOf(tui: PtySession, text: string): number {
  return tui.screenLines().findIndex((l) => l.includes(text));
}

describe("tui layout", () => {
  it("wraps approval options at 50 columns so every shortcut key is visible", async () => {
    const c = await startCase([approvalTurn("touch a.txt"), plainAnswer("done")], {
      cols: 50,
      rows: 30,
      args: ["-a", "untrusted", "-s", "danger-full-access", "make a file"],
    });
    try {
      await c.tui.waitForText("Allow this command to run?");
      await c.tui.waitForText("(esc)");
      const screen = c.tui.screen();
      for (const key of ["(y)", "(a)", "(n)", "(esc)"]) expect(screen).toContain(key);
      const flat = c.tui
        .screenLines()
        .map((l) => l.trim())
        .join(" ");
      expect(flat).toContain("Yes, and don't ask again for this command this session (a)");
      expect(flat).toContain("No, and tell Codex what to do differently (n)");
      expect(screen).not.toContain("…");
      c.tui.write("y");
      await c.tui.waitForText("done");
    } finally {
      await c.close();
    }
  });

  for (const kind of ["command", "patch"] as const) {
    it(`a resize during a ${kind} approval leaves no stale modal line in the scrollback`, async () => {
      const c = await startCase(
        [
          kind === "command" ? approvalTurn("touch resized.txt") : patchTurn(),
          plainAnswer("after resize"),
        ],
        {
          cols: 100,
          rows: 30,
          args:
            kind === "command"
              ? ["-a", "untrusted", "-s", "danger-full-access", "run it"]
              : ["-a", "on-request", "-s", "read-only", "add it"],
        },
      );
      const title = kind === "command" ? "Allow this command to run?" : "Apply these changes?";
      try {
        await c.tui.waitForText(title);
        for (const [cols, rows] of [
          [60, 30],
          [100, 14],
          [70, 20],
          [90, 26],
        ] as const) {
          await c.tui.resizeAndRedraw(cols, rows);
          await c.tui.waitFor(
            () =>
              c.tui.screenLines().some((l) => l.includes("(esc)")) &&
              c.tui.screenLines().every((l) => l.length <= cols),
            `the modal at ${cols}x${rows}`,
          );
        }
        await c.tui.waitForText(title);
        c.tui.write("y");
        await c.tui.waitForText("after resize");
        await c.tui.waitForText("Ask Codex to do anything");
        const text = c.tui.allText();
        expect(text).not.toContain(title);
        expect(text).not.toContain("(esc)");
        expect(text).not.toContain("y/a/n/esc to answer");
        expect(text).toContain("✔ You approved");
        // Nothing of the history was overwritten or written twice.
        const prompt = kind === "command" ? "› run it" : "› add it";
        expect(text.split("\n").filter((l) => l.includes(prompt))).toHaveLength(1);
      } finally {
        await c.close();
      }
    });
  }

  it("a resize while an answer streams onto a full screen keeps every line exactly once", async () => {
    const parts = Array.from({ length: 60 }, (_, i) => `streamed ${i + 1}\n\n`);
    const c = await startCase(
      [{ sse: [sse.created("r1"), ...sse.textDeltas(parts), sse.completed("r1")], delayMs: 15 }],
      { cols: 80, rows: 20, args: ["stream"] },
    );
    try {
      await c.tui.waitForText("streamed 30");
      await c.tui.resizeAndRedraw(60, 18);
      await c.tui.waitForText("streamed 60");
      await c.tui.waitForText("Ask Codex to do anything");
      const seen = c.tui
        .allText()
        .split("\n")
        .map((l) => l.replace(/^• /, "").trim())
        .filter((l) => /^streamed \d+$/.test(l));
      expect(seen).toEqual(Array.from({ length: 60 }, (_, i) => `streamed ${i + 1}`));
      expect(c.tui.allText().split("› stream").length - 1).toBe(1);
    } finally {
      await c.close();
    }
  });

  it("the composer returns to the bottom of a full screen after a popup closes", async () => {
    const long = Array.from({ length: 40 }, (_, i) => `row ${i + 1}`).join("\n\n");
    const c = await startCase([plainAnswer(long)], { cols: 80, rows: 24, args: ["fill"] });
    try {
      await c.tui.waitForText("row 40");
      await c.tui.waitForText("Ask Codex to do anything");
      const before = rowOf(c.tui, "Ask Codex to do anything");
      expect(before).toBeGreaterThan(15);
      c.tui.write("/");
      await c.tui.waitForText("/status");
      c.tui.write(KEYS.backspace);
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.waitForNoText("/status");
      expect(rowOf(c.tui, "Ask Codex to do anything")).toBe(before);
      // The answer's last rows are visible again right above the composer, nothing below it.
      const last = rowOf(c.tui, "row 40");
      expect(last).toBeGreaterThanOrEqual(before - 5);
      expect(
        c.tui
          .screenLines()
          .slice(last + 1, before)
          .join("")
          .trim(),
      ).toBe("");
      expect(
        c.tui
          .screenLines()
          .slice(before + 2)
          .join("")
          .trim(),
      ).toBe("");
      // And every row of the answer is in the terminal exactly once.
      const rows = c.tui
        .allText()
        .split("\n")
        .map((l) => l.replace(/^• /, "").trim())
        .filter((l) => /^row \d+$/.test(l));
      expect(rows).toEqual(Array.from({ length: 40 }, (_, i) => `row ${i + 1}`));
    } finally {
      await c.close();
    }
  });
});
