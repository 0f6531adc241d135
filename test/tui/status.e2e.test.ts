// `/status` in a pseudo-terminal, worded as Codex's: token usage without cached input, the context
// window, and a long rollout path wrapped under its value column.
import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { plainAnswer } from "../mock-server/index.js";
import { startCase } from "./tui-helpers.js";

describe("tui /status", () => {
  it("counts non-cached input plus output, shows the context window and indents the rollout path", async () => {
    const c = await startCase(
      [plainAnswer("counted", { input_tokens: 5000, cached_tokens: 3000, output_tokens: 200 })],
      { cols: 80, rows: 40 },
    );
    try {
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("count me");
      await c.tui.waitForText("counted");
      await c.tui.waitForText("Ask Codex to do anything");
      await c.tui.submit("/status");
      await c.tui.waitForText("Context window:");
      const text = c.tui.allText();
      // 5000 input of which 3000 cached: 2000 + 200 output.
      expect(text).toContain("Token usage:      2.2K total  (2K input + 200 output)");
      expect(text).toMatch(/Context window: {3}\d+% left \(5\.2K used \/ \d+(\.\d+)?K\)/);
      expect(text).toMatch(/Model: {12}gpt-5\.5 \(reasoning medium\)/);
      expect(text).toMatch(/Model provider: {3}mock/);

      // The rollout path is longer than the line: continuation rows start at the value column.
      const dir = path.join(c.ws.home, "sessions");
      const file = readdirSync(dir, { recursive: true })
        .map(String)
        .find((f) => f.endsWith(".jsonl"))!;
      const full = path.join(dir, file);
      const lines = text.split("\n");
      const at = lines.findIndex((l) => l.startsWith("  Rollout:"));
      expect(at).toBeGreaterThan(0);
      const rows = [lines[at]!];
      for (let i = at + 1; lines[i]?.startsWith(" ".repeat(20)) && lines[i]!.trim(); i++) {
        rows.push(lines[i]!);
      }
      expect(rows.length).toBeGreaterThan(1);
      for (const r of rows.slice(1)) expect(r).toMatch(/^ {20}\S/);
      expect(rows.map((r) => r.slice(20)).join("")).toBe(full);
    } finally {
      await c.close();
    }
  });
});
