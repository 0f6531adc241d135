// What finished output looks like on screen: wide Markdown tables wrap their cells (inline and in
// the transcript overlay) and a command without output says so instead of the model-facing text.
import { describe, expect, it } from "vitest";
import { plainAnswer, sse } from "../mock-server/index.js";
import { mockConfig } from "../harness.js";
import { KEYS, type PtySession } from "./pty-harness.js";
import { startCase } from "./tui-helpers.js";

const TABLE =
  "Comparison:\n\n| Option | Description | Trade-offs |\n| --- | --- | --- |\n" +
  "| inline renderer | writes finished cells once into the terminal scrollback and repaints only the live region | cheap redraws, but resize cannot reflow old output |\n" +
  "| alternate screen | owns the whole screen and redraws everything each frame | full control; loses native scrollback and search |\n\nEND-OF-TABLE";

/** Every word of the table's cells, in order. */
const CELL_WORDS = TABLE.split("\n")
  .filter((l) => l.startsWith("|") && !l.startsWith("| ---"))
  .flatMap((l) => l.split(/[|\s]+/).filter(Boolean));

/** The words between two markers of the terminal text, table rules and separators removed. */
function wordsBetween(text: string, from: string, to: string): string[] {
  const start = text.indexOf(from);
  const end = text.indexOf(to, start);
  return text
    .slice(start + from.length, end)
    .split(/[\s│─┼]+/)
    .filter(Boolean);
}

/** Cell words must all be there, in reading order per column (rows of wrapped cells interleave). */
function expectAllWords(tui: PtySession, text: string, cols: number): void {
  const words = wordsBetween(text, "Comparison:", "END-OF-TABLE");
  expect(words.join(" ")).not.toContain("…");
  for (const w of CELL_WORDS) expect(words).toContain(w);
  for (const line of text.split("\n")) expect(line.length).toBeLessThanOrEqual(cols);
  expect(tui.term.cols).toBe(cols);
}

describe("tui output", () => {
  for (const cols of [80, 50]) {
    it(`wraps a wide Markdown table at ${cols} columns, inline and in the transcript overlay`, async () => {
      const c = await startCase([plainAnswer(TABLE)], { cols, rows: 40, args: ["compare"] });
      try {
        await c.tui.waitForText("END-OF-TABLE");
        await c.tui.waitForText("Ask Codex to do anything");
        expectAllWords(c.tui, c.tui.allText(), cols);
        // The header row keeps its columns; wrapped rows are split by a rule.
        if (cols === 80) {
          expect(c.tui.allText()).toMatch(/Option\s+│ Description\s+│ Trade-offs/);
          expect(c.tui.allText()).toMatch(/─┼─/);
        }
        c.tui.write(KEYS.ctrlT);
        await c.tui.waitForText("Transcript");
        await c.tui.waitForText("END-OF-TABLE");
        expectAllWords(c.tui, c.tui.screen(), cols);
      } finally {
        await c.close();
      }
    });
  }

  it("shows (no output) for a command that printed nothing, never the model-facing text", async () => {
    const c = await startCase(
      [
        {
          sse: [
            sse.created("r1"),
            ...sse.functionCall("c1", "exec_command", JSON.stringify({ cmd: "true" })),
            sse.completed("r1"),
          ],
        },
        plainAnswer("ran it"),
      ],
      {
        config: (url, ws) =>
          `${mockConfig(url, 'sandbox_mode = "danger-full-access"\napproval_policy = "never"')}\n[projects."${ws.work}"]\ntrust_level = "trusted"\n`,
        args: ["run true"],
      },
    );
    try {
      await c.tui.waitForText("ran it");
      const text = c.tui.allText();
      expect(text).toMatch(/• Ran true · \S+\n\s+└ \(no output\)/);
      expect(text).not.toContain("Chunk ID");
      expect(text).not.toContain("Wall time");
      expect(text).not.toContain("Original token count");
      // The model still got its formatted output.
      const input = c.mock.requests[1]!.body!.input as Array<{ type: string; output?: string }>;
      expect(input.find((i) => i.type === "function_call_output")?.output).toContain("Wall time");
    } finally {
      await c.close();
    }
  });
});
